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
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisShardedClusterExtension.class)
public @interface RedisShardedCluster {

    /** "Not set" for numbers: the configuration parameter, then the default applies. */
    int UNSET = -1;

    /** Configuration parameter for {@link #shards()}. */
    String SHARDS = "redis-cluster-testkit.shards";
    /** Configuration parameter for {@link #replicasPerShard()}. */
    String REPLICAS_PER_SHARD = "redis-cluster-testkit.replicas-per-shard";
    /** Configuration parameter for {@link #sentinelsPerShard()}. */
    String SENTINELS_PER_SHARD = "redis-cluster-testkit.sentinels-per-shard";
    /** Configuration parameter for {@link #quorum()}. */
    String QUORUM = "redis-cluster-testkit.quorum";
    /** Configuration parameter for {@link #masterNamePrefix()}. */
    String MASTER_NAME_PREFIX = "redis-cluster-testkit.master-name-prefix";
    /** Configuration parameter for {@link #password()}. */
    String PASSWORD = "redis-cluster-testkit.password";
    /** Configuration parameter for {@link #appendOnly()}: {@code true} or {@code false}. */
    String APPEND_ONLY = "redis-cluster-testkit.append-only";
    /** Configuration parameter for {@link #redisConf()}: directives separated by ';'. */
    String REDIS_CONF = "redis-cluster-testkit.redis-conf";
    /** Configuration parameter for {@link #sentinelConf()}: directives separated by ';'. */
    String SENTINEL_CONF = "redis-cluster-testkit.sentinel-conf";
    /** Configuration parameter for {@link #haproxyBasePort()}. */
    String HAPROXY_BASE_PORT = "redis-cluster-testkit.haproxy-base-port";
    /** Configuration parameter for {@link #bindAddress()}. */
    String BIND_ADDRESS = "redis-cluster-testkit.bind-address";
    /** Configuration parameter for {@link #downAfterMillis()}. */
    String DOWN_AFTER_MILLIS = "redis-cluster-testkit.down-after-millis";
    /** Configuration parameter for {@link #failoverTimeoutMillis()}. */
    String FAILOVER_TIMEOUT_MILLIS = "redis-cluster-testkit.failover-timeout-millis";
    /** Configuration parameter for {@link #haproxyCheckIntervalMillis()}. */
    String HAPROXY_CHECK_INTERVAL_MILLIS = "redis-cluster-testkit.haproxy-check-interval-millis";
    /** Configuration parameter for {@link #startupTimeoutMillis()}. */
    String STARTUP_TIMEOUT_MILLIS = "redis-cluster-testkit.startup-timeout-millis";
    /** Configuration parameter for {@link #routing()}. */
    String ROUTING = "redis-cluster-testkit.routing";
    /** Configuration parameter for {@link #networkMode()}. */
    String NETWORK_MODE = "redis-cluster-testkit.network-mode";
    /**
     * Configuration parameter for {@link #redisImage()}; the same name as the system property of
     * {@code Defaults.REDIS_IMAGE_PROPERTY}.
     */
    String REDIS_IMAGE = "redis-cluster-testkit.redis-image";
    /**
     * Configuration parameter for {@link #haproxyImage()}; the same name as the system property of
     * {@code Defaults.HAPROXY_IMAGE_PROPERTY}.
     */
    String HAPROXY_IMAGE = "redis-cluster-testkit.haproxy-image";
    /** Configuration parameter for {@link #users()}: entries separated by ';'. */
    String USERS = "redis-cluster-testkit.users";
    /** Configuration parameter for {@link #defaultUserDisabled()}: {@code true} or {@code false}. */
    String DEFAULT_USER_DISABLED = "redis-cluster-testkit.default-user-disabled";
    /** Configuration parameter for {@link #tls()}: {@code true} or {@code false}. */
    String TLS = "redis-cluster-testkit.tls";
    /** Configuration parameter for {@link #mutualTls()}: {@code true} or {@code false}. */
    String MUTUAL_TLS = "redis-cluster-testkit.mutual-tls";
    /** Configuration parameter for {@link #networkFaults()}: {@code true} or {@code false}. */
    String NETWORK_FAULTS = "redis-cluster-testkit.network-faults";
    /** Configuration parameter for {@link #reuse()}: {@code true} or {@code false}. */
    String REUSE = "redis-cluster-testkit.reuse";
    /** Configuration parameter for {@link #lifecycle()}: {@code PER_CLASS} or {@code SHARED}. */
    String LIFECYCLE = "redis-cluster-testkit.lifecycle";
    /** Configuration parameter for {@link #reset()}: {@code FLUSH_AND_HEAL} or {@code NONE}. */
    String RESET = "redis-cluster-testkit.reset";
    /** Configuration parameter for {@link #disabledWithoutDocker()}: {@code true} or {@code false}. */
    String DISABLED_WITHOUT_DOCKER = "redis-cluster-testkit.disabled-without-docker";

