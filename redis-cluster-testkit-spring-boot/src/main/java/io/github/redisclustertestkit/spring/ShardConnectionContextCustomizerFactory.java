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
        if (shard != null) {
            return shard;
        }
        return ClusterConnectionSettings.of(testClass)
                .map(settings -> new ClusterConnectionContextCustomizer(settings, testClass))
                .orElse(null);
    }
}
