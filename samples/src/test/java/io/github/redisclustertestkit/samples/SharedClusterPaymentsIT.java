package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The second class sharing {@link OurRedis}'s cluster with {@link SharedClusterOrdersIT}. */
@OurRedis
class SharedClusterPaymentsIT {

    @Test
    void paymentsUseTheSameCluster(RedisShardedClusterContainer cluster) {
        SharedClusterOrdersIT.CLUSTERS_SEEN.add(cluster.clusterId());
        assertThat(SharedClusterOrdersIT.CLUSTERS_SEEN).as("one cluster for every class with @OurRedis").hasSize(1);
        try (Jedis jedis = new Jedis(cluster.shard(1).haproxyMaster().host(), cluster.shard(1).haproxyMaster().port())) {
            jedis.auth("team-secret");
            assertThat(jedis.get("payment:1")).isNull(); // reset between tests: nothing left behind
            assertThat(jedis.set("payment:1", "captured")).isEqualTo("OK");
        }
    }
}
