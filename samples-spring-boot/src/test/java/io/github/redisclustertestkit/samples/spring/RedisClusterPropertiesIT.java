package io.github.redisclustertestkit.samples.spring;

// snippet:spring-boot-redis-cluster-properties
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisClusterProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without connection details: {@code spring.data.redis.cluster.nodes} from {@link RedisClusterProperties}. */
@SpringBootTest
@RedisCluster(lifecycle = Lifecycle.SHARED)
class RedisClusterPropertiesIT {

    static RedisClusterContainer cluster; // injected by @RedisCluster before the context starts

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisClusterProperties.register(registry, () -> cluster);
    }

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisConnectionFactory connectionFactory;

    @Test
    void connectsToTheClusterThroughItsSeeds() {
        try (var connection = connectionFactory.getClusterConnection()) {
            assertThat(connection.clusterGetNodes()).hasSize(cluster.nodes().size());
        }
        for (int i = 0; i < 100; i++) {
            assertThat(redis.opsForValue().increment("views:" + i)).isEqualTo(1);
        }
    }
}
// end:spring-boot-redis-cluster-properties
