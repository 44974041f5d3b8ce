package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** With the annotation, shared across classes: this class and {@link SharedClusterPaymentsIT} use one cluster. */
@OurRedis
class SharedClusterOrdersIT {

    /** Cluster ids seen by the classes that share {@link OurRedis}. */
    static final Set<String> CLUSTERS_SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void ordersUseTheSharedCluster(RedisShardedClusterContainer cluster) {
        CLUSTERS_SEEN.add(cluster.clusterId());
        assertThat(CLUSTERS_SEEN).as("one cluster for every class with @OurRedis").hasSize(1);
        try (Jedis jedis = new Jedis(cluster.shard(0).haproxyMaster().host(), cluster.shard(0).haproxyMaster().port())) {
            jedis.auth("team-secret");
            assertThat(jedis.set("order:1", "new")).isEqualTo("OK");
        }
    }
}
