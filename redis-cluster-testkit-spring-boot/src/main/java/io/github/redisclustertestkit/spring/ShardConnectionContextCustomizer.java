package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.junit5.RedisShardedClusterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

import java.util.function.Supplier;

/**
 * Registers the shard's connection details in the application context. Part of Spring's
 * context-cache key: equal only by {@link ShardConnectionSettings}, so that classes sharing a
 * cluster share the context too, whichever of them loaded it.
 */
final class ShardConnectionContextCustomizer implements ContextCustomizer {

    static final String BEAN_NAME = "redisShardConnectionDetails";

    private final ShardConnectionSettings settings;
    /** The class that loads the context: its cluster is the one the JUnit extension runs. */
    private final Class<?> testClass;

    ShardConnectionContextCustomizer(ShardConnectionSettings settings, Class<?> testClass) {
        this.settings = settings;
        this.testClass = testClass;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        String where = "@RedisShardConnection on " + testClass.getName();
        RedisShardedClusterContainer cluster = RedisShardedClusterExtension.clusterOf(testClass).orElseThrow(() ->
                new IllegalStateException(where + " found no cluster: annotate the class with @RedisShardedCluster"
                        + " (or register RedisShardedClusterExtension with @RegisterExtension). Under"
                        + " @TestInstance(PER_CLASS) also declare @RedisShardedCluster before @SpringBootTest, so"
                        + " that the cluster's extension runs before Spring loads the context"));
        ShardConnection connection = ShardConnection.of(cluster, settings.shard(), settings.mode(), settings.user(),
                where);
        context.getBeanFactory().registerSingleton(BEAN_NAME, connectionDetails(connection, context.getClassLoader(), where));
        BoundCluster.register(context, cluster::isRunning);
    }

    static Object connectionDetails(ShardConnection connection, ClassLoader classLoader, String where) {
        return connectionDetails(() -> new Boot4ConnectionDetails(connection),
                () -> new Boot3ConnectionDetails(connection), classLoader, where);
    }

    /** Boot 4's type first: a Boot 3 type on a Boot 4 classpath would be a leftover that nothing reads. */
    static Object connectionDetails(Supplier<Object> boot4, Supplier<Object> boot3, ClassLoader classLoader,
                                    String where) {
        if (ClassUtils.isPresent(Boot4ConnectionDetails.TYPE, classLoader)) {
            return boot4.get();
        }
        if (ClassUtils.isPresent(Boot3ConnectionDetails.TYPE, classLoader)) {
            return boot3.get();
        }
        throw new IllegalStateException(where + " needs Spring Boot's Redis support on the test classpath (neither "
                + Boot4ConnectionDetails.TYPE + " nor " + Boot3ConnectionDetails.TYPE
                + " is there): add spring-boot-starter-data-redis");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShardConnectionContextCustomizer c && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }
}
