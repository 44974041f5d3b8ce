package io.github.redisclustertestkit;

/**
 * The cluster, or one node of it, did not do what was awaited: a container that failed to start,
 * a readiness fact that did not hold in time. The message names the node (shard, role, port,
 * image), what was awaited, what was last seen, and the node's last log lines.
 */
public class RedisClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisClusterException(String message) {
        super(message);
    }

    public RedisClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