    /** {@return the number of shards, 1 to 32; default 3} */
    int shards() default UNSET;

    /** {@return the replicas of each master, 1 to 8; default 2} */
    int replicasPerShard() default UNSET;

    /** {@return the Sentinels of each shard, 1 to 9; default 3} */
    int sentinelsPerShard() default UNSET;

    /** {@return the Sentinel quorum}; 0 (or unset) means a majority of the Sentinels. */
    int quorum() default UNSET;

    /** {@return the Sentinel master name prefix: shard i is prefix + i}; empty means unset ({@code shard-}). */
    String masterNamePrefix() default "";

    /** {@return the password of every node}; empty means unset (no password unless configured). */
    String password() default "";

    /** {@return whether every Redis node runs with {@code appendonly yes}}; unset means off. */
    Toggle appendOnly() default Toggle.UNSET;

    /** {@return raw {@code redis.conf} directives for every master and replica, one per entry, after ours} */
    String[] redisConf() default {};

    /** {@return raw {@code sentinel.conf} directives for every Sentinel, one per entry, after ours} */
    String[] sentinelConf() default {};

    /**
     * {@return the base port of the write-up's fixed HAProxy layout}: shard i at base+2i (master)
     * and base+2i+1 (replicas), then the stats page and the runtime API. Unset means ports per run.
     */
    int haproxyBasePort() default UNSET;

    /**
     * {@return the IP address every node and HAProxy port listens on}; empty means unset: 127.0.0.1
     * when Docker runs on this machine, else the Docker host's address.
     */
    String bindAddress() default "";

    /** {@return Sentinel {@code down-after-milliseconds}, in milliseconds; default 800} */
    long downAfterMillis() default UNSET;

    /** {@return Sentinel {@code failover-timeout}, in milliseconds; default 2000} */
    long failoverTimeoutMillis() default UNSET;

    /** {@return the HAProxy health check interval, in milliseconds; default 100} */
    long haproxyCheckIntervalMillis() default UNSET;

    /** {@return how long the start may take until the cluster is ready, in milliseconds; default 60000} */
    long startupTimeoutMillis() default UNSET;

    /**
     * {@return how HAProxy's master port picks the master}; unset means the configuration parameter,
     * then {@code SENTINEL_AGREED}.
     */
    Routing routing() default Routing.UNSET;

    /** {@return how the containers are networked}; unset means the configuration parameter, then {@code AUTO}. */
    NetworkMode networkMode() default NetworkMode.UNSET;

    /**
     * {@return the image of masters, replicas and Sentinels}; empty means unset: the configuration
     * parameter, then {@code RCT_REDIS_IMAGE}, then the default image. A name given here or in the
     * parameter counts as declared compatible with {@code redis}.
     */
    String redisImage() default "";

    /**
     * {@return the HAProxy image}; empty means unset: the configuration parameter, then
     * {@code RCT_HAPROXY_IMAGE}, then the default image. A name given here or in the parameter
     * counts as declared compatible with {@code haproxy}.
     */
    String haproxyImage() default "";

    /**
     * {@return whether every node gets a loopback address of its own}, so that
     * {@code cluster.network()} can partition and isolate nodes; unset means the configuration
     * parameter, then off.
     */
    Toggle networkFaults() default Toggle.UNSET;

