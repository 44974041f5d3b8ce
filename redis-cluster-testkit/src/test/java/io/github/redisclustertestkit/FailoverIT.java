package io.github.redisclustertestkit;

import io.github.redisclustertestkit.faults.SentinelEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** Faults and failover, as issue-reproducing tests would use them. */
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    private static String portThrough(Endpoint endpoint) {
        return ClusterFacts.info(endpoint, null, "server").get("tcp_port");
    }

    @Test
    void failoverMovesWritesToTheNewMasterAndCanBeRepeated() {
        try (var cluster = ClusterFacts.newCluster().withShards(2)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(1);
            for (int round = 0; round < 2; round++) {
                Node old = shard.masterNode();
                try (Jedis jedis = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                    jedis.set("acknowledged-" + round, "before");
                    assertThat(jedis.waitReplicas(2, 2000)).isEqualTo(2);
                }
                Node promoted = shard.failover();

                assertThat(promoted.name()).isNotEqualTo(old.name());
                assertThat(promoted.role()).isEqualTo("master");
                String newPort = String.valueOf(promoted.endpoint().port());
                for (int i = 0; i < 20; i++) {
                    assertThat(portThrough(shard.haproxyMaster())).as("fresh connection %d", i).isEqualTo(newPort);
                }
                for (int i = 0; i < 10; i++) {
                    String reached;
                    try {
                        reached = portThrough(shard.haproxyReplicas());
                    } catch (RuntimeException noReplicaUpYet) {
                        reached = "none"; // replicas are resyncing with the new master: refused, not misrouted
                    }
                    assertThat(reached).isNotEqualTo(newPort);
                }
                try (Jedis jedis = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                    assertThat(jedis.get("acknowledged-" + round)).isEqualTo("before");
                }
                shard.awaitHealthy(WAIT);
                assertThat(old.role()).as("the old master was turned into a replica").isEqualTo("slave");
            }
            ClusterFacts.assertReady(cluster.shard(0).endpoints(), 2, 3, null);
        }
    }

    /** Ready means replicas receive writes: a write right after start() survives an immediate failover. */
    @Test
    void aWriteRightAfterStartSurvivesAnImmediateFailover() {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            try (Jedis jedis = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                jedis.set("first-write", "kept");
            }
            shard.failover();
            try (Jedis jedis = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                assertThat(jedis.get("first-write")).isEqualTo("kept");
            }
        }
    }

    @Test
    void killedMasterIsReplacedAndRejoinsAsAReplicaWhileRoutingNeverReachesIt() throws Exception {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Node old = shard.masterNode();
            String oldPort = String.valueOf(old.endpoint().port());
            Set<String> reachedAfterKill = ConcurrentHashMap.newKeySet();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (polling.get() && System.nanoTime() < deadline) {
                    try {
                        reachedAfterKill.add(portThrough(shard.haproxyMaster()));
                    } catch (RuntimeException refusedDuringFailover) {
                        // no master routed for a moment: that is allowed, a wrong one is not
                    }
                    ClusterFacts.sleep(100);
                }
            });
            try (SentinelEvents events = shard.sentinelEvents()) {
                old.kill();
                poller.start();
                Node promoted = shard.awaitMasterChange(WAIT);
                assertThat(promoted.name()).isNotEqualTo(old.name());
                try (Jedis jedis = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                    assertThat(jedis.set("after-kill", "1")).isEqualTo("OK");
                }
                events.await("+switch-master", WAIT);
                assertThat(events.types()).containsSubsequence("+sdown", "+odown", "+switch-master");

                old.start();
                shard.awaitHealthy(WAIT);
                assertThat(old.role()).isEqualTo("slave");
                assertThat(ClusterFacts.info(old.endpoint(), null, "replication"))
                        .containsEntry("master_port", String.valueOf(promoted.endpoint().port()));
            } finally {
                polling.set(false);
                poller.join();
            }
            assertThat(reachedAfterKill).isNotEmpty().doesNotContain(oldPort);
        }
    }

    @Test
    void pausedMasterIsFailedOverLikeAHungServer() {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withReplicasPerShard(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Node hung = shard.masterNode().pause();
            Node promoted = shard.awaitMasterChange(WAIT);
            assertThat(promoted.name()).isNotEqualTo(hung.name());
            hung.unpause();
            shard.awaitHealthy(WAIT);
            assertThat(hung.role()).isEqualTo("slave");
        }
    }

    /**
     * Two test classes on one shared cluster: while one waits for the master it killed to be
     * replaced, the other looks at the endpoints. What the wait waits for must not change.
     */
    @Test
    void awaitMasterChangeWaitsForAChangeAwayFromTheFaultedMasterWhoeverLooksMeanwhile() {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withReplicasPerShard(1)) {
            ClusterFacts.start(cluster);
            Shard mine = cluster.shard(0);
            Shard theOtherClass = cluster.shard(0);
            assertThatThrownBy(() -> mine.awaitMasterChange(WAIT)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("awaitMasterChange(oldMaster, timeout)");

            Node killed = mine.masterNode().kill();
            await("the other class's shard names a master other than the killed " + killed.name()).atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !theOtherClass.masterNode().name().equals(killed.name()));
            assertThat(theOtherClass.endpoints().master()).isNotEqualTo(killed.endpoint());

            Node promoted = mine.awaitMasterChange(WAIT);
            assertThat(promoted.name()).isNotEqualTo(killed.name());
            assertThat(theOtherClass.awaitMasterChange(killed, WAIT).name()).isEqualTo(promoted.name());
            // The kill, then the failover it caused, once though two waits saw it.
            assertThat(cluster.timeline()).filteredOn(e -> e.kind().equals("killed") || e.kind().equals("failover"))
                    .extracting(ClusterEvent::kind, ClusterEvent::node)
                    .containsExactly(tuple("killed", killed.name()), tuple("failover", promoted.name()));
            // What only the nodes saw, from their logs: the Sentinels' switch, and HAProxy's master port following.
            String masterPort = "shard-0 master port " + mine.endpoints().haproxyMaster().port();
            await("a Sentinel's +switch-master and HAProxy's master port routing to " + promoted.name()).atMost(WAIT)
                    .untilAsserted(() -> assertThat(cluster.timeline())
                            .anySatisfy(e -> assertThat(e.kind() + " " + e.detail()).startsWith("sentinel +switch-master "))
                            .anySatisfy(e -> assertThat(e.node() + ": " + e.kind() + " " + e.detail())
                                    .isEqualTo(masterPort + ": routing routes to " + promoted.name())));
            Path page = cluster.writeTimeline(Path.of("target/redis-cluster-testkit/FailoverIT/awaitMasterChange.html"));
            assertThat(page).content().contains("<svg ", "killed", "failover", "+switch-master", masterPort);
        }
    }

    /** A crash (not a kill() through the library) during a wait ends it at once, saying which node died. */
    @Test
    void aNodeThatDiesDuringAWaitIsReportedAsExitedNotAsATimeout() throws Exception {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withReplicasPerShard(1)
                .withSentinelsPerShard(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Node master = shard.masterNode();
            Thread crash = new Thread(() -> {
                ClusterFacts.sleep(500);
                DockerClientFactory.lazyClient().killContainerCmd("rct-" + cluster.clusterId() + "-shard-0-redis-1")
                        .exec();
            });
            crash.start();
            try {
                assertThatThrownBy(() -> shard.awaitMasterChange(master, Duration.ofSeconds(20)))
                        .isInstanceOf(RedisClusterException.class)
                        .hasMessageStartingWith("shard-0 redis-1 (replica at start")
                        .hasMessageContaining("exited while waiting for shard-0 master change away from " + master.name()
                                + " (exit code 137)")
                        .hasMessageContaining("last log lines");
            } finally {
                crash.join();
            }
        }
    }

    @Test
    void withoutQuorumAKilledMasterIsNotFailedOver() {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            shard.sentinelNode(1).stop();
            shard.sentinelNode(2).stop();
            Node master = shard.masterNode();
            try (SentinelEvents events = shard.sentinelEvents()) {
                master.kill();
                // The remaining Sentinel has seen the master down: from here, with quorum, +odown
                // would follow within a timer tick or two, and a failover within a few more.
                events.await(e -> e.type().equals("+sdown") && e.message().startsWith("master "),
                        "+sdown of the master", WAIT);
                ClusterFacts.sleep(3 * cluster.spec().downAfter().toMillis());
                assertThat(events.types()).doesNotContain("+odown", "+try-failover", "+switch-master");
                assertThatThrownBy(() -> events.await("+odown", Duration.ofMillis(100)))
                        .isExactlyInstanceOf(RedisClusterException.class)
                        .hasMessageStartingWith("no Sentinel event +odown for shard-0 within 100 ms\n  awaited: +odown"
                                + "\n  events seen: [")
                        .hasMessageContaining("\n  shard-0 sentinel-1 (")
                        .hasMessageContaining(", not running, last log lines:\n    ");
            }
            assertThat(shard.quorumStatus()).startsWith("NOQUORUM");
            try (Jedis sentinel = ClusterFacts.connect(shard.sentinels().get(0), null)) {
                assertThat(sentinel.sentinelGetMasterAddrByName(shard.masterName()).get(1))
                        .isEqualTo(String.valueOf(master.endpoint().port()));
            }
            shard.sentinelNode(1).start();
            shard.sentinelNode(2).start();
            master.start();
            shard.awaitHealthy(WAIT);
            assertThat(shard.quorumStatus()).startsWith("OK");
        }
    }

    @Test
    void failoverWithoutAHealthyReplicaFailsFastAndSaysWhy() {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withReplicasPerShard(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            List<Node> replicas = shard.replicaNodes();
            replicas.get(0).stop();
            assertThatThrownBy(() -> replicas.get(0).pause())
                    .isExactlyInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("pause() of shard-0 redis-1 (")
                    .hasMessageEndingWith(": the node is not running (it was stopped or killed). Start it again with"
                            + " start() before pausing it");
            long started = System.nanoTime();
            assertThatThrownBy(shard::failover)
                    .isInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("cannot fail over shard-0: no healthy replica can take over from"
                            + " shard-0 redis-0\n  node: shard-0 redis-0 (master at start, port ")
                    .hasMessageContaining("\n  awaited: a replica with role:slave and master_link_status:up"
                            + "\n  last seen: shard-0 redis-1: no answer: ")
                    .hasMessageContaining("=== redis-cluster-testkit diagnostics");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        }
    }

    @Test
    void haproxyAndSentinelsCanBeRestarted() {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            cluster.haproxyNode().restart();
            cluster.shard(0).sentinelNode(0).restart();
            cluster.awaitHealthy(WAIT);
            ClusterFacts.assertReady(cluster.shard(0).endpoints(), 2, 3, null);
        }
    }

}
