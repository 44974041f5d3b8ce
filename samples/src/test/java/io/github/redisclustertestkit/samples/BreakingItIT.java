package io.github.redisclustertestkit.samples;

// snippet:faults-tour
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.faults.SentinelEvent;
import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fault of a node, one after another, on one shard, and the waits that go with them. */
@RedisShardedCluster(shards = 2)
class BreakingItIT {

    @Test
    void failoverKillRestartPauseAndHeal(RedisShardedClusterContainer cluster) {
        Shard shard = cluster.shard(1);

        Node before = shard.masterNode();
        Node promoted = shard.failover();          // SENTINEL FAILOVER; returns once every Sentinel names the
                                                   // new master, the replicas follow it and HAProxy routes to it
        assertThat(promoted.name()).isNotEqualTo(before.name());

        Node old = shard.masterNode().kill();      // SIGKILL, no shutdown, as in a crash
        Node replacement = shard.awaitMasterChange(old, Duration.ofSeconds(30)); // writes via haproxyMaster() work again
        assertThat(replacement.name()).isNotEqualTo(old.name());
        old.start();                               // comes back, and the Sentinels make it a replica
        shard.awaitHealthy(Duration.ofSeconds(30)); // every readiness fact of the shard holds again

        try (SentinelEvents events = shard.sentinelEvents()) { // +sdown, +odown, +switch-master, ... as they happen
            Node stopped = shard.masterNode().stop(); // SIGTERM; restart() is stop() then start()
            shard.awaitMasterChange(Duration.ofSeconds(30)); // away from the master the last fault hit
            SentinelEvent switched = events.await("+switch-master", Duration.ofSeconds(30));
            assertThat(switched.message()).startsWith(shard.masterName());
            stopped.start();
        }
        shard.awaitHealthy(Duration.ofSeconds(30)); // replicaNodes() lists stopped replicas too: wait for them


        shard.replicaNodes().get(0).pause();       // frozen process, like a hung server; unpause() thaws it
        shard.sentinelNode(2).stop();              // any node can be stopped, HAProxy too: cluster.haproxyNode()
        assertThat(shard.quorumStatus()).startsWith("OK"); // SENTINEL CKQUORUM: "OK ..." or "NOQUORUM ..."

        cluster.heal(Duration.ofSeconds(30));      // start what was stopped, unpause what was paused, wait
        cluster.flushAll();                        // empty every master; returns once every running replica is empty too
    }
}
// end:faults-tour
