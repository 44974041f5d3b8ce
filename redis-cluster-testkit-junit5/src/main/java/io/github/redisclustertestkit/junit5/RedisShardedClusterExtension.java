package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.testcontainers.utility.DockerImageName;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a {@link RedisShardedClusterContainer} for tests. Declaratively through
 * {@link RedisShardedCluster}, or programmatically:
 * <pre>{@code
 * @RegisterExtension
 * static RedisShardedClusterExtension redis = RedisShardedClusterExtension.builder().withShards(2).build();
 * }</pre>
 * Injects, into test and lifecycle method parameters and into fields: the cluster
 * ({@code RedisShardedClusterContainer}), a {@code Shard} or its {@code ShardEndpoints}
 * ({@link OnShard} picks which, default 0), and plain values: {@link HaproxyMaster} /
 * {@link HaproxyReplicas} {@code Endpoint}, {@link Sentinels} {@code List<Endpoint>},
 * {@link MasterName} {@code String}. Fields are injected when they are annotated with one of
 * these, or are of one of the three cluster types and still null.
 * <p>
 * The cluster starts when first needed and lives in a JUnit store: the test class's (per class),
 * or the root one (shared by every class with equal settings, closed once at the end). Before
 * each test it is reset (FLUSHALL, and stopped or paused nodes are brought back); a test that
 * fails gets the cluster's diagnostics attached and its timeline page written, named at the end of
 * the failure's message ({@link TimelinePages}). Under parallel execution a reset waits for the
 * tests running on that cluster, and tests wait for a reset.
 *
 * @since 0.1.0
 */
public final class RedisShardedClusterExtension extends ClusterExtension<RedisShardedClusterContainer> {

    /** Test classes running under the extension, from their beforeAll to the end of the class. */
    private static final RunningClusters<RedisShardedClusterContainer> RUNNING =
            new RunningClusters<>(ExtensionContext.Namespace.create(RedisShardedClusterExtension.class));
    private static final Front<RedisShardedClusterContainer> FRONT = new Front<>(Topology.SENTINEL,
            RedisShardedCluster.class, ", or registration through @RegisterExtension with builder()",
            RedisShardedClusterContainer::new, (cluster, healTimeout) -> {
                cluster.heal(healTimeout);
                cluster.flushAll();
            }, RedisShardedClusterContainer::diagnostics, RedisShardedClusterContainer::writeTimeline, RUNNING);

    /** Used by JUnit for {@link RedisShardedCluster}. */
    public RedisShardedClusterExtension() {
        this(null);
    }

    private RedisShardedClusterExtension(ClusterSettings programmatic) {
        super(FRONT, programmatic);
    }

    /** {@return a builder for {@code @RegisterExtension}, with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cluster of a test class that is running under this extension, for integrations that
     * set themselves up outside JUnit's callbacks (Spring's test context loads inside them, but
     * cannot see their {@code ExtensionContext}). Starts the cluster if no test has needed it yet;
     * the extension still owns it (closed with the class, or at the end of the run if shared).
     *
     * @param testClass the test class, as JUnit runs it
     * @return empty unless the class has passed the extension's beforeAll and not yet finished
     */
    public static Optional<RedisShardedClusterContainer> clusterOf(Class<?> testClass) {
        return RUNNING.of(testClass);
    }

    // --- injection -----------------------------------------------------------------------------

    private static final List<Class<? extends Annotation>> QUALIFIERS =
            List.of(HaproxyMaster.class, HaproxyReplicas.class, Sentinels.class, MasterName.class);
    private static final List<Class<?>> CLUSTER_TYPES =
            List.of(RedisShardedClusterContainer.class, Shard.class, ShardEndpoints.class, TlsMaterial.class);

    @Override
    boolean injects(AnnotatedElement element, Class<?> type, boolean parameter) {
        if (RedisClusterExtension.injectsOwn(element, type)) {
            return false; // @RedisCluster's, where a class has both
        }
        return CLUSTER_TYPES.contains(type) || qualified(element) || (parameter && type == Endpoint.class);
    }

