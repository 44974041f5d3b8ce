package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one test instance per class, JUnit creates the instance (and Spring loads the context)
 * before any beforeAll: {@code @RedisShardedCluster} comes first, so its extension runs first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RedisShardedCluster(shards = 1, replicasPerShard = 2, lifecycle = Lifecycle.SHARED)
@SpringBootTest
@RedisShardConnection
class PerClassTestInstanceIT {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void connects() {
        assertThat(redis.opsForValue().increment("views:home")).isEqualTo(1);
    }
}
