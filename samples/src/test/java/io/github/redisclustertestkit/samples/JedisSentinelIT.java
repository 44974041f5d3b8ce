package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jedis with Sentinel: JedisSentinelPool follows a failover to the new master. */
@RedisShardedCluster(shards = 1)
class JedisSentinelIT {

    @Test
    void thePoolFollowsAFailover(Shard shard) {
        Set<String> sentinels = shard.sentinels().stream().map(Object::toString).collect(Collectors.toSet());
        try (JedisSentinelPool pool = new JedisSentinelPool(shard.masterName(), sentinels)) {
            HostAndPort before = pool.getCurrentHostMaster();
            assertThat(before.getPort()).isEqualTo(shard.master().port());
            try (Jedis jedis = pool.getResource()) {
                jedis.set("cart:7", "3 items");
            }

            int newMaster = shard.failover().endpoint().port();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.getCurrentHostMaster().getPort() == newMaster);
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.get("cart:7")).isEqualTo("3 items");
                assertThat(jedis.set("cart:7", "4 items")).isEqualTo("OK");
            }
        }
    }
}