    @Override
    boolean qualified(AnnotatedElement element) {
        return element.isAnnotationPresent(OnShard.class) || QUALIFIERS.stream().anyMatch(element::isAnnotationPresent);
    }

    @Override
    Function<RedisShardedClusterContainer, Object> target(AnnotatedElement element, Type type, String what,
                                                         ClusterSettings settings) {
        List<Class<? extends Annotation>> qualifiers = QUALIFIERS.stream().filter(element::isAnnotationPresent).toList();
        if (qualifiers.size() > 1) {
            throw new ParameterResolutionException("Cannot inject " + what + ": it has " + qualifiers.size()
                    + " of @HaproxyMaster, @HaproxyReplicas, @Sentinels, @MasterName; use one");
        }
        OnShard onShard = element.getAnnotation(OnShard.class);
        int shard = onShard == null ? 0 : onShard.value();
        int shards = settings.spec().shards();
        if (shard < 0 || shard >= shards) {
            throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard(" + shard
                    + ") is out of range, the cluster has shards 0.." + (shards - 1) + " (shards = " + shards + ")");
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (qualifiers.isEmpty()) {
            if (raw == TlsMaterial.class) {
                return ClusterExtension.tlsMaterial(what, settings);
            }
            if (raw == RedisShardedClusterContainer.class) {
                if (onShard != null) {
                    throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard does not apply to the"
                            + " whole cluster; declare the type as Shard or ShardEndpoints");
                }
                return cluster -> cluster;
            }
            if (raw == Shard.class) {
                return cluster -> cluster.shard(shard);
            }
            if (raw == ShardEndpoints.class) {
                return cluster -> cluster.shard(shard).endpoints();
            }
            throw new ParameterResolutionException("Cannot inject " + what + ": " + raw.getName()
                    + " is not injectable as it stands; use RedisShardedClusterContainer, Shard or ShardEndpoints,"
                    + " or an Endpoint annotated with @HaproxyMaster or @HaproxyReplicas,"
                    + " a List<Endpoint> annotated with @Sentinels, a String annotated with @MasterName");
        }
        Class<? extends Annotation> qualifier = qualifiers.get(0);
        String annotation = "@" + qualifier.getSimpleName();
        if (qualifier == HaproxyMaster.class || qualifier == HaproxyReplicas.class) {
            requireType(raw, Endpoint.class, what, annotation, "Endpoint");
            return qualifier == HaproxyMaster.class ? cluster -> cluster.shard(shard).haproxyMaster()
                    : cluster -> cluster.shard(shard).haproxyReplicas();
        }
        if (qualifier == Sentinels.class) {
            boolean listOfEndpoints = raw == List.class && type instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == Endpoint.class;
            requireType(listOfEndpoints ? Endpoint.class : raw, Endpoint.class, what, annotation, "List<Endpoint>");
            return cluster -> cluster.shard(shard).sentinels();
        }
        requireType(raw, String.class, what, annotation, "String");
        return cluster -> cluster.shard(shard).masterName();
    }

    private static void requireType(Class<?> actual, Class<?> expected, String what, String annotation, String shown) {
        if (actual != expected) {
            throw new ParameterResolutionException("Cannot inject " + what + ": " + annotation + " injects a " + shown
                    + ", not a " + actual.getSimpleName() + "; declare it as " + shown);
        }
    }

    // --- programmatic registration ----------------------------------------------------------------

    /**
     * Settings for {@code @RegisterExtension}. Each {@code withX} is the container's own
     * ({@link RedisShardedClusterContainer}, where each option is described once), applied to the
     * spec of the cluster the extension will start; a parity test checks that none is missing.
     * Each method returns this builder; options are checked by {@link #build()}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        /** Never started: it only holds the options, so that each is set as the container sets it. */
        private final RedisShardedClusterContainer options = new RedisShardedClusterContainer();
        private Lifecycle lifecycle = ClusterSettings.DEFAULT_LIFECYCLE;
        private Reset reset = ClusterSettings.DEFAULT_RESET;
        private boolean disabledWithoutDocker;

