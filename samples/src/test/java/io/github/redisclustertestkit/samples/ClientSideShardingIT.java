package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side sharding, as the write-up's application does it: a stable hash picks one of the
 * independent shards; each key lives on its shard only, and one shard failing over does not
 * disturb the others.
 */
@RedisShardedCluster(shards = 3)
class ClientSideShardingIT {

    /** The application's router: CRC32 of the key, modulo the number of shards. */
    static int shardOf(String key, int shards) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    private static Jedis connect(Endpoint endpoint) {
        return new Jedis(endpoint.host(), endpoint.port(), 2000);
    }

    @Test
    void eachKeyLivesOnItsShardOnly(RedisShardedClusterContainer cluster) {
        int shards = cluster.shardCount();
        int[] perShard = new int[shards];
        for (int i = 0; i < 300; i++) {
            String key = "user:" + i;
            int home = shardOf(key, shards);
            perShard[home]++;
            try (Jedis jedis = connect(cluster.shard(home).haproxyMaster())) {
                jedis.set(key, "v" + i);
            }
        }
        assertThat(java.util.Arrays.stream(perShard).min().orElseThrow()).as("keys on the emptiest shard").isGreaterThan(50);
        for (int i = 0; i < 300; i++) {
            String key = "user:" + i;
            for (int s = 0; s < shards; s++) {
                try (Jedis jedis = connect(cluster.shard(s).haproxyMaster())) {
                    assertThat(jedis.exists(key)).as("%s on shard %d", key, s).isEqualTo(s == shardOf(key, shards));
                }
            }
        }
    }

    @Test
    void oneShardFailingOverDoesNotDisturbTheOthers(RedisShardedClusterContainer cluster) {
        List<Integer> others = List.of(0, 2);
        CompletableFuture<?> failover = CompletableFuture.runAsync(() -> cluster.shard(1).failover());
        int writes = 0;
        while (!failover.isDone() || writes < 100) {
            for (int s : others) {
                try (Jedis jedis = connect(cluster.shard(s).haproxyMaster())) {
                    String key = "steady:" + s + ":" + writes;
                    assertThat(jedis.set(key, "ok")).isEqualTo("OK");
                    assertThat(jedis.get(key)).isEqualTo("ok");
                }
            }
            writes++;
        }
        failover.join();
        try (Jedis jedis = connect(cluster.shard(1).haproxyMaster())) {
            assertThat(jedis.set("after-failover", "ok")).isEqualTo("OK");
        }
    }
}
