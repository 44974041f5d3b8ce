package io.github.redisclustertestkit.samples;

// snippet:cluster-quickstart
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A native Redis Cluster: three masters with a replica each, a cluster client, a master killed. */
class RedisClusterQuickStartIT {

    @Test
    void writeAcrossSlotsKillAMasterAndKeepWriting() {
        try (var cluster = new RedisClusterContainer()) {
            cluster.start(); // returns when every node has one view of all 16384 slots

            Set<HostAndPort> seeds = cluster.nodes().stream()
                    .map(node -> new HostAndPort(node.host(), node.port())).collect(Collectors.toSet());
            try (JedisCluster jedis = new JedisCluster(seeds)) {
                jedis.set("user:1", "ada");

                RedisClusterShard shard = cluster.shardOwning(RedisClusterContainer.slotOf("user:1"));
                shard.masterNode().kill();
                shard.awaitMasterChange(Duration.ofSeconds(30)); // its replica took over

                assertThat(jedis.get("user:1")).isEqualTo("ada");
                jedis.set("user:2", "grace");
            }
        }
    }
}
// end:cluster-quickstart
