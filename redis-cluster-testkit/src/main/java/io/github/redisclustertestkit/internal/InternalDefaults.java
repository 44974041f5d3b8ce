package io.github.redisclustertestkit.internal;

import io.github.redisclustertestkit.spec.Defaults;

import java.time.Duration;

/**
 * The defaults users do not set: timings and limits of the implementation. What users set has
 * its default in {@link Defaults}.
 */
public final class InternalDefaults {

    /**
     * Sentinel periods set at runtime with {@code SENTINEL DEBUG} (they cannot be set in the config
     * file). ping-period also limits how often a Sentinel reconnects to a node it could not reach:
     * at the default 1 s, every Sentinel that starts before a replica flags it down for a second.
     * Below 250 ms replica selection fails (a replica's info counts as stale after 5 pings).
     */
    public static final Duration SENTINEL_PING_PERIOD = Duration.ofMillis(250);
    /** INFO polling of healthy nodes (default 10 s): how soon a role change is noticed. */
    public static final Duration SENTINEL_INFO_PERIOD = Duration.ofMillis(1000);
    /**
     * Hello messages (default 2 s). A demoted master that still says role:master is converted
     * only after 4 of these periods, so this sets how long a stale master lingers.
     */
    public static final Duration SENTINEL_PUBLISH_PERIOD = Duration.ofMillis(500);

    /**
     * Sentinel's own ping and INFO periods, which a server without {@code SENTINEL DEBUG}
     * (Redis 6) keeps.
     */
    public static final Duration SENTINEL_BUILT_IN_PING_PERIOD = Duration.ofSeconds(1);
    public static final Duration SENTINEL_BUILT_IN_INFO_PERIOD = Duration.ofSeconds(10);

    /** How long {@code flushAll()} and the reset of a reused cluster wait for a shard's replicas to apply the flush. */
    public static final Duration FLUSH_REPLICATION_WAIT = Duration.ofSeconds(10);

    /**
     * Ports chosen per run come from here: below Linux's ephemeral range (32768-60999), where
     * outgoing connections' source ports would collide with them under host networking.
     */
    public static final int PORT_RANGE_START = 10000;
    public static final int PORT_RANGE_END = 32767;

    /** How often a port found taken at start is re-planned before start() gives up. */
    public static final int PORT_CONFLICT_ATTEMPTS = 3;

    private InternalDefaults() {
    }

    /**
     * The network-fault helper image: the system property, else the environment variable, else
     * {@link Defaults#NETADMIN_IMAGE}.
     */
    public static String netadminImage() {
        String value = System.getProperty(Defaults.NETADMIN_IMAGE_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(Defaults.NETADMIN_IMAGE_ENV);
        }
        return value == null || value.isBlank() ? Defaults.NETADMIN_IMAGE : value.trim();
    }
}
