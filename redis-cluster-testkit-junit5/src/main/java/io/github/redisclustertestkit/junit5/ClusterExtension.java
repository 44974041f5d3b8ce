package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.extension.ParameterResolutionException;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.ClusterContainer;
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
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What both extensions do alike, whatever the topology: settings from the annotation (or the
 * builder), the cluster in a JUnit store, the Docker condition, the reset before each test, the
 * field and parameter injection loop, and what a failing test gets (the cluster's diagnostics and
 * its timeline page). Each extension adds only what its topology has: its annotation, its
 * container and what it injects.
 * <p>
 * Keeps no mutable state: the settings and the cluster live in stores under the extension's own
 * namespace, so that a class carrying both annotations gets two clusters that do not meet.
 *
 * @param <C> the topology's container
 */
abstract class ClusterExtension<C extends Startable> implements ExecutionCondition, BeforeAllCallback,
        TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final String READ_STAMP = "read-stamp";
    /** How long a reset may wait for a cluster to be healthy again. */
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(60);

    private final ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(getClass());
    private final Front<C> front;
    /** Null when the settings come from the annotation and configuration parameters. */
    private final ClusterSettings programmatic;

    ClusterExtension(Front<C> front, ClusterSettings programmatic) {
        this.front = front;
        this.programmatic = programmatic;
    }

    /**
     * What the extension needs of its topology's container, which shares no public type with the
     * other one beyond {@link Startable}: the core's common base is package-private.
     *
     * @param topology    the topology, for the settings' names and defaults
     * @param annotation  the topology's annotation
     * @param register    how else to register the extension, for the error when the annotation is missing
     * @param create      the container a spec describes, not started
     * @param reset       heals the cluster within a timeout, then flushes it
     * @param diagnostics the cluster's diagnostics
     * @param timeline    writes the cluster's timeline page to a file
     * @param running     the classes running under the extension, for {@code clusterOf}
     */
    record Front<C>(Topology topology, Class<? extends Annotation> annotation, String register,
                    Function<ClusterSpec, C> create, BiConsumer<C, Duration> reset, Function<C, String> diagnostics,
                    BiFunction<C, Path, Path> timeline, RunningClusters<C> running) {
    }

    /** The settings of {@code builder()}, or null for the annotation's. */
    final ClusterSettings programmaticSettings() {
        return programmatic;
    }

    // --- what differs between the topologies: injection --------------------------------------------

    /**
     * Whether this extension injects a parameter or field of that type and annotations. The other
     * extension's injection points are not this one's, so that a class may carry both annotations.
     *
     * @param parameter a method parameter rather than a field: fields of a value type are the
     *                  test's own unless annotated, parameters have no other source
     */
    abstract boolean injects(AnnotatedElement element, Class<?> type, boolean parameter);

    /** Whether a field is injected even when the test set it: it carries one of the extension's annotations. */
    abstract boolean qualified(AnnotatedElement element);

    /**
     * What an injection point asks for, checked against the settings before anything starts.
     *
     * @param what names the injection point in error messages
     * @throws org.junit.jupiter.api.extension.ParameterResolutionException naming it and what would work
     */
    abstract Function<C, Object> target(AnnotatedElement element, Type type, String what, ClusterSettings settings);

    /** A {@link TlsMaterial} injection point: the cluster's, once it is checked to be a TLS cluster. */
    static <T extends ClusterContainer> Function<T, Object> tlsMaterial(String what, ClusterSettings settings) {
        if (!settings.spec().tls()) {
            throw new ParameterResolutionException("Cannot inject " + what + ": TlsMaterial is the client material"
                    + " of a TLS cluster, and this one is started without TLS. Set tls = Toggle.TRUE (or mutualTls)"
                    + " on the annotation, or the configuration parameter redis-cluster-testkit.tls=true");
        }
        return ClusterContainer::tls;
    }

    // --- settings and the cluster --------------------------------------------------------------------

    // getOrComputeIfAbsent, not computeIfAbsent (JUnit 6 only): the module also runs on JUnit 5.10+.
    @SuppressWarnings("deprecation")
    final ClusterSettings settings(ExtensionContext context) {
        if (programmatic != null) {
            return programmatic;
        }
        Class<?> testClass = context.getRequiredTestClass();
        return context.getRoot().getStore(namespace).getOrComputeIfAbsent(new SettingsKey(testClass), k -> {
            Annotation annotation = findAnnotation(testClass).orElseThrow(() ->
                    new ExtensionConfigurationException(getClass().getSimpleName() + " needs @"
                            + front.annotation().getSimpleName() + " on " + testClass.getName() + front.register()));
            return ClusterSettings.resolve(annotation, front.topology(), testClass.getName(),
                    context::getConfigurationParameter);
        }, ClusterSettings.class);
    }

    /** On the class or its superclasses (and their meta-annotations), else on an enclosing class. */
    private Optional<? extends Annotation> findAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<? extends Annotation> found = AnnotationSupport.findAnnotation(c, front.annotation());
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
        return settings.lifecycle() == Lifecycle.SHARED ? SessionStore.of(context, namespace)
                : SessionStore.ofClass(context, namespace);
    }

    @SuppressWarnings("unchecked")
    private Optional<ClusterResource<C>> startedCluster(ExtensionContext context) {
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
    @SuppressWarnings({"deprecation", "unchecked"})
    private ClusterResource<C> cluster(ExtensionContext context) {
        ClusterSettings settings = settings(context);
        return owner(context, settings).getOrComputeIfAbsent(new ClusterKey(settings),
                k -> ClusterResource.start(front.create().apply(settings.spec())), ClusterResource.class);
    }

    /** The started cluster, and a share of it for the current test (released after the test). */
    private C enter(ExtensionContext context) {
        ClusterResource<C> resource = cluster(context);
        if (context.getTestMethod().isPresent()) {
            ExtensionContext.Store test = context.getStore(namespace);
            if (test.get(READ_STAMP) == null) {
                test.put(READ_STAMP, new Share(resource.lock, resource.lock.readLock()));
            }
        }
        return resource.cluster;
    }

    private record Share(StampedLock lock, long stamp) {
    }

    /** Makes {@code clusterOf} answer for the class until its store closes. */
    private void publish(ExtensionContext classContext) {
        front.running().publish(classContext, () -> cluster(classContext).cluster);
    }

    // --- lifecycle -----------------------------------------------------------------------------------

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
        TimelinePages.when(context); // an invalid parameter fails here, not in a failing test's report
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
        Optional<ClusterResource<C>> started = startedCluster(context);
        if (started.isEmpty()) {
            return; // starts on first use; a fresh cluster needs no reset
        }
        ClusterResource<C> resource = started.get();
        if (settings(context).reset() == Reset.FLUSH_AND_HEAL) {
            long write = resource.lock.writeLock();
            try {
                front.reset().accept(resource.cluster, HEAL_TIMEOUT);
            } finally {
                resource.lock.unlockWrite(write);
            }
        }
        enter(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Share share = context.getStore(namespace).remove(READ_STAMP, Share.class);
        if (share != null) {
            share.lock().unlockRead(share.stamp());
        }
        if (TimelinePages.when(context) == TimelinePages.When.ALWAYS) {
            startedCluster(context).ifPresent(resource -> writePage(resource, context, null));
        }
    }

    // --- a failure: the diagnostics and the timeline page --------------------------------------------

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw reported(context, throwable, null);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw reported(context, throwable, "before-all");
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw reported(context, throwable, null);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw reported(context, throwable, null);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw reported(context, throwable, "after-all");
    }

    /**
     * The failure as the report shows it: naming the timeline page written for it, with the
     * cluster's diagnostics attached. Unchanged when no cluster was started; no page for an
     * aborted test (a failed assumption), which is no failure.
     *
     * @param classLevel the page's name for a failure of the class's own lifecycle methods, null for a test's
     */
    private Throwable reported(ExtensionContext context, Throwable throwable, String classLevel) {
        Optional<ClusterResource<C>> started = startedCluster(context);
        if (started.isEmpty()) {
            return throwable;
        }
        ClusterResource<C> resource = started.get();
        Throwable reported = throwable;
        if (TimelinePages.when(context) != TimelinePages.When.NEVER && !TimelinePages.aborted(throwable)) {
            Path page = writePage(resource, context, classLevel);
            if (page != null) {
                reported = TimelinePages.naming(throwable, page);
            }
        }
        reported.addSuppressed(new ClusterDiagnostics(front.diagnostics().apply(resource.cluster)));
        return reported;
    }

    /** Writes the page; null, with the reason in a report entry, if it cannot be written. */
    private Path writePage(ClusterResource<C> resource, ExtensionContext context, String classLevel) {
        Path file = TimelinePages.file(context, classLevel, front.topology());
        try {
            return front.timeline().apply(resource.cluster, file);
        } catch (RuntimeException unwritable) {
            // A page that cannot be written must not hide the test's own failure.
            context.publishReportEntry("redis-cluster-testkit.timeline", "not written to " + file + ": " + unwritable);
            return null;
        }
    }

    /** Carries the cluster's diagnostics dump into a failed test's report. */
    static final class ClusterDiagnostics extends Exception {
        private static final long serialVersionUID = 1L;

        ClusterDiagnostics(String dump) {
            super("cluster state when the test failed:\n" + dump, null, false, false);
        }
    }

    // --- injection -----------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injects(parameter.getParameter(), parameter.getParameter().getType(), true);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String what = "parameter [" + parameter.getParameter() + "] of "
                + parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName() + "."
                + parameter.getDeclaringExecutable().getName() + "(..)";
        Function<C, Object> target = target(parameter.getParameter(),
                parameter.getParameter().getParameterizedType(), what, settings(context));
        return target.apply(enter(context));
    }

    private List<Field> injectableFields(Class<?> testClass, boolean statics) {
        return ReflectionSupport.findFields(testClass, f -> Modifier.isStatic(f.getModifiers()) == statics
                        && !Modifier.isFinal(f.getModifiers()) && injects(f, f.getType(), false),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private void inject(Field field, Object instance, ExtensionContext context) throws IllegalAccessException {
        field.setAccessible(true);
        if (!qualified(field) && field.get(instance) != null) {
            return; // the test's own value
        }
        Function<C, Object> target = target(field, field.getGenericType(), "field [" + field + "]", settings(context));
        field.set(instance, target.apply(cluster(context).cluster));
    }

    // --- the cluster in a store ----------------------------------------------------------------------

    /**
     * A started cluster as a store value: closed by JUnit with the store that holds it. JUnit 5.13+
     * closes it as an AutoCloseable (once); 5.10 to 5.12 close only a CloseableResource.
     */
    @SuppressWarnings("deprecation")
    static final class ClusterResource<C extends Startable> implements AutoCloseable,
            ExtensionContext.Store.CloseableResource {
        final C cluster;
        /** Tests hold read stamps while they run; a reset takes the write lock. */
        final StampedLock lock = new StampedLock();

        private ClusterResource(C cluster) {
            this.cluster = cluster;
        }

        static <C extends Startable> ClusterResource<C> start(C cluster) {
            cluster.start();
            return new ClusterResource<>(cluster);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
