package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.junit5.RedisClusterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers a native Redis Cluster's connection details in the application context. Part of
 * Spring's context-cache key: equal only by {@link ClusterConnectionSettings}, so that classes
 * sharing a cluster share the context too, whichever of them loaded it.
 */
final class ClusterConnectionContextCustomizer implements ContextCustomizer {

    static final String BEAN_NAME = "redisClusterConnectionDetails";

    private final ClusterConnectionSettings settings;
    /** The class that loads the context: its cluster is the one the JUnit extension runs. */
    private final Class<?> testClass;

    ClusterConnectionContextCustomizer(ClusterConnectionSettings settings, Class<?> testClass) {
        this.settings = settings;
        this.testClass = testClass;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        String where = "@RedisClusterConnection on " + testClass.getName();
        RedisClusterContainer cluster = RedisClusterExtension.clusterOf(testClass).orElseThrow(() ->
                new IllegalStateException(where + " found no cluster: annotate the class with @RedisCluster. Under"
                        + " @TestInstance(PER_CLASS) also declare @RedisCluster before @SpringBootTest, so that the"
                        + " cluster's extension runs before Spring loads the context"));
        ClusterConnection connection = ClusterConnection.of(cluster, settings.user(), where);
        context.getBeanFactory().registerSingleton(BEAN_NAME, ShardConnectionContextCustomizer.connectionDetails(
                () -> new Boot4ClusterConnectionDetails(connection), () -> new Boot3ClusterConnectionDetails(connection),
                context.getClassLoader(), where));
        BoundCluster.register(context, cluster::isRunning);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterConnectionContextCustomizer c && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }
}
