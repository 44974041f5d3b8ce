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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
                String oldRoleWhenCut = await("the held connection is cut").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(10)).until(() -> {
                            try {
                                held.ping();
                                return null;
                            } catch (RuntimeException cut) {
                                return ClusterFacts.info(oldMaster, null, "replication").get("role");
                            }
                        }, Objects::nonNull);
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
            String named = await("the Sentinels name a new master").atMost(WAIT).pollInterval(Duration.ofMillis(1))
                    .until(() -> majorityView(shard), n -> n != null && !n.equals(old));
            // From the moment a majority names the new master: never the old one again, and
            // soon 20 fresh connections in a row on the new one.
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger inARow = new AtomicInteger();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
                String port = reached(shard.haproxyMaster());
                seen.add(port);
                inARow.set(port.equals(named) ? inARow.get() + 1 : 0);
                assertThat(inARow.get()).as("connections in a row on the new master, of %s", seen).isEqualTo(20);
            });
            assertThat(seen).doesNotContain(old);
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
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> assertThat(acknowledged)
                        .as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(20));
                old.kill();
                shard.awaitMasterChange(WAIT);
                int before = acknowledged.size();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                        assertThat(acknowledged).as("writes acknowledged after the new master was named (%d before)",
                                before).hasSizeGreaterThanOrEqualTo(before + 50));
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
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<HaproxyAdmin.ServerState> stillUp;
            try {
                stillUp = HaproxyAdmin.servers(api.host(), api.port(), Duration.ofSeconds(2)).stream()
                        .filter(s -> s.server().equals("sentinel-0") && !s.status().startsWith("DOWN")).toList();
            } catch (IOException notAnswering) {
                stillUp = List.of(new HaproxyAdmin.ServerState("runtime API", "-", notAnswering.toString(), ""));
            }
            assertThat(stillUp).as("stopped Sentinels that HAProxy still checks as up").isEmpty();
        });
    }

}
