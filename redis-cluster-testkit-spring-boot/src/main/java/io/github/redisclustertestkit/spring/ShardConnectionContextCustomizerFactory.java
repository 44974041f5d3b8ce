package io.github.redisclustertestkit.spring;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

import java.util.List;

/**
 * Registered in {@code META-INF/spring.factories}: sees {@link RedisShardConnection} or
 * {@link RedisClusterConnection} on a test class.
 */
final class ShardConnectionContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        ContextCustomizer shard = ShardConnectionSettings.of(testClass)
                .map(settings -> new ShardConnectionContextCustomizer(settings, testClass))
                .orElse(null);
        ContextCustomizer cluster = ClusterConnectionSettings.of(testClass)
                .map(settings -> new ClusterConnectionContextCustomizer(settings, testClass))
                .orElse(null);
        if (shard != null && cluster != null) {
            // Both would give the application's one RedisConnectionDetails bean: neither may win in silence.
            throw new IllegalStateException(testClass.getName() + " has both @RedisShardConnection and"
                    + " @RedisClusterConnection, but an application context has one Redis connection. Keep the one"
                    + " the application under test uses, and test the other topology in another class");
        }
        return shard != null ? shard : cluster;
    }
}
