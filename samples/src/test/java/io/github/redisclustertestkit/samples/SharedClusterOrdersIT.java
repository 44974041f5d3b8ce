package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the annotation, shared across classes: this class and {@link SharedClusterPaymentsIT} use
 * one cluster. Each checks what the other leaves behind, so whichever runs second checks both
 * the sharing and the reset between them.
 */
@OurRedis
class SharedClusterOrdersIT {

    /** Cluster ids seen by the classes that share {@link OurRedis}. */
    static final Set<String> CLUSTERS_SEEN = ConcurrentHashMap.newKeySet();

    static Jedis connect(Endpoint endpoint) {
        Jedis jedis = new Jedis(endpoint.host(), endpoint.port());
        jedis.auth("team-secret");
        return jedis;
    }

    @Test
    void ordersUseTheSharedCluster(RedisShardedClusterContainer cluster) {
        CLUSTERS_SEEN.add(cluster.clusterId());
        assertThat(CLUSTERS_SEEN).as("one cluster for every class with @OurRedis").hasSize(1);
        try (Jedis orders = connect(cluster.shard(0).haproxyMaster());
             Jedis payments = connect(cluster.shard(1).haproxyMaster())) {
            assertThat(payments.get("payment:1")).as("reset between tests: nothing left behind").isNull();
            assertThat(orders.set("order:1", "new")).isEqualTo("OK");
        }
    }
}
