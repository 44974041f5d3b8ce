package io.github.redisclustertestkit.samples;

// snippet:builder-quickstart
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** Without JUnit magic: the builder in a plain test, with try-with-resources. */
class PlainBuilderIT {

    @Test
    void startUseAndCloseACluster() {
        try (var cluster = new RedisShardedClusterContainer().withShards(2).withPassword("secret")) {
            cluster.start(); // returns when replication, Sentinels and HAProxy all agree

            ShardEndpoints orders = cluster.shard(0).endpoints();
            try (Jedis jedis = new Jedis(orders.haproxyMaster().host(), orders.haproxyMaster().port())) {
                jedis.auth("secret");
                jedis.set("order:1", "paid");
                assertThat(jedis.get("order:1")).isEqualTo("paid");
            }
            assertThat(cluster.endpoints()).hasSize(2);
        } // close() removes every container
    }
}
// end:builder-quickstart
