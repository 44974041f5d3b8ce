package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;

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
 * fails gets the cluster's diagnostics attached. Under parallel execution a reset waits for the
 * tests running on that cluster, and tests wait for a reset.
 *
 * @since 0.1.0
 */
public final class RedisShardedClusterExtension implements ExecutionCondition, BeforeAllCallback,
        TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisShardedClusterExtension.class);
    private static final String READ_STAMP = "read-stamp";
    /** How long a reset may wait for a cluster to be healthy again. */
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(60);

    /** Null when the settings come from {@link RedisShardedCluster} and configuration parameters. */
    private final ClusterSettings programmatic;

    /** Used by JUnit for {@link RedisShardedCluster}. */
    public RedisShardedClusterExtension() {
        this(null);
    }

    private RedisShardedClusterExtension(ClusterSettings programmatic) {
        this.programmatic = programmatic;
    }

    /** {@return a builder for {@code @RegisterExtension}, with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    // --- the cluster for other test frameworks ---------------------------------------------------

    /** Test classes running under the extension, from their beforeAll to the end of the class. */
    private static final RunningClusters<RedisShardedClusterContainer> RUNNING = new RunningClusters<>(NAMESPACE);

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

    /** Makes {@link #clusterOf} answer for the class until its store closes. */
    private void publish(ExtensionContext classContext) {
        RUNNING.publish(classContext, () -> cluster(classContext).cluster);
    }

    // --- settings and the cluster --------------------------------------------------------------

    // getOrComputeIfAbsent, not computeIfAbsent (JUnit 6 only): the module also runs on JUnit 5.10+.
    @SuppressWarnings("deprecation")
    private ClusterSettings settings(ExtensionContext context) {
        if (programmatic != null) {
            return programmatic;
        }
        Class<?> testClass = context.getRequiredTestClass();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(new SettingsKey(testClass), k -> {
            RedisShardedCluster annotation = findAnnotation(testClass).orElseThrow(() ->
                    new ExtensionConfigurationException(RedisShardedClusterExtension.class.getSimpleName()
                            + " needs @RedisShardedCluster on " + testClass.getName()
                            + ", or registration through @RegisterExtension with builder()"));
            return ClusterSettings.resolve(annotation, testClass.getName(), context::getConfigurationParameter);
        }, ClusterSettings.class);
    }

    private static Optional<RedisShardedCluster> findAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<RedisShardedCluster> found = AnnotationSupport.findAnnotation(c, RedisShardedCluster.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private record SettingsKey(Class<?> testClass) {
    }

    /**
     * The lifecycle is part of the key: a class's store also answers from the root store, so a
     * per-class key equal to a shared one would hand the class the shared cluster.
     */
    private record ClusterKey(ClusterSpec spec, Lifecycle lifecycle) {

        ClusterKey(ClusterSettings settings) {
            this(settings.spec(), settings.lifecycle());
        }
    }

    /** The store that owns the cluster: the test class's, or the session's for shared clusters. */
    private ExtensionContext.Store owner(ExtensionContext context, ClusterSettings settings) {
        return settings.lifecycle() == Lifecycle.SHARED ? SessionStore.of(context, NAMESPACE)
                : SessionStore.ofClass(context, NAMESPACE);
    }

    private Optional<ClusterResource> startedCluster(ExtensionContext context) {
        ClusterSettings settings = settings(context);
        try {
            return Optional.ofNullable(owner(context, settings).get(new ClusterKey(settings), ClusterResource.class));
        } catch (RuntimeException failedToStart) {
            // getOrComputeIfAbsent keeps a failed start and get() throws it again: no cluster to
            // reset or describe, and the failure itself is reported where the cluster was needed.
            return Optional.empty();
        }
    }

    // getOrComputeIfAbsent, not computeIfAbsent (JUnit 6 only): the module also runs on JUnit 5.10+.
    @SuppressWarnings("deprecation")
    private ClusterResource cluster(ExtensionContext context) {
        ClusterSettings settings = settings(context);
        return owner(context, settings).getOrComputeIfAbsent(new ClusterKey(settings),
                k -> ClusterResource.start(settings.spec()), ClusterResource.class);
    }

    /** The started cluster, and a share of it for the current test (released after the test). */
    private RedisShardedClusterContainer enter(ExtensionContext context) {
        ClusterResource resource = cluster(context);
        if (context.getTestMethod().isPresent()) {
            ExtensionContext.Store test = context.getStore(NAMESPACE);
            if (test.get(READ_STAMP) == null) {
                test.put(READ_STAMP, new Share(resource.lock, resource.lock.readLock()));
            }
        }
        return resource.cluster;
    }

    private record Share(StampedLock lock, long stamp) {
    }

    // --- lifecycle -----------------------------------------------------------------------------

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean skipWithoutDocker;
        try {
            skipWithoutDocker = context.getTestClass().isPresent() && settings(context).disabledWithoutDocker();
        } catch (ExtensionConfigurationException invalid) {
            // reported by beforeAll, without the condition's wrapping around it
            return ConditionEvaluationResult.enabled("invalid settings");
        }
        if (!skipWithoutDocker) {
            return ConditionEvaluationResult.enabled("no Docker condition");
        }
        return dockerAvailable() ? ConditionEvaluationResult.enabled("Docker is available")
                : ConditionEvaluationResult.disabled("Docker is not available (disabledWithoutDocker = true)");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        settings(context);
        publish(context);
        for (Field field : injectableFields(context.getRequiredTestClass(), true)) {
            inject(field, null, context);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        if (context.getTestMethod().isEmpty()) {
            publish(context); // @TestInstance(PER_CLASS): the instance, and Spring's context, come before beforeAll
        }
        for (Field field : injectableFields(testInstance.getClass(), false)) {
            inject(field, testInstance, context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<ClusterResource> started = startedCluster(context);
        if (started.isEmpty()) {
            return; // starts on first use; a fresh cluster needs no reset
        }
        ClusterResource resource = started.get();
        if (settings(context).reset() == Reset.FLUSH_AND_HEAL) {
            long write = resource.lock.writeLock();
            try {
                resource.cluster.heal(HEAL_TIMEOUT);
                resource.cluster.flushAll();
            } finally {
                resource.lock.unlockWrite(write);
            }
        }
        enter(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Share share = context.getStore(NAMESPACE).remove(READ_STAMP, Share.class);
        if (share != null) {
            share.lock().unlockRead(share.stamp());
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        startedCluster(context).ifPresent(resource ->
                throwable.addSuppressed(new ClusterDiagnostics(resource.cluster.diagnostics())));
        throw throwable;
    }

    /** Carries the cluster's diagnostics dump into a failed test's report. */
    static final class ClusterDiagnostics extends Exception {
        private static final long serialVersionUID = 1L;

        ClusterDiagnostics(String dump) {
            super("cluster state when the test failed:\n" + dump, null, false, false);
        }
    }

    // --- injection -----------------------------------------------------------------------------

    private static final List<Class<? extends Annotation>> QUALIFIERS =
            List.of(HaproxyMaster.class, HaproxyReplicas.class, Sentinels.class, MasterName.class);
    private static final List<Class<?>> CLUSTER_TYPES =
            List.of(RedisShardedClusterContainer.class, Shard.class, ShardEndpoints.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (RedisClusterExtension.injects(parameter.getParameter(), type)) {
            return false; // @RedisCluster's, where a class has both
        }
        return CLUSTER_TYPES.contains(type) || type == Endpoint.class || parameter.isAnnotated(OnShard.class)
                || QUALIFIERS.stream().anyMatch(parameter::isAnnotated);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String what = "parameter [" + parameter.getParameter() + "] of "
                + parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName() + "."
                + parameter.getDeclaringExecutable().getName() + "(..)";
        Target target = target(parameter.getParameter(), parameter.getParameter().getParameterizedType(), what,
                settings(context));
        return target.resolve(enter(context));
    }

    private List<Field> injectableFields(Class<?> testClass, boolean statics) {
        return ReflectionSupport.findFields(testClass, f -> Modifier.isStatic(f.getModifiers()) == statics
                        && !Modifier.isFinal(f.getModifiers()) && !RedisClusterExtension.injects(f, f.getType())
                        && (CLUSTER_TYPES.contains(f.getType()) || f.isAnnotationPresent(OnShard.class)
                        || QUALIFIERS.stream().anyMatch(f::isAnnotationPresent)),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private void inject(Field field, Object instance, ExtensionContext context) throws IllegalAccessException {
        field.setAccessible(true);
        boolean qualified = field.isAnnotationPresent(OnShard.class) || QUALIFIERS.stream().anyMatch(field::isAnnotationPresent);
        if (!qualified && field.get(instance) != null) {
            return; // the test's own value
        }
        String what = "field [" + field + "]";
        Target target = target(field, field.getGenericType(), what, settings(context));
        field.set(instance, target.resolve(cluster(context).cluster));
    }

    /** What an injection point asks for, checked against the settings before anything starts. */
    private interface Target {
        Object resolve(RedisShardedClusterContainer cluster);
    }

    private static Target target(AnnotatedElement element, Type type, String what, ClusterSettings settings) {
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

    // --- the cluster in a store -----------------------------------------------------------------

    /**
     * A started cluster as a store value: closed by JUnit with the store that holds it. JUnit 5.13+
     * closes it as an AutoCloseable (once); 5.10 to 5.12 close only a CloseableResource.
     */
    @SuppressWarnings("deprecation")
    static final class ClusterResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final RedisShardedClusterContainer cluster;
        /** Tests hold read stamps while they run; a reset takes the write lock. */
        final StampedLock lock = new StampedLock();

        private ClusterResource(RedisShardedClusterContainer cluster) {
            this.cluster = cluster;
        }

        static ClusterResource start(ClusterSpec spec) {
            RedisShardedClusterContainer cluster = new RedisShardedClusterContainer(spec);
            cluster.start();
            return new ClusterResource(cluster);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    // --- programmatic registration ----------------------------------------------------------------

    /** The settings of {@link #builder()}, or null for {@link RedisShardedCluster}'s. */
    ClusterSettings programmaticSettings() {
        return programmatic;
    }

    /**
     * Settings for {@code @RegisterExtension}; each {@code withX} mirrors the container's (a parity test
     * checks), and each method returns this builder. Options are checked by {@link #build()}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final ClusterSpec.Builder spec = ClusterSpec.defaults().toBuilder();
        private Lifecycle lifecycle = ClusterSettings.DEFAULT_LIFECYCLE;
        private Reset reset = ClusterSettings.DEFAULT_RESET;
        private boolean disabledWithoutDocker;

        private Builder() {
        }

        /**
         * @param shards the number of shards, 1 to 32 (default 3)
         * @return this builder
         */
        public Builder withShards(int shards) {
            spec.shards(shards);
            return this;
        }

        /**
         * @param replicas the replicas of each master, 1 to 8 (default 2)
         * @return this builder
         */
        public Builder withReplicasPerShard(int replicas) {
            spec.replicasPerShard(replicas);
            return this;
        }

        /**
         * @param sentinels the Sentinels of each shard, 1 to 9 (default 3)
         * @return this builder
         */
        public Builder withSentinelsPerShard(int sentinels) {
            spec.sentinelsPerShard(sentinels);
            return this;
        }

        /**
         * @param quorum the Sentinel quorum, 1 to the Sentinels per shard; 0 (the default) for a majority
         * @return this builder
         */
        public Builder withQuorum(int quorum) {
            spec.quorum(quorum);
            return this;
        }

        /**
         * @param prefix shard i's Sentinel master name is prefix + i (default {@code shard-})
         * @return this builder
         */
        public Builder withMasterNamePrefix(String prefix) {
            spec.masterNamePrefix(prefix);
            return this;
        }

        /**
         * @param password {@code requirepass} and {@code masterauth} of every node, or null for none (the default)
         * @return this builder
         */
        public Builder withPassword(String password) {
            spec.password(password);
            return this;
        }

        /**
         * @param appendOnly whether every Redis node runs with {@code appendonly yes} (default off)
         * @return this builder
         */
        public Builder withAppendOnly(boolean appendOnly) {
            spec.appendOnly(appendOnly);
            return this;
        }

        /**
         * A loopback address per node, for {@code cluster.network()} (partitions, isolation).
         *
         * @param networkFaults whether traffic between nodes can be cut (default off)
         * @return this builder
         */
        public Builder withNetworkFaults(boolean networkFaults) {
            spec.networkFaults(networkFaults);
            return this;
        }

        /**
         * Raw {@code redis.conf} directives for every master and replica, after ours; appended to
         * those given before, like the container's.
         *
         * @param directives one directive per entry, such as {@code "maxmemory 64mb"}
         * @return this builder
         */
        public Builder withRedisConf(String... directives) {
            SpecOptions.named("redisConf").apply(spec, List.of(directives));
            return this;
        }

        /**
         * Raw {@code sentinel.conf} directives for every Sentinel, after ours; appended to those given
         * before, like the container's.
         *
         * @param directives one directive per entry
         * @return this builder
         */
        public Builder withSentinelConf(String... directives) {
            SpecOptions.named("sentinelConf").apply(spec, List.of(directives));
            return this;
        }

        /**
         * @param basePort the first port of the fixed HAProxy layout (shard i at base+2i and base+2i+1),
         *        or 0 (the default) to choose ports per run
         * @return this builder
         */
        public Builder withHaproxyBasePort(int basePort) {
            spec.haproxyBasePort(basePort);
            return this;
        }

        /**
         * @param address the literal IP address every listener binds, or null for the default: 127.0.0.1
         *        when Docker runs on this machine, else the Docker host's address
         * @return this builder
         */
        public Builder withBindAddress(String address) {
            spec.bindAddress(address);
            return this;
        }

        /**
         * @param downAfter Sentinel {@code down-after-milliseconds} (default 600 ms)
         * @return this builder
         */
        public Builder withDownAfter(Duration downAfter) {
            spec.downAfter(downAfter);
            return this;
        }

        /**
         * @param failoverTimeout Sentinel {@code failover-timeout} (default 5 s)
         * @return this builder
         */
        public Builder withFailoverTimeout(Duration failoverTimeout) {
            spec.failoverTimeout(failoverTimeout);
            return this;
        }

        /**
         * @param interval the HAProxy health check interval (default 100 ms)
         * @return this builder
         */
        public Builder withHaproxyCheckInterval(Duration interval) {
            spec.haproxyCheckInterval(interval);
            return this;
        }

        /**
         * @param timeout how long the start may take until the cluster is ready (default 60 s)
         * @return this builder
         */
        public Builder withStartupTimeout(Duration timeout) {
            spec.startupTimeout(timeout);
            return this;
        }

        /**
         * @param routing how the HAProxy master port picks the master (default {@link Routing#SENTINEL_AGREED})
         * @return this builder
         */
        public Builder withRouting(Routing routing) {
            spec.routing(routing);
            return this;
        }

        /**
         * @param mode how the containers are networked (default {@link NetworkMode#AUTO})
         * @return this builder
         */
        public Builder withNetworkMode(NetworkMode mode) {
            spec.networkMode(mode);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withRedisImage(DockerImageName)}.
         *
         * @param image image of masters, replicas and Sentinels: {@code redis}, {@code valkey/valkey},
         *              or one declared compatible with {@code redis}
         * @return this builder
         */
        public Builder withRedisImage(DockerImageName image) {
            spec.redisImage(image);
            return this;
        }

        /**
         * @param image an image name such as {@code redis:7.2.5} or {@code valkey/valkey:8.1}
         * @return this builder
         */
        public Builder withRedisImage(String image) {
            spec.redisImage(image);
            return this;
        }

        /**
         * As {@link RedisShardedClusterContainer#withHaproxyImage(DockerImageName)}.
         *
         * @param image image of HAProxy 2.6+: {@code haproxy}, or one declared compatible with it
         * @return this builder
         */
        public Builder withHaproxyImage(DockerImageName image) {
            spec.haproxyImage(image);
            return this;
        }

        /**
         * @param image an image name such as {@code haproxy:3.0}
         * @return this builder
         */
        public Builder withHaproxyImage(String image) {
            spec.haproxyImage(image);
            return this;
        }

        /**
         * See {@code RedisShardedClusterContainer.withReuse}: kept running for later runs where
         * Testcontainers' reuse is enabled.
         *
         * @param reuse whether the cluster outlives the run (default off)
         * @return this builder
         */
        public Builder withReuse(boolean reuse) {
            spec.reuse(reuse);
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
            return new RedisShardedClusterExtension(ClusterSettings.validated(spec.build(), lifecycle, reset,
                    disabledWithoutDocker, RedisShardedClusterExtension.class.getSimpleName() + ".builder()"));
        }
    }
}
