package io.github.redisclustertestkit.samples.spring;

// snippet:spring-boot-redis-cluster
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.Seeds;
import io.github.redisclustertestkit.spring.RedisClusterConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spring.data.redis.cluster.* through connection details: a native Redis Cluster of 3 masters with a replica each. */
@SpringBootTest
@RedisCluster(lifecycle = Lifecycle.SHARED)
@RedisClusterConnection
class RedisClusterConnectionIT {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Test
    void writesAcrossTheSlotsOfEveryMaster(@Seeds List<Endpoint> seeds, RedisClusterContainer cluster) {
        assertThat(connectionFactory.getClusterConfiguration().getClusterNodes()).hasSameSizeAs(seeds);
        for (int i = 0; i < 1000; i++) {
            redis.opsForValue().set("views:page-" + i, String.valueOf(i)); // keys all over the 16384 slots
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(redis.opsForValue().get("views:page-" + i)).isEqualTo(String.valueOf(i));
        }
        for (RedisClusterShard shard : cluster.shards()) {
            try (Jedis master = new Jedis(shard.master().host(), shard.master().port())) {
                assertThat(master.dbSize()).as("keys on master %d", shard.index()).isPositive();
            }
        }
    }
}
// end:spring-boot-redis-cluster
