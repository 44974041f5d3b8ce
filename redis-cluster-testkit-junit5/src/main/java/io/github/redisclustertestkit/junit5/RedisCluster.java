package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a native Redis Cluster ({@code RedisClusterContainer}: masters sharing the 16384 hash
 * slots, no Sentinel, no HAProxy) for the annotated test class, and injects into fields and
 * parameters: the container, a {@code RedisClusterShard} ({@link OnShard} picks which, default 0),
 * and the seeds a cluster client starts from ({@link Seeds} {@code List<Endpoint>} or
 * {@code String}). For the Sentinel-sharded topology, see {@link RedisShardedCluster}: the names
 * follow the containers', {@code RedisClusterContainer} and {@code RedisShardedClusterContainer}.
 * <pre>{@code
 * @RedisCluster(masters = 3, replicasPerMaster = 1)
 * class CheckoutIT {
 *     @Test
 *     void survivesAFailover(@Seeds List<Endpoint> seeds, RedisClusterShard shard) { ... }
 * }
 * }</pre>
 * Usable as a meta-annotation. Every attribute left unset falls back to the JUnit configuration
 * parameter named by the constant beside it ({@code junit-platform.properties}), then to the
 * container's default. Options both topologies have share their parameter with
 * {@link RedisShardedCluster} ({@code redis-cluster-testkit.password}, {@code .redis-image}, ...);
 * the masters, their replicas and the node timeout have their own. A parity test keeps the
 * attributes in step with {@code RedisClusterContainer}'s {@code withX} methods.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisClusterExtension.class)
public @interface RedisCluster {

    /** "Not set" for numbers: the configuration parameter, then the default applies. */
    int UNSET = -1;

    /** Configuration parameter for {@link #masters()}. */
    String MASTERS = "redis-cluster-testkit.masters";
    /** Configuration parameter for {@link #replicasPerMaster()}. */
    String REPLICAS_PER_MASTER = "redis-cluster-testkit.replicas-per-master";
    /** Configuration parameter for {@link #clusterNodeTimeoutMillis()}. */
    String CLUSTER_NODE_TIMEOUT_MILLIS = "redis-cluster-testkit.cluster-node-timeout-millis";
    /** Configuration parameter for {@link #password()}, shared with {@link RedisShardedCluster#PASSWORD}. */
    String PASSWORD = "redis-cluster-testkit.password";
    /** Configuration parameter for {@link #appendOnly()}: {@code true} or {@code false}. */
    String APPEND_ONLY = "redis-cluster-testkit.append-only";
    /** Configuration parameter for {@link #redisConf()}: directives separated by ';'. */
    String REDIS_CONF = "redis-cluster-testkit.redis-conf";
    /** Configuration parameter for {@link #bindAddress()}. */
    String BIND_ADDRESS = "redis-cluster-testkit.bind-address";
    /** Configuration parameter for {@link #startupTimeoutMillis()}. */
    String STARTUP_TIMEOUT_MILLIS = "redis-cluster-testkit.startup-timeout-millis";
    /** Configuration parameter for {@link #networkMode()}. */
    String NETWORK_MODE = "redis-cluster-testkit.network-mode";
    /**
     * Configuration parameter for {@link #redisImage()}; the same name as the system property of
     * {@code Defaults.REDIS_IMAGE_PROPERTY}.
     */
    String REDIS_IMAGE = "redis-cluster-testkit.redis-image";
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

    /** {@return the masters sharing the slots, 1 to 32; default 3 (a killed master fails over only with 3 or more)} */
    int masters() default UNSET;

    /** {@return the replicas of each master, 0 to 8; default 1 (without replicas nothing fails over)} */
    int replicasPerMaster() default UNSET;

    /** {@return {@code cluster-node-timeout}, in milliseconds, at least 100; default 500} */
    long clusterNodeTimeoutMillis() default UNSET;

    /** {@return the password of every node}; empty means unset (no password unless configured). */
    String password() default "";

    /** {@return whether every node runs with {@code appendonly yes}}; unset means off. */
    Toggle appendOnly() default Toggle.UNSET;

    /** {@return raw {@code redis.conf} directives for every node, one per entry, after ours} */
    String[] redisConf() default {};

    /**
     * {@return the IP address every node listens on}; empty means unset: 127.0.0.1 when Docker runs
     * on this machine, else the Docker host's address.
     */
    String bindAddress() default "";

    /** {@return how long the start may take until the cluster is ready, in milliseconds; default 60000} */
    long startupTimeoutMillis() default UNSET;

    /** {@return how the containers are networked}; unset means the configuration parameter, then {@code AUTO}. */
    NetworkMode networkMode() default NetworkMode.UNSET;

    /**
     * {@return the image of every node, Redis 7.0+ or Valkey 7.2+}; empty means unset: the
     * configuration parameter, then {@code RCT_REDIS_IMAGE}, then the default image. A name given here
     * or in the parameter counts as declared compatible with {@code redis}.
     */
    String redisImage() default "";

    /**
     * {@return whether every node gets a loopback address of its own}, so that
     * {@code cluster.network()} can partition and isolate nodes (the cluster bus too); unset means the
     * configuration parameter, then off.
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
     * {@code ACL SETUSER} takes them, such as {@code "app s3cret ~app:* +@all"}); the library
     * and replication then use users of their own.
     */
    String[] users() default {};

    /** {@return whether the default user is off on every node}, so that clients must name a user; unset means off. */
    Toggle defaultUserDisabled() default Toggle.UNSET;

    /** {@return one cluster per test class (default), or one shared by every class with equal settings} */
    Lifecycle lifecycle() default Lifecycle.UNSET;

    /** {@return what happens between test methods: heal and FLUSHALL (default), or nothing} */
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
         * Before each test: if a test stopped, killed or paused nodes or cut the network, bring
         * them back and wait until the cluster is ready again; then FLUSHALL on every master.
         * A master that failed over stays a replica: the slots keep their new owner.
         */
        FLUSH_AND_HEAL,
        /** Leave the cluster as the last test left it. */
        NONE
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
         * As {@code NetworkMode.POD}: all nodes of the cluster share one network namespace, its ports
         * published on this machine.
         */
        POD,
        /** As {@code NetworkMode.AUTO}: {@link #HOST} where host networking reaches this JVM, else {@link #POD}. */
        AUTO
    }
}
