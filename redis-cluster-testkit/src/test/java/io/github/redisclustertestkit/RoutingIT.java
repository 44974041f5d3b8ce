package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.readiness.HaproxyAdmin;
import io.github.redisclustertestkit.spec.Routing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default routing never splits writes: HAProxy follows what the Sentinels agree on. */
class RoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    /** The port a fresh connection reaches, or "none" when HAProxy has no master to offer. */
    private static String reached(Endpoint endpoint) {
        try {
            return ClusterFacts.info(endpoint, null, "server").get("tcp_port");
        } catch (RuntimeException noMasterRouted) {
            return "none";
        }
    }

    /** The port a majority of the shard's Sentinels name, or null. */
    private static String majorityView(Shard shard) {
        Map<String, Integer> votes = new HashMap<>();
        for (Endpoint sentinel : shard.sentinels()) {
            try (Jedis jedis = ClusterFacts.connect(sentinel, null)) {
                votes.merge(jedis.sentinelGetMasterAddrByName(shard.masterName()).get(1), 1, Integer::sum);
            } catch (RuntimeException down) {
                // no vote
            }
        }
        return votes.entrySet().stream().filter(e -> e.getValue() > shard.sentinels().size() / 2)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /**
     * A connection opened before a failover must not keep writing to the old master once the
     * Sentinels have turned away from it: it is cut while the old master still says role:master
     * (Sentinel demotes it seconds later), not when it stops saying so.
     */
    @Test
    void aConnectionHeldOnTheOldMasterIsCutWhenTheSentinelsTurnAwayFromIt() {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Endpoint oldMaster = shard.master();
            try (Jedis held = ClusterFacts.connect(shard.haproxyMaster(), null)) {
                assertThat(held.set("held", "before")).isEqualTo("OK");
                try (Jedis sentinel = ClusterFacts.connect(shard.sentinels().get(0), null)) {
                    assertThat(sentinel.sentinelFailover(shard.masterName())).isEqualTo("OK");
                }
                String oldRoleWhenCut = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (oldRoleWhenCut == null && System.nanoTime() < deadline) {
                    try {
                        held.ping();
                        ClusterFacts.sleep(10);
                    } catch (RuntimeException cut) {
                        oldRoleWhenCut = ClusterFacts.info(oldMaster, null, "replication").get("role");
                    }
                }
                assertThat(oldRoleWhenCut).as("the old master's role when the held connection was cut")
                        .isEqualTo("master");
            }
            shard.awaitHealthy(WAIT);
        }
    }

    @Test
    void afterAFailoverSentDirectlyToASentinelOnlyTheNewMasterIsReached() {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            String old = String.valueOf(shard.master().port());
            try (Jedis sentinel = ClusterFacts.connect(shard.sentinels().get(2), null)) {
                assertThat(sentinel.sentinelFailover(shard.masterName())).isEqualTo("OK");
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            String named;
            while ((named = majorityView(shard)) == null || named.equals(old)) {
                assertThat(System.nanoTime()).as("the Sentinels name a new master in time").isLessThan(deadline);
            }
            // From the moment a majority names the new master: never the old one again, and
            // soon 20 fresh connections in a row on the new one.
            List<String> seen = new ArrayList<>();
            int inARow = 0;
            while (inARow < 20 && System.nanoTime() < deadline) {
                String port = reached(shard.haproxyMaster());
                seen.add(port);
                inARow = port.equals(named) ? inARow + 1 : 0;
            }
            assertThat(seen).doesNotContain(old);
            assertThat(inARow).as("connections in a row on the new master, of %s", seen).isEqualTo(20);
        }
    }

    /**
     * With ROLE_CHECK, HAProxy trusts each node's own role: from the promotion until Sentinel
     * converts the old master (seconds later), both say role:master and fresh connections are
     * spread over the two. The fact waited for is that split itself: the old master reached again
     * after another one was. Bounded generously: a loaded machine shows it late, not never.
     */
    @Test
    void roleCheckRoutingReproducesTheWriteUpsSplitWindow() {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withRouting(Routing.ROLE_CHECK)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            String old = String.valueOf(shard.master().port());
            try (Jedis sentinel = ClusterFacts.connect(shard.sentinels().get(0), null)) {
                assertThat(sentinel.sentinelFailover(shard.masterName())).isEqualTo("OK");
            }
            List<String> reachedInOrder = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                reachedInOrder.add(reached(shard.haproxyMaster()));
                assertThat(oldReachedAfterAnother(reachedInOrder, old))
                        .as("fresh connections reached another master, then the old one (%s) again; reached: %s",
                                old, runs(reachedInOrder))
                        .isTrue();
            });
        }
    }

    private static boolean oldReachedAfterAnother(List<String> reachedInOrder, String old) {
        boolean another = false;
        for (String port : reachedInOrder) {
            if (another && port.equals(old)) {
                return true;
            }
            another |= !port.equals(old) && !port.equals("none");
        }
        return false;
    }

    /** {@code [7100 x12, none x3, 7101 x1, ...]}: what was reached, in order, repeats counted. */
    private static String runs(List<String> reachedInOrder) {
        List<String> runs = new ArrayList<>();
        String last = null;
        int count = 0;
        for (String port : reachedInOrder) {
            if (!port.equals(last) && last != null) {
                runs.add(last + " x" + count);
                count = 0;
            }
            last = port;
            count++;
        }
        if (last != null) {
            runs.add(last + " x" + count);
        }
        return runs.toString();
    }

    @Test
    void duringAKillEveryAcknowledgedWriteEndsUpOnTheFinalMaster() throws Exception {
        try (var cluster = ClusterFacts.newCluster().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Node old = shard.masterNode();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> writeCounter(shard.haproxyMaster(), acknowledged, writing));
            writer.start();
            try {
                long warmUp = System.nanoTime() + WAIT.toNanos();
                while (acknowledged.size() < 20 && System.nanoTime() < warmUp) {
                    ClusterFacts.sleep(10);
                }
                old.kill();
                shard.awaitMasterChange(WAIT);
                int before = acknowledged.size();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (acknowledged.size() < before + 50 && System.nanoTime() < deadline) {
                    ClusterFacts.sleep(10);
                }
            } finally {
                writing.set(false);
                writer.join();
            }
            Node last = shard.masterNode();
            assertThat(last.name()).isNotEqualTo(old.name());
            try (Jedis jedis = ClusterFacts.connect(last.endpoint(), null)) {
                Set<Long> stored = new java.util.HashSet<>();
                jedis.lrange("counter", 0, -1).forEach(v -> stored.add(Long.parseLong(v)));
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(70);
                assertThat(stored).containsAll(acknowledged);
            }
        }
    }

    /**
     * Every 10 ms, RPUSH the next value through the master port; a value counts as acknowledged
     * once the node that took it also has it on all of its replicas (WAIT), so that a plain
     * asynchronous-replication loss is not mistaken for a routing error.
     */
    private static void writeCounter(Endpoint masterPort, Set<Long> acknowledged, AtomicBoolean writing) {
        long next = 0;
        long stop = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (writing.get() && System.nanoTime() < stop) {
            try (Jedis jedis = ClusterFacts.connect(masterPort, null)) {
                int replicas = Integer.parseInt(jedis.info("replication").lines()
                        .filter(l -> l.startsWith("connected_slaves:")).findFirst().orElseThrow().substring(17).trim());
                while (writing.get() && System.nanoTime() < stop) {
                    long value = next++;
                    jedis.rpush("counter", String.valueOf(value));
                    if (jedis.waitReplicas(replicas, 200) >= replicas) {
                        acknowledged.add(value);
                    }
                    ClusterFacts.sleep(10);
                }
            } catch (RuntimeException cutOffDuringFailover) {
                ClusterFacts.sleep(10);
            }
        }
    }

    @Test
    void withOneSentinelOfEachShardStoppedRoutingAndFailoverStillWork() {
        try (var cluster = ClusterFacts.newCluster()) {
            ClusterFacts.start(cluster);
            for (int i = 0; i < cluster.shardCount(); i++) {
                cluster.shard(i).sentinelNode(0).stop();
            }
            awaitHaproxySeesSentinelZeroDown(cluster);
            for (int i = 0; i < cluster.shardCount(); i++) {
                Shard shard = cluster.shard(i);
                assertThat(reached(shard.haproxyMaster())).isEqualTo(String.valueOf(shard.master().port()));
            }
            Node promoted = cluster.shard(1).failover();
            for (int n = 0; n < 20; n++) {
                assertThat(reached(cluster.shard(1).haproxyMaster())).isEqualTo(String.valueOf(promoted.endpoint().port()));
            }
            Shard shard2 = cluster.shard(2);
            Node killed = shard2.masterNode().kill();
            Node replacement = shard2.awaitMasterChange(WAIT);
            assertThat(replacement.name()).isNotEqualTo(killed.name());
            try (Jedis jedis = ClusterFacts.connect(shard2.haproxyMaster(), null)) {
                assertThat(jedis.set("still", "works")).isEqualTo("OK");
            }
        }
    }

    /**
     * Until HAProxy's checks have run against the stopped Sentinels, routing still rests on their
     * last answers: only then does a routing check say anything about working without them.
     */
    private static void awaitHaproxySeesSentinelZeroDown(RedisShardedClusterContainer cluster) {
        Endpoint api = cluster.haproxyRuntimeApi();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<HaproxyAdmin.ServerState> stillUp = List.of();
        do {
            try {
                stillUp = HaproxyAdmin.servers(api.host(), api.port(), Duration.ofSeconds(2)).stream()
                        .filter(s -> s.server().equals("sentinel-0") && !s.status().startsWith("DOWN")).toList();
            } catch (IOException notAnswering) {
                stillUp = List.of(new HaproxyAdmin.ServerState("runtime API", "-", notAnswering.toString(), ""));
            }
            if (stillUp.isEmpty()) {
                return;
            }
            ClusterFacts.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("HAProxy still checks the stopped Sentinels as up: " + stillUp);
    }

}
