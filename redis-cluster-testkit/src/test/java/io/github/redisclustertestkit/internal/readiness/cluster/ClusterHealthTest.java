package io.github.redisclustertestkit.internal.readiness.cluster;

import io.github.redisclustertestkit.internal.probe.RespClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real replies, captured from 3 x 1 clusters formed with CLUSTER MEET, ADDSLOTSRANGE and
 * CLUSTER REPLICATE (scripts/cluster-facts.py): nodes on 127.0.0.1:46301..46311, odd ports.
 */
class ClusterHealthTest {

    private static final List<NodeAddress> NODES = IntStream.range(0, 6)
            .mapToObj(i -> new NodeAddress("127.0.0.1", 46301 + 2 * i)).toList();

    static String fixture(String name) {
        try (InputStream in = ClusterHealthTest.class.getResourceAsStream("/redis-cluster/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every node's reports from one capture. Only one replica's INFO replication was captured;
     * the others' are that reply with the master its own CLUSTER NODES names.
     */
    private static Map<NodeAddress, NodeReport> ready(String server) {
        Map<String, String> capturedReplica = RespClient.parseInfo(fixture("redis-7.0/ready-info-replication-replica.txt"));
        Map<NodeAddress, NodeReport> reports = new LinkedHashMap<>();
        for (int i = 0; i < NODES.size(); i++) {
            String nodes = fixture(server + "/ready-cluster-nodes-" + i + ".txt");
            reports.put(NODES.get(i), NodeReport.of(fixture(server + "/ready-cluster-info.txt"), nodes,
                    replicationOf(nodes, capturedReplica)));
        }
        return reports;
    }

    private static Map<String, String> replicationOf(String clusterNodes, Map<String, String> replicaTemplate) {
        List<ClusterNodeEntry> entries = ClusterNodeEntry.parseAll(clusterNodes);
        ClusterNodeEntry myself = entries.stream().filter(ClusterNodeEntry::isMyself).findFirst().orElseThrow();
        if (!myself.isReplica()) {
            return Map.of("role", "master");
        }
        NodeAddress master = entries.stream().filter(e -> e.id().equals(myself.masterId())).findFirst().orElseThrow().address();
        Map<String, String> info = new LinkedHashMap<>(replicaTemplate);
        info.put("master_host", master.host());
        info.put("master_port", String.valueOf(master.port()));
        return info;
    }

    @Test
    void aFormedClusterIsReadyOnRedis70AndValkey81() {
        assertThat(ClusterHealth.shortfalls(NODES, ready("redis-7.0"))).isEmpty();
        assertThat(ClusterHealth.shortfalls(NODES, ready("valkey-8.1"))).isEmpty();
    }

    @Test
    void linesAreReadFieldByField() {
        List<ClusterNodeEntry> entries = ClusterNodeEntry.parseAll(fixture("redis-7.0/ready-cluster-nodes-0.txt"));

        ClusterNodeEntry me = entries.stream().filter(ClusterNodeEntry::isMyself).findFirst().orElseThrow();
        assertThat(me.address()).isEqualTo(new NodeAddress("127.0.0.1", 46301));
        assertThat(me.busPort()).isEqualTo(46351);
        assertThat(me.flags()).containsExactlyInAnyOrder("myself", "master");
        assertThat(me.masterId()).isNull();
        assertThat(me.configEpoch()).isEqualTo(1);
        assertThat(me.linkState()).isEqualTo("connected");
        assertThat(me.slots()).extracting(Object::toString).containsExactly("0-5461");
        assertThat(ClusterNodeEntry.parse("abc 127.0.0.1:7000@17000,node-a.example master - 0 0 1 connected 0-10 12"
                + " [13->-def]").slots()).extracting(Object::toString).containsExactly("0-10", "12");
        assertThat(ClusterNodeEntry.parse("abc ::1:7000@17000 master - 0 0 1 connected").address())
                .isEqualTo(new NodeAddress("::1", 7000));
        // A fresh node knows no address of its own until a peer's MEET tells it.
        assertThat(ClusterNodeEntry.parseAll(fixture("redis-7.0/fresh-cluster-nodes.txt")).get(0).address()).isNull();
    }

    @Test
    void everyNodeKnowsEveryMastersOwnConfigEpoch() {
        // As a replica whose master was killed 4 s after formation saw it: its master still at
        // epoch 0, as another master is; the voters knew epoch 2 and refused its failover.
        assertThat(firstShortfallWithReplicasViewOf46301AtEpoch(0)).hasValueSatisfying(s -> {
            assertThat(s.node()).isEqualTo(NODES.get(3));
            assertThat(s.awaited()).isEqualTo("masters with slots at distinct config epochs");
            assertThat(s.seen()).isEqualTo("127.0.0.1:46301, 127.0.0.1:46305 at config epoch 0");
        });
        // Distinct, but not the epoch the others know.
        assertThat(firstShortfallWithReplicasViewOf46301AtEpoch(5)).hasValueSatisfying(s -> {
            assertThat(s.node()).isEqualTo(NODES.get(3));
            assertThat(s.awaited()).startsWith("the view of 127.0.0.1:46301");
            assertThat(s.seen()).isEqualTo("127.0.0.1:46301 master of [0-5461] at config epoch 5");
        });
    }

    /** A ready cluster, but 46307 (46301's replica) lists 46301 at {@code epoch}; the others at 1. */
    private static Optional<Shortfall> firstShortfallWithReplicasViewOf46301AtEpoch(int epoch) {
        String line = "127.0.0.1:46301@46351 master - 0 1796375807820 1 connected 0-5461";
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        NodeReport replica = reports.get(NODES.get(3));
        assertThat(replica.clusterNodes()).contains(line);
        reports.put(NODES.get(3), NodeReport.of(replica.clusterInfo(), replica.clusterNodes().replace(line,
                line.replace(" 1 connected", " " + epoch + " connected")), replica.replication()));
        return ClusterHealth.firstShortfall(NODES, reports);
    }

    @Test
    void aFreshNodeIsNotReady() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        reports.put(NODES.get(0), NodeReport.of(fixture("redis-7.0/fresh-cluster-info.txt"),
                fixture("redis-7.0/fresh-cluster-nodes.txt"), Map.of("role", "master")));

        assertThat(ClusterHealth.firstShortfall(NODES, reports)).hasValueSatisfying(s -> {
            assertThat(s.node()).isEqualTo(NODES.get(0));
            assertThat(s.awaited()).isEqualTo("cluster_state:ok");
            assertThat(s.seen()).isEqualTo("cluster_state:fail");
        });
    }

    @Test
    void slotsAreCountedEvenWhenTheStateIsOk() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        String suspecting = fixture("redis-7.0/ready-cluster-info.txt").replace("cluster_slots_ok:16384", "cluster_slots_ok:10922");
        reports.put(NODES.get(2), NodeReport.of(suspecting, fixture("redis-7.0/ready-cluster-nodes-2.txt"), Map.of("role", "master")));

        assertThat(ClusterHealth.firstShortfall(NODES, reports)).hasValueSatisfying(s ->
                assertThat(s.seen()).isEqualTo("cluster_slots_assigned:16384 cluster_slots_ok:10922"));
    }

    @Test
    void aSuspectedMasterIsNamed() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        // Captured 0.6 s after docker kill of the master on 46301, at node-timeout 500 ms, on 46311.
        reports.put(NODES.get(5), NodeReport.of(fixture("redis-7.0/ready-cluster-info.txt"),
                fixture("redis-7.0/after-kill-nodes-pfail.txt"), null));

        assertThat(ClusterHealth.shortfalls(NODES, reports)).filteredOn(s -> s.node().equals(NODES.get(5)))
                .singleElement().satisfies(s -> assertThat(s.seen()).isEqualTo("127.0.0.1:46301 flagged fail?"));
    }

