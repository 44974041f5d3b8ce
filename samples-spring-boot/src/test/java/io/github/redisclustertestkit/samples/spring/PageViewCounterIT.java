package io.github.redisclustertestkit.samples.spring;

// snippet:spring-boot-quickstart
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@RedisShardedCluster(shards = 1, replicasPerShard = 2, lifecycle = Lifecycle.SHARED)
@RedisShardConnection(shard = 0, mode = Mode.SENTINEL) // the defaults; Mode.HAPROXY: standalone client
class PageViewCounterIT {
    @Autowired
    StringRedisTemplate redis; // Boot's own, connected to shard 0's master through its Sentinels
    Shard shard;               // injected by @RedisShardedCluster

    @Test
    void survivesTheLossOfTheMaster() {
        assertThat(redis.opsForValue().increment("views:home")).isEqualTo(1);
        for (Endpoint replica : shard.replicas()) { // replication is asynchronous: wait until it is safe
            try (Jedis jedis = new Jedis(replica.host(), replica.port())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> jedis.get("views:home"), "1"::equals);
            }
        }
        shard.masterNode().kill();
        Long views = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> redis.opsForValue().increment("views:home"), Objects::nonNull);
        assertThat(views).isEqualTo(2); // the view counted before the kill survived it
    }
}
// end:spring-boot-quickstart
