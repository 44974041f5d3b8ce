package io.github.redisclustertestkit;

/**
 * The cluster, or one node of it, did not do what was awaited: a container that failed to start,
 * a readiness fact that did not hold in time. The message names the node (shard, role, port,
 * image), what was awaited, what was last seen, and the node's last log lines. An interrupted wait
 * throws it too, with the {@link InterruptedException} as its cause and the interrupt flag set.
 *
 * @since 0.1.0
 */
public class RedisClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception without a cause.
     *
     * @param message what was awaited, what was seen, on which node
     */
    public RedisClusterException(String message) {
        super(message);
    }

    /**
     * An exception caused by another, such as an {@link InterruptedException} or a Docker failure.
     *
     * @param message what was awaited, what was seen, on which node
     * @param cause   what made it fail
     */
    public RedisClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
