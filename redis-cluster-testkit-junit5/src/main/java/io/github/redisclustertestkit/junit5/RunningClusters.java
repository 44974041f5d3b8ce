package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The clusters of the test classes running under one extension, from their beforeAll to the end
 * of the class, for integrations that set themselves up outside JUnit's callbacks (Spring's test
 * context loads inside them, but cannot see their {@code ExtensionContext}).
 *
 * @param <C> the extension's container type
 */
final class RunningClusters<C> {

    private final Map<Class<?>, Supplier<C>> running = new ConcurrentHashMap<>();
    private final ExtensionContext.Namespace namespace;

    RunningClusters(ExtensionContext.Namespace namespace) {
        this.namespace = namespace;
    }

    /** The cluster of a class that has passed beforeAll and not yet finished; started on first ask. */
    Optional<C> of(Class<?> testClass) {
        return Optional.ofNullable(running.get(testClass)).map(Supplier::get);
    }

    /** Makes {@link #of} answer for the class until its store closes. */
    void publish(ExtensionContext classContext, Supplier<C> cluster) {
        Class<?> testClass = classContext.getRequiredTestClass();
        if (running.putIfAbsent(testClass, cluster) == null) {
            classContext.getStore(namespace).put(new Published(testClass), new Unpublish(testClass, cluster));
        }
    }

    private record Published(Class<?> testClass) {
    }

    @SuppressWarnings("deprecation")
    private final class Unpublish implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final Class<?> testClass;
        private final Supplier<C> cluster;

        Unpublish(Class<?> testClass, Supplier<C> cluster) {
            this.testClass = testClass;
            this.cluster = cluster;
        }

        @Override
        public void close() {
            running.remove(testClass, cluster);
        }
    }
}