    /**
     * {@return whether to keep the cluster running after the tests}, for the next run (or class) with
     * the same settings to take over, flushed and healed; only where Testcontainers' reuse is enabled
     * ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}).
     */
    Toggle reuse() default Toggle.UNSET;

    /**
     * {@return whether every node serves TLS only}, with a CA and certificates made for the cluster
     * at start; inject {@code TlsMaterial} for a client's trust material. Unset means the
     * configuration parameter, then off.
     */
    Toggle tls() default Toggle.UNSET;

    /**
     * {@return whether the nodes also require the client certificate (in {@code TlsMaterial})}, which
     * turns TLS on; unset means the configuration parameter, then off.
     */
    Toggle mutualTls() default Toggle.UNSET;

    /**
     * {@return ACL users of every node, each {@code "NAME PASSWORD RULE..."}} (rules as
     * {@code ACL SETUSER} takes them, such as {@code "app s3cret ~app:* +@all"}); the library,
     * replication, Sentinel and HAProxy then use users of their own.
     */
    String[] users() default {};

    /** {@return whether the default user is off on every node}, so that clients must name a user; unset means off. */
    Toggle defaultUserDisabled() default Toggle.UNSET;

    /** {@return one cluster per test class (default), or one shared by every class with equal settings} */
    Lifecycle lifecycle() default Lifecycle.UNSET;

    /** {@return what happens between test methods: FLUSHALL and heal (default), or nothing} */
    Reset reset() default Reset.UNSET;

    /** {@return whether to skip the class (with the reason) instead of failing when Docker is not available}; default off. */
    Toggle disabledWithoutDocker() default Toggle.UNSET;

    /**
     * A boolean attribute that can also be left unset.
     *
     * @since 0.1.0
     */
    enum Toggle {
        /** Not set: the configuration parameter, then the default applies. */
        UNSET,
        /** On. */
        TRUE,
        /** Off. */
        FALSE
    }

    /**
     * How long a cluster lives, and which test classes it serves.
     *
     * @since 0.1.0
     */
    enum Lifecycle {
        /** Not set: the configuration parameter, then {@link #PER_CLASS}. */
        UNSET,
        /** A cluster for the test class, removed after its last test. */
        PER_CLASS,
        /**
         * One cluster per distinct settings for the whole run (the launcher session on JUnit 5.13+,
         * which spans a Surefire fork), reused by every class that asks for them.
         */
        SHARED
    }

    /**
     * What the extension does to the cluster before each test.
     *
     * @since 0.1.0
     */
    enum Reset {
        /** Not set: the configuration parameter, then {@link #FLUSH_AND_HEAL}. */
        UNSET,
        /**
         * Before each test: FLUSHALL on every master, and if a test failed a shard over or
         * stopped, killed or paused nodes, bring them back and wait until healthy.
         */
        FLUSH_AND_HEAL,
        /** Leave the cluster as the last test left it. */
        NONE
    }

    /**
     * How HAProxy's master port picks the master, as {@code spec.Routing}, or not set.
     *
     * @since 0.1.0
     */
    enum Routing {
        /** Not set: the configuration parameter, then {@link #SENTINEL_AGREED}. */
        UNSET,
        /** As {@code Routing.SENTINEL_AGREED}: a majority of the shard's Sentinels and {@code role:master}. */
        SENTINEL_AGREED,
        /** As {@code Routing.ROLE_CHECK}: the original write-up's role check, split-write window included. */
        ROLE_CHECK
    }

    /**
     * How the containers are networked, as {@code spec.NetworkMode}, or not set.
     *
     * @since 0.1.0
     */
    enum NetworkMode {
        /** Not set: the configuration parameter, then {@link #AUTO}. */
        UNSET,
        /** As {@code NetworkMode.HOST}: Docker host networking for every container. */
        HOST,
        /**
         * As {@code NetworkMode.POD}: all containers of the cluster share one network namespace, its ports
         * published on this machine.
         */
        POD,
        /** As {@code NetworkMode.AUTO}: {@link #HOST} where host networking reaches this JVM, else {@link #POD}. */
        AUTO
    }
}
