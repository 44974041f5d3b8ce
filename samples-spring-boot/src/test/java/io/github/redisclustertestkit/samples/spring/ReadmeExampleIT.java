package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The README's Spring Boot example, as written there. */
@SpringBootTest
@RedisShardedCluster(shards = 1, replicasPerShard = 2, lifecycle = Lifecycle.SHARED)
@RedisShardConnection(shard = 0, mode = Mode.SENTINEL) // the defaults; Mode.HAPROXY: standalone client
class ReadmeExampleIT {
    @Autowired
    StringRedisTemplate redis; // Boot's own, connected to shard 0's master through its Sentinels
    Shard shard;               // injected by @RedisShardedCluster

    @Test
    void survivesTheLossOfTheMaster() {
        redis.opsForValue().increment("views:home");
        shard.masterNode().kill();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> redis.opsForValue().increment("views:home") != null);
    }
}
