package io.github.redisclustertestkit.probe;

import java.io.IOException;

/** A Redis error reply ({@code -ERR ...}, {@code -NOAUTH ...}). */
public final class RespErrorException extends IOException {

    private static final long serialVersionUID = 1L;

    public RespErrorException(String message) {
        super(message);
    }
}
