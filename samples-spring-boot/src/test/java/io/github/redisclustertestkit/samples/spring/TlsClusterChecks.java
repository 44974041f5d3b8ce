package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.TlsMaterial;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** What the TLS cluster samples check through the application's template. */
final class TlsClusterChecks {

    private TlsClusterChecks() {
    }

    /**
     * Keys all over the 16384 slots, written and read through the template, land on every master:
     * the client followed the slots over TLS. Each master is asked over TLS too, the one way in.
     */
    static void writeToEveryMaster(StringRedisTemplate redis, RedisClusterContainer cluster, TlsMaterial tls) {
        for (int i = 0; i < 300; i++) {
            redis.opsForValue().set("views:page-" + i, String.valueOf(i));
        }
        for (int i = 0; i < 300; i++) {
            assertThat(redis.opsForValue().get("views:page-" + i)).isEqualTo(String.valueOf(i));
        }
        for (RedisClusterShard shard : cluster.shards()) {
            try (Jedis master = new Jedis(new HostAndPort(shard.master().host(), shard.master().port()),
                    DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslSocketFactory()).build())) {
                assertThat(master.dbSize()).as("keys on master %d", shard.index()).isPositive();
            }
        }
    }
}
