package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static io.github.redisclustertestkit.samples.SharedClusterOrdersIT.connect;
import static org.assertj.core.api.Assertions.assertThat;

/** The second class sharing {@link OurRedis}'s cluster with {@link SharedClusterOrdersIT}. */
@OurRedis
class SharedClusterPaymentsIT {

    @Test
    void paymentsUseTheSameCluster(RedisShardedClusterContainer cluster) {
        SharedClusterOrdersIT.CLUSTERS_SEEN.add(cluster.clusterId());
        assertThat(SharedClusterOrdersIT.CLUSTERS_SEEN).as("one cluster for every class with @OurRedis").hasSize(1);
        try (Jedis orders = connect(cluster.shard(0).haproxyMaster());
             Jedis payments = connect(cluster.shard(1).haproxyMaster())) {
            assertThat(orders.get("order:1")).as("reset between tests: nothing left behind").isNull();
            assertThat(payments.set("payment:1", "captured")).isEqualTo("OK");
        }
    }
}
