package io.github.redisclustertestkit.samples;

// snippet:tour
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.ShardEndpoints;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a started cluster hands a test: every accessor of a shard, checked. */
class ClusterTourIT {

    @Test
    void aStartedClusterHandsOutItsEndpoints() {
        try (var cluster = new RedisShardedClusterContainer()
                .withShards(3).withReplicasPerShard(2).withSentinelsPerShard(3).withQuorum(2)
                .withPassword("secret")) {
            cluster.start();                                  // returns when everything agrees

            Shard s0 = cluster.shard(0);
            String masterName = s0.masterName();              // "shard-0", the Sentinel master name
            Endpoint writes = s0.haproxyMaster();             // host:port that always reaches the current master
            Endpoint reads = s0.haproxyReplicas();            // host:port that round-robins over the replicas
            List<Endpoint> sentinels = s0.sentinels();        // the shard's Sentinels
            Endpoint master = s0.master();                    // the nodes, as the Sentinels name them now
            List<Endpoint> replicas = s0.replicas();
            ShardEndpoints all = s0.endpoints();              // all of it as one immutable value
            Node masterNode = s0.masterNode();                // a node to break: kill(), pause(), stop(), ...
            String dump = cluster.diagnostics();              // roles, offsets, Sentinel views, HAProxy states, logs

            assertThat(masterName).isEqualTo("shard-0");
            assertThat(sentinels).hasSize(3);
            assertThat(replicas).hasSize(2);
            assertThat(all.haproxyMaster()).isEqualTo(writes);
            assertThat(all.haproxyReplicas()).isEqualTo(reads);
            assertThat(masterNode.endpoint()).isEqualTo(master);
            assertThat(masterNode.name()).isEqualTo("shard-0 redis-0");
            assertThat(dump).contains("shard-0");
        }
    }
}
// end:tour
