package io.github.redisclustertestkit.internal.probe;

/**
 * The node answered, with an error reply ({@code -LOADING ...}, {@code -NOAUTH ...},
 * {@code -WRONGPASS ...}): it is reachable, and the connection is still usable. Unchecked, and
 * not an {@link java.io.IOException}, so that it is never mistaken for "unreachable".
 */
public final class RespErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reply;

    /** @param reply the error line without its leading {@code -} */
    public RespErrorException(String reply) {
        super("answered -" + reply);
        this.reply = reply;
    }

    /** The error line without its leading {@code -}, e.g. {@code LOADING Redis is loading ...}. */
    public String reply() {
        return reply;
    }

    /** The error's first word, e.g. {@code LOADING}, {@code NOAUTH}, {@code ERR}. */
    public String code() {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }
}