        private Builder() {
        }

        /**
         * As {@link RedisShardedClusterContainer#withShards(int)}.
         *
         * @param shards 1 to 32
         * @return this builder
         */
        public Builder withShards(int shards) {
            options.withShards(shards);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withReplicasPerShard(int)}.
         *
         * @param replicas 1 to 8
         * @return this builder
         */
        public Builder withReplicasPerShard(int replicas) {
            options.withReplicasPerShard(replicas);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withSentinelsPerShard(int)}.
         *
         * @param sentinels 1 to 9
         * @return this builder
         */
        public Builder withSentinelsPerShard(int sentinels) {
            options.withSentinelsPerShard(sentinels);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withQuorum(int)}.
         *
         * @param quorum 1 to the Sentinels per shard, or 0 for a majority
         * @return this builder
         */
        public Builder withQuorum(int quorum) {
            options.withQuorum(quorum);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withMasterNamePrefix(String)}.
         *
         * @param prefix shard i's Sentinel master name is prefix + i
         * @return this builder
         */
        public Builder withMasterNamePrefix(String prefix) {
            options.withMasterNamePrefix(prefix);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withPassword(String)}.
         *
         * @param password the password of every node, or null for none
         * @return this builder
         */
        public Builder withPassword(String password) {
            options.withPassword(password);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withAppendOnly(boolean)}.
         *
         * @param appendOnly whether every Redis node runs with {@code appendonly yes}
         * @return this builder
         */
        public Builder withAppendOnly(boolean appendOnly) {
            options.withAppendOnly(appendOnly);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withTls(boolean)}.
         *
         * @param tls whether every node serves TLS only
         * @return this builder
         */
        public Builder withTls(boolean tls) {
            options.withTls(tls);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withMutualTls(boolean)}.
         *
         * @param mutualTls whether the nodes also require the client certificate; turns TLS on
         * @return this builder
         */
        public Builder withMutualTls(boolean mutualTls) {
            options.withMutualTls(mutualTls);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withNetworkFaults(boolean)}.
         *
         * @param networkFaults whether traffic between nodes can be cut
         * @return this builder
         */
        public Builder withNetworkFaults(boolean networkFaults) {
            options.withNetworkFaults(networkFaults);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withUsers(String...)}: appended to those given before.
         *
         * @param users one {@code "NAME PASSWORD RULE..."} entry per user
         * @return this builder
         */
        public Builder withUsers(String... users) {
            options.withUsers(users);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withUser(String, String, String...)}.
         *
         * @param name     the user name
         * @param password its password
         * @param rules    its ACL rules
         * @return this builder
         */
        public Builder withUser(String name, String password, String... rules) {
            options.withUser(name, password, rules);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withDefaultUserDisabled(boolean)}.
         *
         * @param disabled whether the default user is off on every node
         * @return this builder
         */
        public Builder withDefaultUserDisabled(boolean disabled) {
            options.withDefaultUserDisabled(disabled);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withRedisConf(String...)}: appended to those given before.
         *
         * @param directives one {@code redis.conf} directive per entry
         * @return this builder
         */
        public Builder withRedisConf(String... directives) {
            options.withRedisConf(directives);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withSentinelConf(String...)}: appended to those given before.
         *
         * @param directives one {@code sentinel.conf} directive per entry
         * @return this builder
         */
        public Builder withSentinelConf(String... directives) {
            options.withSentinelConf(directives);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withHaproxyBasePort(int)}.
         *
         * @param basePort the first port of the fixed HAProxy layout, or 0 to choose ports per run
         * @return this builder
         */
        public Builder withHaproxyBasePort(int basePort) {
            options.withHaproxyBasePort(basePort);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withBindAddress(String)}.
         *
         * @param address the literal IP address every listener binds, or null for the default
         * @return this builder
         */
        public Builder withBindAddress(String address) {
            options.withBindAddress(address);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withDownAfter(Duration)}.
         *
         * @param downAfter Sentinel {@code down-after-milliseconds}
         * @return this builder
         */
        public Builder withDownAfter(Duration downAfter) {
            options.withDownAfter(downAfter);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withFailoverTimeout(Duration)}.
         *
         * @param failoverTimeout Sentinel {@code failover-timeout}
         * @return this builder
         */
        public Builder withFailoverTimeout(Duration failoverTimeout) {
            options.withFailoverTimeout(failoverTimeout);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withHaproxyCheckInterval(Duration)}.
         *
         * @param interval the HAProxy health check interval
         * @return this builder
         */
        public Builder withHaproxyCheckInterval(Duration interval) {
            options.withHaproxyCheckInterval(interval);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withStartupTimeout(Duration)}.
         *
         * @param timeout how long the start may take until the cluster is ready
         * @return this builder
         */
        public Builder withStartupTimeout(Duration timeout) {
            options.withStartupTimeout(timeout);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withRouting(Routing)}.
         *
         * @param routing how the HAProxy master port picks the master
         * @return this builder
         */
        public Builder withRouting(Routing routing) {
            options.withRouting(routing);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withNetworkMode(NetworkMode)}.
         *
         * @param mode how the containers are networked
         * @return this builder
         */
        public Builder withNetworkMode(NetworkMode mode) {
            options.withNetworkMode(mode);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withRedisImage(DockerImageName)}.
         *
         * @param image image of masters, replicas and Sentinels
         * @return this builder
         */
        public Builder withRedisImage(DockerImageName image) {
            options.withRedisImage(image);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withRedisImage(String)}.
         *
         * @param image an image name such as {@code redis:7.2.5} or {@code valkey/valkey:8.1}
         * @return this builder
         */
        public Builder withRedisImage(String image) {
            options.withRedisImage(image);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withHaproxyImage(DockerImageName)}.
         *
         * @param image image of HAProxy 2.6+
         * @return this builder
         */
        public Builder withHaproxyImage(DockerImageName image) {
            options.withHaproxyImage(image);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withHaproxyImage(String)}.
         *
         * @param image an image name such as {@code haproxy:3.0}
         * @return this builder
         */
        public Builder withHaproxyImage(String image) {
            options.withHaproxyImage(image);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withReuse(boolean)}: kept running for later runs
         * where Testcontainers' reuse is enabled.
         *
         * @param reuse whether the cluster outlives the run
         * @return this builder
         */
        public Builder withReuse(boolean reuse) {
            options.withReuse(reuse);
            return this;
        }

        /**
         * @param lifecycle one cluster per test class (the default), or one shared by every class with equal settings
         * @return this builder
         */
        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
            return this;
        }

        /**
         * @param reset what to do before each test (default {@link Reset#FLUSH_AND_HEAL})
         * @return this builder
         */
        public Builder reset(Reset reset) {
            this.reset = reset;
            return this;
        }

        /**
         * @param disabled whether to skip the test class, with the reason, instead of failing when
         *        Docker is not available (default off)
         * @return this builder
         */
        public Builder disabledWithoutDocker(boolean disabled) {
            this.disabledWithoutDocker = disabled;
            return this;
        }

        /**
         * {@return the extension, with its options checked}
         *
         * @throws ExtensionConfigurationException for an invalid option, naming it
         */
        public RedisShardedClusterExtension build() {
            return new RedisShardedClusterExtension(ClusterSettings.validated(options.spec(), lifecycle, reset,
                    disabledWithoutDocker, RedisShardedClusterExtension.class.getSimpleName() + ".builder()"));
        }
    }
}
