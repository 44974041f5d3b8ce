package io.github.redisclustertestkit.spec;

/**
 * How HAProxy decides which node its master port reaches.
 *
 * @since 0.1.0
 */
public enum Routing {

    /**
     * The default: a node receives master-port connections only while a majority of the shard's
     * Sentinels name it as the master AND it answers {@code role:master}. A majority, because two
     * nodes can never both hold one, so writes never split; and because it survives a minority
     * of Sentinels being down (one of three).
     */
    SENTINEL_AGREED,

    /**
     * Reproduces the original write-up's setup, including its split-write window: every node
     * that answers {@code role:master} with {@code repl_backlog_active:1} is a master. After a
     * manual failover the old master keeps passing that check for seconds, and HAProxy spreads
     * writes over two masters. Use it to reproduce that incident on purpose.
     */
    ROLE_CHECK
}