    @Test
    void afterAFailoverTheStateIsOkButTheDeadMasterIsStillFlagged() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        reports.put(NODES.get(0), NodeReport.failed("Connection refused"));
        // Captured on 46303 once every surviving node said cluster_state:ok after the kill.
        reports.put(NODES.get(1), NodeReport.of(fixture("redis-7.0/after-failover-info.txt"),
                fixture("redis-7.0/after-failover-nodes.txt"), Map.of("role", "master")));

        List<Shortfall> found = ClusterHealth.shortfalls(NODES, reports);

        assertThat(found).extracting(Shortfall::toString).startsWith(
                "127.0.0.1:46301: awaited replies to CLUSTER INFO, CLUSTER NODES and INFO, saw Connection refused",
                "127.0.0.1:46303: awaited no node flagged fail?, fail, handshake or noaddr, saw 127.0.0.1:46301 flagged fail");
    }

    @Test
    void afterAMasterChangeANodeFollowsTheNewMasterOnlyWithStateOkAndTheNewMasterUnflagged() {
        NodeAddress promoted = NODES.get(3);
        // On 46303 once every surviving node said cluster_state:ok after the kill of 46301.
        NodeReport following = NodeReport.of(fixture("redis-7.0/after-failover-info.txt"),
                fixture("redis-7.0/after-failover-nodes.txt"), Map.of("role", "master"));
        assertThat(ClusterHealth.followsMaster(NODES.get(1), following, promoted)).isEmpty();

        // Another shard's master whose state is still fail (as while it counts the old master
        // failed): it answers CLUSTERDOWN even for its own slots.
        NodeReport stale = NodeReport.of(fixture("redis-7.0/after-failover-info.txt").replace("cluster_state:ok",
                "cluster_state:fail"), fixture("redis-7.0/after-failover-nodes.txt"), Map.of("role", "master"));
        assertThat(ClusterHealth.followsMaster(NODES.get(1), stale, promoted)).hasValueSatisfying(s -> {
            assertThat(s.awaited()).isEqualTo("cluster_state:ok, naming 127.0.0.1:46307 master of slots, not failed");
            assertThat(s.seen()).isEqualTo("cluster_state:fail");
        });

        // State ok (the suspicion is not agreed yet), but the old master still owns the slots.
        NodeReport suspecting = NodeReport.of(fixture("redis-7.0/ready-cluster-info.txt"),
                fixture("redis-7.0/after-kill-nodes-pfail.txt"), null);
        assertThat(ClusterHealth.followsMaster(NODES.get(5), suspecting, promoted)).hasValueSatisfying(s ->
                assertThat(s.seen()).isEqualTo("127.0.0.1:46307 flagged slave without slots"));
        // Its own suspicion (fail?) is no failure: it still redirects clients to 46301.
        assertThat(ClusterHealth.followsMaster(NODES.get(5), suspecting, NODES.get(0))).isEmpty();
        // Once the majority agreed (fail) and before the replica took the slots over, the old
        // master still lists them: it is no master to follow.
        NodeReport agreedFailed = NodeReport.of(fixture("redis-7.0/ready-cluster-info.txt"),
                fixture("redis-7.0/after-kill-nodes-pfail.txt").replace("master,fail?", "master,fail"), null);
        assertThat(ClusterHealth.followsMaster(NODES.get(5), agreedFailed, NODES.get(0))).hasValueSatisfying(s ->
                assertThat(s.seen()).isEqualTo("127.0.0.1:46301 flagged fail,master with slots [0-5461]"));
        // Once the majority agreed (fail), the old master is named as failed.
        assertThat(ClusterHealth.followsMaster(NODES.get(1), following, NODES.get(0))).hasValueSatisfying(s ->
                assertThat(s.seen()).isEqualTo("127.0.0.1:46301 flagged fail,master without slots"));
        assertThat(ClusterHealth.followsMaster(NODES.get(1), following, new NodeAddress("127.0.0.1", 46399)))
                .hasValueSatisfying(s -> assertThat(s.seen()).isEqualTo("no entry for 127.0.0.1:46399"));

        assertThat(ClusterHealth.followsMaster(NODES.get(1), NodeReport.failed("Connection refused"), promoted))
                .hasValueSatisfying(s -> assertThat(s.seen()).isEqualTo("Connection refused"));
    }

    @Test
    void theMasterOfAShardIsTheOneMoreThanHalfOfAllNodesNameAsServingItsSlots() {
        String promoted = fixture("redis-7.0/after-failover-nodes.txt");
        String suspecting = fixture("redis-7.0/after-kill-nodes-pfail.txt");
        Predicate<NodeAddress> shard0 = a -> a.port() == 46301 || a.port() == 46307;
        assertThat(ClusterHealth.namedByMajority(
                List.of(promoted, promoted, promoted, promoted, suspecting, suspecting), 6, shard0))
                .contains(NODES.get(3));
        String failed = suspecting.replace("master,fail?", "master,fail");
        assertThat(ClusterHealth.namedByMajority(List.of(failed, failed, failed, failed), 6, shard0)).isEmpty();
        // Three of six is no majority; neither is the old master, named by nodes that only suspect it.
        assertThat(ClusterHealth.namedByMajority(List.of(promoted, promoted, promoted, suspecting, suspecting,
                suspecting), 6, shard0)).isEmpty();
        // A reply that is not CLUSTER NODES is no vote, and does not spoil the others.
        assertThat(ClusterHealth.namedByMajority(List.of(promoted, promoted, promoted, promoted, "ERR This instance"
                + " has cluster support disabled"), 6, shard0)).contains(NODES.get(3));
        // Only the candidates count: every node names 46303 for shard-1's slots.
        List<String> ready = IntStream.range(0, 6).mapToObj(i -> fixture("redis-7.0/ready-cluster-nodes-" + i + ".txt"))
                .toList();
        assertThat(ClusterHealth.namedByMajority(ready, 6, a -> a.port() == 46303 || a.port() == 46309))
                .contains(NODES.get(1));
        assertThat(ClusterHealth.namedByMajority(ready, 6, shard0)).contains(NODES.get(0));
    }

    @Test
    void nodesThatAgreeOnSlotsButNotOnReplicasAreNotReady() {
        // Real: right after CLUSTER REPLICATE on Redis 8.0, nodes 0 and 4 still listed 46311 as a
        // master without slots, while every node named the same owner for every slot.
        List<Shortfall> found = ClusterHealth.shortfalls(NODES, ready("redis-8.0"));

        assertThat(found).extracting(Shortfall::node).containsExactlyInAnyOrder(NODES.get(1), NODES.get(2),
                NODES.get(3), NODES.get(5));
        assertThat(found.get(0).seen()).isEqualTo("127.0.0.1:46311 replica of 127.0.0.1:46305");
    }

    @Test
    void aNodeKnownAtAnotherAddressIsNotReady() {
        List<NodeAddress> elsewhere = NODES.stream().map(e -> new NodeAddress("10.128.9.2", e.port())).toList();
        Map<NodeAddress, NodeReport> reports = new LinkedHashMap<>();
        ready("redis-7.0").forEach((e, r) -> reports.put(new NodeAddress("10.128.9.2", e.port()), r));

        assertThat(ClusterHealth.firstShortfall(elsewhere, reports)).hasValueSatisfying(s ->
                assertThat(s.awaited()).startsWith("exactly the nodes [10.128.9.2:46301,"));
    }

    @Test
    void aForgottenOrHandshakingNodeIsNotReady() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        String withHandshake = fixture("redis-7.0/ready-cluster-nodes-3.txt")
                + "0123456789012345678901234567890123456789 127.0.0.1:46311@46361 handshake - 0 0 0 connected\n";
        reports.put(NODES.get(3), NodeReport.of(fixture("redis-7.0/ready-cluster-info.txt"), withHandshake,
                reports.get(NODES.get(3)).replication()));

        assertThat(ClusterHealth.firstShortfall(NODES, reports)).hasValueSatisfying(s -> {
            assertThat(s.node()).isEqualTo(NODES.get(3));
            assertThat(s.seen()).contains("127.0.0.1:46311, 127.0.0.1:46311");
        });
    }

    @Test
    void aReplicaWithItsLinkDownIsNotReady() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        NodeReport replica = reports.get(NODES.get(3));
        Map<String, String> down = new LinkedHashMap<>(replica.replication());
        down.put("master_link_status", "down");
        reports.put(NODES.get(3), NodeReport.of(replica.clusterInfo(), replica.clusterNodes(), down));

        assertThat(ClusterHealth.firstShortfall(NODES, reports)).hasValueSatisfying(s -> {
            assertThat(s.awaited()).isEqualTo("role:slave of 127.0.0.1:46301 with master_link_status:up");
            assertThat(s.seen()).isEqualTo("role:slave of 127.0.0.1:46301 master_link_status:down");
        });
    }

    @Test
    void aReplyOfANodeOutsideClusterModeIsNamed() {
        Map<NodeAddress, NodeReport> reports = ready("redis-7.0");
        reports.put(NODES.get(4), NodeReport.of("# Cluster\r\ncluster_enabled:0\r\n", "", null));

        assertThat(ClusterHealth.firstShortfall(NODES, reports)).hasValueSatisfying(s ->
                assertThat(s.seen()).startsWith("CLUSTER INFO has no cluster_state"));
    }
}
