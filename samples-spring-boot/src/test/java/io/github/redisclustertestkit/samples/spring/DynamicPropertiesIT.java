package io.github.redisclustertestkit.samples.spring;

// snippet:spring-boot-dynamic-properties
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import io.github.redisclustertestkit.spring.RedisShardProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without connection details: {@code spring.data.redis.sentinel.*} from {@link RedisShardProperties}. */
@SpringBootTest
@RedisShardedCluster(shards = 1, replicasPerShard = 2, lifecycle = Lifecycle.SHARED)
class DynamicPropertiesIT {

    static RedisShardedClusterContainer cluster; // injected by @RedisShardedCluster before the context starts

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisShardProperties.register(registry, () -> cluster, 0, Mode.SENTINEL);
    }

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Test
    void connectsThroughTheShardsSentinels() {
        assertThat(connectionFactory.getSentinelConfiguration().getMaster().getName())
                .isEqualTo(cluster.shard(0).masterName());
        assertThat(redis.opsForValue().increment("views:home")).isEqualTo(1);
    }
}
// end:spring-boot-dynamic-properties
