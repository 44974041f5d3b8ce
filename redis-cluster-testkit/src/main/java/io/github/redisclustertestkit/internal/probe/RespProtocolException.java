package io.github.redisclustertestkit.internal.probe;

import java.io.IOException;

/** Bytes that are not a RESP reply (or not all of one); the connection is closed. */
public final class RespProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message);
    }

    public RespProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
