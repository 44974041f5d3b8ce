package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
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
 * Runs a {@link RedisClusterContainer} for the tests of a class annotated with {@link RedisCluster}.
 * Injects, into test and lifecycle method parameters and into fields: the container, a
 * {@code RedisClusterShard} ({@link OnShard} picks which, default 0), and the seeds, {@link Seeds}
 * {@code List<Endpoint>} or {@code String}. Fields are injected when they are annotated with one of
 * these, or are of one of the two cluster types and still null.
 * <p>
 * The cluster starts when first needed and lives in a JUnit store: the test class's (per class),
 * or the launcher session's (shared by every class with equal settings, closed once at the end).
 * Before each test it is reset: stopped, killed or paused nodes are brought back, the cluster is
 * awaited ready, and every master is flushed. A test that fails gets the cluster's diagnostics
 * attached. Under parallel execution a reset waits for the tests running on that cluster, and
 * tests wait for a reset.
 *
 * @since 0.1.0
 */
public final class RedisClusterExtension implements ExecutionCondition, BeforeAllCallback,
        TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisClusterExtension.class);
    private static final String READ_STAMP = "read-stamp";
    /** How long a reset may wait for a cluster to be ready again. */
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(60);

    /** Test classes running under the extension, from their beforeAll to the end of the class. */
    private static final RunningClusters<RedisClusterContainer> RUNNING = new RunningClusters<>(NAMESPACE);

    /** Used by JUnit for {@link RedisCluster}. */
    public RedisClusterExtension() {
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
    public static Optional<RedisClusterContainer> clusterOf(Class<?> testClass) {
        return RUNNING.of(testClass);
    }

    private static void publish(ExtensionContext classContext) {
        RUNNING.publish(classContext, () -> cluster(classContext).cluster);
    }

    // --- settings and the cluster --------------------------------------------------------------

    // getOrComputeIfAbsent, not computeIfAbsent (JUnit 6 only): the module also runs on JUnit 5.10+.
    @SuppressWarnings("deprecation")
    private static ClusterSettings settings(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(new SettingsKey(testClass), k -> {
            RedisCluster annotation = findAnnotation(testClass).orElseThrow(() ->
                    new ExtensionConfigurationException(RedisClusterExtension.class.getSimpleName()
                            + " needs @RedisCluster on " + testClass.getName()));
            return ClusterSettings.resolve(annotation, Topology.CLUSTER, testClass.getName(),
                    context::getConfigurationParameter);
        }, ClusterSettings.class);
    }

    private static Optional<RedisCluster> findAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<RedisCluster> found = AnnotationSupport.findAnnotation(c, RedisCluster.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private record SettingsKey(Class<?> testClass) {
    }

    /** The lifecycle is part of the key: a class's store also answers from the ones above it. */
    private record ClusterKey(ClusterSpec spec, Lifecycle lifecycle) {

        ClusterKey(ClusterSettings settings) {
            this(settings.spec(), settings.lifecycle());
        }
    }

    private static ExtensionContext.Store owner(ExtensionContext context, ClusterSettings settings) {
        return settings.lifecycle() == Lifecycle.SHARED ? SessionStore.of(context, NAMESPACE)
                : SessionStore.ofClass(context, NAMESPACE);
    }

    private static Optional<ClusterResource> startedCluster(ExtensionContext context) {
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
    private static ClusterResource cluster(ExtensionContext context) {
        ClusterSettings settings = settings(context);
        return owner(context, settings).getOrComputeIfAbsent(new ClusterKey(settings),
                k -> ClusterResource.start(settings.spec()), ClusterResource.class);
    }

    /** The started cluster, and a share of it for the current test (released after the test). */
    private static RedisClusterContainer enter(ExtensionContext context) {
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
        startedCluster(context).ifPresent(resource -> throwable.addSuppressed(
                new RedisShardedClusterExtension.ClusterDiagnostics(resource.cluster.diagnostics())));
        throw throwable;
    }

    // --- injection -----------------------------------------------------------------------------

    /**
     * Whether an injection point is this extension's: {@link RedisShardedClusterExtension} leaves
     * these alone, so that a class may use both annotations.
     */
    static boolean injects(AnnotatedElement element, Class<?> type) {
        return type == RedisClusterContainer.class || type == RedisClusterShard.class
                || element.isAnnotationPresent(Seeds.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injects(parameter.getParameter(), parameter.getParameter().getType());
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

    private static List<Field> injectableFields(Class<?> testClass, boolean statics) {
        return ReflectionSupport.findFields(testClass, f -> Modifier.isStatic(f.getModifiers()) == statics
                        && !Modifier.isFinal(f.getModifiers()) && injects(f, f.getType()),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private static void inject(Field field, Object instance, ExtensionContext context) throws IllegalAccessException {
        field.setAccessible(true);
        boolean qualified = field.isAnnotationPresent(OnShard.class) || field.isAnnotationPresent(Seeds.class);
        if (!qualified && field.get(instance) != null) {
            return; // the test's own value
        }
        Target target = target(field, field.getGenericType(), "field [" + field + "]", settings(context));
        field.set(instance, target.resolve(cluster(context).cluster));
    }

    /** What an injection point asks for, checked against the settings before anything starts. */
    private interface Target {
        Object resolve(RedisClusterContainer cluster);
    }

    private static Target target(AnnotatedElement element, Type type, String what, ClusterSettings settings) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        OnShard onShard = element.getAnnotation(OnShard.class);
        if (element.isAnnotationPresent(Seeds.class)) {
            if (onShard != null) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard does not apply to"
                        + " @Seeds, which are every node of the cluster");
            }
            if (raw == String.class) {
                return RedisClusterContainer::seeds;
            }
            boolean listOfEndpoints = raw == List.class && type instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == Endpoint.class;
            if (!listOfEndpoints) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @Seeds injects a List<Endpoint>"
                        + " or a String, not a " + type.getTypeName().replace("io.github.redisclustertestkit.", "")
                        + "; declare it as List<Endpoint> or String");
            }
            return RedisClusterContainer::nodes;
        }
        if (raw == RedisClusterContainer.class) {
            if (onShard != null) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard does not apply to the"
                        + " whole cluster; declare the type as RedisClusterShard");
            }
            return cluster -> cluster;
        }
        int shard = onShard == null ? 0 : onShard.value();
        int masters = settings.spec().shards();
        if (shard < 0 || shard >= masters) {
            throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard(" + shard
                    + ") is out of range, the cluster has shards 0.." + (masters - 1) + " (masters = " + masters + ")");
        }
        return cluster -> cluster.shard(shard);
    }

    // --- the cluster in a store -----------------------------------------------------------------

    /**
     * A started cluster as a store value: closed by JUnit with the store that holds it. JUnit 5.13+
     * closes it as an AutoCloseable (once); 5.10 to 5.12 close only a CloseableResource.
     */
    @SuppressWarnings("deprecation")
    static final class ClusterResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final RedisClusterContainer cluster;
        /** Tests hold read stamps while they run; a reset takes the write lock. */
        final StampedLock lock = new StampedLock();

        private ClusterResource(RedisClusterContainer cluster) {
            this.cluster = cluster;
        }

        static ClusterResource start(ClusterSpec spec) {
            RedisClusterContainer cluster = container(spec);
            cluster.start();
            return new ClusterResource(cluster);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /**
     * The container a spec describes, through its {@code withX} methods: one per option of the
     * topology (OptionParityTest checks that none is left out).
     */
    static RedisClusterContainer container(ClusterSpec spec) {
        return new RedisClusterContainer()
                .withMasters(spec.shards())
                .withReplicasPerMaster(spec.replicasPerShard())
                .withClusterNodeTimeout(spec.clusterNodeTimeout())
                .withPassword(spec.password())
                .withAppendOnly(spec.appendOnly())
                .withRedisConf(spec.redisConf().toArray(String[]::new))
                .withBindAddress(spec.bindAddress())
                .withStartupTimeout(spec.startupTimeout())
                .withRedisImage(spec.redisImage())
                .withNetworkFaults(spec.networkFaults())
                .withNetworkMode(spec.networkMode());
    }
}
