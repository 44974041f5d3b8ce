package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NetAdmin;
import io.github.redisclustertestkit.internal.faults.NetworkRules;
import io.github.redisclustertestkit.internal.readiness.HaproxyAdmin;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Network faults are iptables rules between the nodes' own loopback addresses: in force when the
 * call returns, exactly between the nodes named, and gone after heal, stop, and the next start
 * after a killed JVM. The test opens connections from a node's address itself (any 127.0.0.0/8
 * address is this machine's) to see what the node would see.
 */
class NetworkFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> OURS = new ArrayList<>();

    @AfterAll
    static void noRuleOfOursIsLeft() {
        String rules = NetAdmin.run(NetworkRules.list());
        for (String clusterId : OURS) {
            assertThat(NetworkRules.hasRules(rules, clusterId)).as("rules of " + clusterId + " in\n" + rules).isFalse();
            assertThat(ClusterContainers.count(clusterId)).as(clusterId).isZero();
        }
    }

    private static RedisShardedClusterContainer small() {
        return new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1).withSentinelsPerShard(1)
                .withNetworkFaults(true);
    }

    @Test
    void aPartitionCutsExactlyTheNodesNamedAndHealAndStopRemoveEveryRule() throws Exception {
        String clusterId;
        try (var cluster = small()) {
            ClusterFacts.start(cluster);
            clusterId = cluster.clusterId();
            OURS.add(clusterId);
            Shard shard = cluster.shard(0);
            Endpoint master = shard.master();
            Endpoint replica = shard.replicas().get(0);
            Endpoint sentinel = shard.sentinels().get(0);
            assertThat(List.of(master.host(), replica.host(), sentinel.host(), cluster.host()))
                    .allMatch(h -> h.startsWith("127.82.")).doesNotHaveDuplicates();
            assertThat(ClusterFacts.info(master, null, "replication").get("slave0"))
                    .as("the master names the replica by its own address").startsWith("ip=" + replica.host() + ",");
            assertThat(connects(replica.host(), master)).isTrue();

            long partialResyncs = Long.parseLong(ClusterFacts.info(master, null, "stats").get("sync_partial_ok"));
            long began = System.nanoTime();
            cluster.network().partition(Set.of(shard.masterNode()), Set.of(shard.replicaNodes().get(0)));
            long applied = System.nanoTime();

            assertThat(connects(replica.host(), master)).as("replica -> master").isFalse();
            assertThat(connects(master.host(), replica)).as("master -> replica").isFalse();
            assertThat(connects(sentinel.host(), master)).as("sentinel -> master").isTrue();
            assertThat(connects("127.0.0.1", master)).as("the test -> master").isTrue();
            assertThat(cluster.network().rules()).containsExactlyInAnyOrder(
                    "shard-0 redis-0 -> shard-0 redis-1", "shard-0 redis-1 -> shard-0 redis-0");
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), clusterId)).isTrue();

            long healing = System.nanoTime();
            cluster.network().heal();
            System.out.printf("NetworkFaultsIT: partition in force after %d ms, healed after %d ms%n",
                    (applied - began) / 1_000_000, (System.nanoTime() - healing) / 1_000_000);
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), clusterId)).as("after heal").isFalse();
            assertThat(connects(replica.host(), master)).as("replica -> master after heal").isTrue();
            // The link across the cut is made anew rather than left to the kernel's retransmission backoff.
            await("the replica connects again and resumes with a partial resync").atMost(WAIT)
                    .until(() -> Long.parseLong(ClusterFacts.info(master, null, "stats").get("sync_partial_ok")),
                            n -> n > partialResyncs);

            cluster.network().dropTraffic(shard.sentinelNode(0), shard.masterNode());
            assertThat(connects(sentinel.host(), master)).as("sentinel -> master, dropped").isFalse();
            assertThat(connects(replica.host(), master)).as("replica -> master, not named").isTrue();
            assertThat(cluster.diagnostics()).contains("network faults in force (packets dropped from -> to):"
                    + " [shard-0 sentinel-0 -> shard-0 redis-0]");
            cluster.network().heal();

            // HAProxy checks from its own address: cut off, its check of the replica fails.
            cluster.network().isolate(shard.replicaNodes().get(0), ClusterNetwork.Haproxy.CUT_OFF);
            Endpoint api = cluster.haproxyRuntimeApi();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(HaproxyAdmin.servers(api.host(), api.port(), Duration.ofSeconds(2)))
                            .as("HAProxy's check of the replica, cut off: the replicas port's servers")
                            .filteredOn(s -> s.backend().equals("shard-0-replicas"))
                            .anyMatch(s -> s.status().startsWith("DOWN")));
            cluster.heal(WAIT);
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), clusterId)).as("after heal(timeout)")
                    .isFalse();
        }
        assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), clusterId)).as("after stop").isFalse();
    }

    @Test
    void withoutTheOptionNodesShareOneAddressAndTheApiSaysWhatToEnable() {
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1)
                .withSentinelsPerShard(1)) {
            ClusterFacts.start(cluster);
            assertThat(cluster.shard(0).master().host()).isEqualTo("127.0.0.1");
            assertThatIllegalStateException().isThrownBy(() -> cluster.network().isolate(cluster.shard(0).masterNode()))
                    .withMessageContaining("withNetworkFaults(true)")
                    .withMessageContaining("Kill, stop and pause of nodes work without it");
        }
    }

    /** A JVM that starts a cluster, cuts it, prints its id, and waits to be killed. */
    public static final class PartitionedOwner {
        public static void main(String[] args) throws IOException {
            RedisShardedClusterContainer cluster = small();
            cluster.start();
            cluster.network().isolate(cluster.shard(0).masterNode());
            System.out.println(ClusterFacts.OWNER_READY + cluster.clusterId());
            System.out.flush();
            while (System.in.read() != -1) {
                // killed by the test
            }
        }
    }

    @Test
    void theNextStartRemovesTheRulesOfAKilledJvmsCluster(@TempDir Path dir) throws Exception {
        String dead = clusterOfAKilledPartitioningJvm(dir);
        try (var cluster = small()) {
            ClusterFacts.start(cluster);
            OURS.add(cluster.clusterId());
            assertThat(ClusterContainers.count(dead)).isZero();
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), dead)).as("after the next start")
                    .isFalse();
        } finally {
            ClusterContainers.removeAll(dead);
        }
    }

    @Test
    void removingAKilledJvmsClusterAsDownDoesRemovesItsRules(@TempDir Path dir) throws Exception {
        String dead = clusterOfAKilledPartitioningJvm(dir);
        try {
            ClusterContainers.removeAll(dead); // what `down <id>` and an unfit reused cluster's removal run
            assertThat(ClusterContainers.count(dead)).isZero();
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), dead)).as("after removeAll")
                    .isFalse();
        } finally {
            ClusterContainers.removeAll(dead);
        }
    }

    /**
     * Runs a {@link PartitionedOwner}, SIGKILLs it (neither stop() nor the shutdown hook runs), checks
     * that its rules are left behind, and returns its cluster's id.
     */
    private static String clusterOfAKilledPartitioningJvm(Path dir) throws Exception {
        ChildJvm.Started owner = ChildJvm.of(PartitionedOwner.class).start(dir.resolve("owner.log"));
        String dead = null;
        try {
            dead = owner.awaitLineAfter(ClusterFacts.OWNER_READY, ClusterFacts.OWNER_START);
            OURS.add(dead);
            owner.close(); // SIGKILL: neither stop() nor the shutdown hook runs
            assertThat(owner.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(NetworkRules.hasRules(NetAdmin.run(NetworkRules.list()), dead)).as("left behind").isTrue();
            return dead;
        } catch (Exception | Error e) {
            owner.close();
            if (dead != null) {
                ClusterContainers.removeAll(dead);
            }
            throw e;
        }
    }

    /** Whether a TCP connection from {@code source} (a local address) to {@code target} opens within 500 ms. */
    private static boolean connects(String source, Endpoint target) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(target.host(), target.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
