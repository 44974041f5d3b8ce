package io.github.redisclustertestkit.samples;

// snippet:junit-quickstart
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.OnShard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

@RedisShardedCluster(shards = 2, password = "secret") // one cluster for this class, removed after it
class CheckoutIT {

    @Test
    void paymentsSurviveAFailover(@OnShard(1) Shard payments, @HaproxyMaster @OnShard(1) Endpoint writes) {
        try (Jedis jedis = new Jedis(writes.host(), writes.port())) { // always reaches the current master
            jedis.auth("secret");
            jedis.set("payment:1", "captured");
            assertThat(jedis.waitReplicas(2, 5000)).isEqualTo(2); // both replicas have it (WAIT returns at once when they do)
        }

        payments.failover(); // returns once Sentinels, replicas and HAProxy agree on the new master

        try (Jedis jedis = new Jedis(writes.host(), writes.port())) { // the same port, now the new master
            jedis.auth("secret");
            assertThat(jedis.get("payment:1")).isEqualTo("captured");
        }
    }
}
// end:junit-quickstart
