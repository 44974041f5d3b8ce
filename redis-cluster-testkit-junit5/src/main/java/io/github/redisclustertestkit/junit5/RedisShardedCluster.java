package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@code RedisShardedClusterContainer} for the annotated test class and injects it (or a
 * shard, or endpoints) into fields and parameters. Usable as a meta-annotation:
 * <pre>{@code
 * @RedisShardedCluster(shards = 2, password = "secret", lifecycle = Lifecycle.SHARED)
 * @Retention(RUNTIME) @Target(TYPE)
 * public @interface OurRedis { }
 * }</pre>
 * Every attribute left unset falls back to the JUnit configuration parameter named by the
 * constant beside it ({@code junit-platform.properties}), then to the library's default. The spec
 * attributes are those of {@code ClusterSpec}, durations in milliseconds; a parity test keeps
 * them in step with the container's {@code withX} methods.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisShardedClusterExtension.class)
public @interface RedisShardedCluster {

    /** "Not set" for numbers: the configuration parameter, then the default applies. */
    int UNSET = -1;

    String SHARDS = "redis-cluster-testkit.shards";
    String REPLICAS_PER_SHARD = "redis-cluster-testkit.replicas-per-shard";
    String SENTINELS_PER_SHARD = "redis-cluster-testkit.sentinels-per-shard";
    String QUORUM = "redis-cluster-testkit.quorum";
    String MASTER_NAME_PREFIX = "redis-cluster-testkit.master-name-prefix";
    String PASSWORD = "redis-cluster-testkit.password";
    String APPEND_ONLY = "redis-cluster-testkit.append-only";
    /** Directives separated by ';'. */
    String REDIS_CONF = "redis-cluster-testkit.redis-conf";
    /** Directives separated by ';'. */
    String SENTINEL_CONF = "redis-cluster-testkit.sentinel-conf";
    String HAPROXY_BASE_PORT = "redis-cluster-testkit.haproxy-base-port";
    String BIND_ADDRESS = "redis-cluster-testkit.bind-address";
    String DOWN_AFTER_MILLIS = "redis-cluster-testkit.down-after-millis";
    String FAILOVER_TIMEOUT_MILLIS = "redis-cluster-testkit.failover-timeout-millis";
    String HAPROXY_CHECK_INTERVAL_MILLIS = "redis-cluster-testkit.haproxy-check-interval-millis";
    String STARTUP_TIMEOUT_MILLIS = "redis-cluster-testkit.startup-timeout-millis";
    String ROUTING = "redis-cluster-testkit.routing";
    String NETWORK_MODE = "redis-cluster-testkit.network-mode";
    String REDIS_IMAGE = "redis-cluster-testkit.redis-image";
    String HAPROXY_IMAGE = "redis-cluster-testkit.haproxy-image";
    String NETWORK_FAULTS = "redis-cluster-testkit.network-faults";
    String REUSE = "redis-cluster-testkit.reuse";
    String LIFECYCLE = "redis-cluster-testkit.lifecycle";
    String RESET = "redis-cluster-testkit.reset";
    String DISABLED_WITHOUT_DOCKER = "redis-cluster-testkit.disabled-without-docker";

    int shards() default UNSET;

    int replicasPerShard() default UNSET;

    int sentinelsPerShard() default UNSET;

    /** 0 (or unset) means a majority of the Sentinels. */
    int quorum() default UNSET;

    /** Empty means unset. */
    String masterNamePrefix() default "";

    /** Empty means unset (no password unless configured). */
    String password() default "";

    Toggle appendOnly() default Toggle.UNSET;

    /** Raw {@code redis.conf} directives for every master and replica, one per entry, after ours. */
    String[] redisConf() default {};

    /** Raw {@code sentinel.conf} directives for every Sentinel, one per entry, after ours. */
    String[] sentinelConf() default {};

    /** The write-up's fixed HAProxy layout from this base port; unset means ports per run. */
    int haproxyBasePort() default UNSET;

    /**
     * The IP address every node and HAProxy port listens on; empty means unset: 127.0.0.1 when
     * Docker runs on this machine, else the Docker host's address.
     */
    String bindAddress() default "";

    long downAfterMillis() default UNSET;

    long failoverTimeoutMillis() default UNSET;

    /** HAProxy health check interval. */
    long haproxyCheckIntervalMillis() default UNSET;

    long startupTimeoutMillis() default UNSET;

    /** {@code SENTINEL_AGREED} or {@code ROLE_CHECK}; empty means unset. */
    String routing() default "";

    /**
     * {@code HOST}, {@code POD} or {@code AUTO} (see {@code NetworkMode}); empty means unset: the
     * configuration parameter, then {@code AUTO}.
     */
    String networkMode() default "";

    /**
     * Empty means unset: the configuration parameter, then {@code RCT_REDIS_IMAGE}, then the default image.
     * A name given here or in the parameter counts as declared compatible with {@code redis}.
     */
    String redisImage() default "";

    String haproxyImage() default "";

    /**
     * A loopback address per node, so that {@code cluster.network()} can partition and isolate
     * nodes; unset means the configuration parameter, then off.
     */
    Toggle networkFaults() default Toggle.UNSET;

    /**
     * Keep the cluster running after the tests, for the next run (or class) with the same settings
     * to take over, flushed and healed; only where Testcontainers' reuse is enabled
     * ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}).
     */
    Toggle reuse() default Toggle.UNSET;

    /** One cluster per test class (default), or one shared by every class with equal settings. */
    Lifecycle lifecycle() default Lifecycle.UNSET;

    /** Between test methods: FLUSHALL and heal (default), or nothing. */
    Reset reset() default Reset.UNSET;

    /** Skip the class (with the reason) instead of failing when Docker is not available. */
    Toggle disabledWithoutDocker() default Toggle.UNSET;

    /** A boolean attribute that can also be left unset. */
    enum Toggle { UNSET, TRUE, FALSE }

    enum Lifecycle {
        UNSET,
        /** A cluster for the test class, removed after its last test. */
        PER_CLASS,
        /**
         * One cluster per distinct settings for the whole run (the launcher session on JUnit 5.13+,
         * which spans a Surefire fork), reused by every class that asks for them.
         */
        SHARED
    }

    enum Reset {
        UNSET,
        /**
         * Before each test: FLUSHALL on every master, and if a test failed a shard over or
         * stopped, killed or paused nodes, bring them back and wait until healthy.
         */
        FLUSH_AND_HEAL,
        /** Leave the cluster as the last test left it. */
        NONE
    }
}
