package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PortSource;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Log lines as Docker stamps them, in the shapes Redis 6-8, Valkey 8 and HAProxy 2.6/3.0 print them here. */
class LogEventsTest {

    private static final Addresses LOCAL = Addresses.resolve(null, "localhost", InetAddress.getLoopbackAddress());
    private static final PortSource PORTS = count -> IntStream.range(20000, 20000 + count).boxed().toList();

    private static ClusterPlan plan(Topology topology) {
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().topology(topology).build();
        return Planner.plan(spec, new Server(ServerFlavour.REDIS, "7.0.15"), "abcd1234", LOCAL, PORTS, new Random(1));
    }

    private static NodePlan node(ClusterPlan plan, NodeKind kind) {
        return plan.nodes().stream().filter(n -> n.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aSentinelsFailoverDecisionsAndNotItsDiscoveryChatter() {
        ClusterPlan plan = plan(Topology.SENTINEL);
        NodePlan sentinel = node(plan, NodeKind.SENTINEL);
        String log = """
                2026-12-04T15:21:44.274986715Z 1:X 04 Dec 2026 15:21:44.274 # +monitor master shard-0 127.0.0.1 20001 quorum 2
                2026-12-04T15:21:45.100000000Z 1:X 04 Dec 2026 15:21:45.099 * +slave slave 127.0.0.1:20002 127.0.0.1 20002 @ shard-0 127.0.0.1 20001
                2026-12-04T15:22:01.500000000Z 1:X 04 Dec 2026 15:22:01.499 # +sdown master shard-0 127.0.0.1 20001
                2026-12-04T15:22:01.600000000Z 1:X 04 Dec 2026 15:22:01.599 # +odown master shard-0 127.0.0.1 20001 #quorum 2/2
                2026-12-04T15:22:02.900000000Z 1:X 04 Dec 2026 15:22:02.899 # +switch-master shard-0 127.0.0.1 20001 127.0.0.1 20002
                2026-12-04T15:22:09.000000000Z 1:X 04 Dec 2026 15:22:08.999 # -failover-abort-slave-timeout master shard-0 127.0.0.1 20002
                not a stamped line
                """;

        assertThat(LogEvents.parse(plan, sentinel, log))
                .extracting(e -> e.at().toString(), Timeline.Event::kind, Timeline.Event::node, Timeline.Event::detail)
                .containsExactly(
                        tuple("2026-12-04T15:22:01.500Z", "sentinel", sentinel.name(), "+sdown master shard-0 127.0.0.1 20001"),
                        tuple("2026-12-04T15:22:01.600Z", "sentinel", sentinel.name(),
                                "+odown master shard-0 127.0.0.1 20001 #quorum 2/2"),
                        tuple("2026-12-04T15:22:02.900Z", "sentinel", sentinel.name(),
                                "+switch-master shard-0 127.0.0.1 20001 127.0.0.1 20002"),
                        tuple("2026-12-04T15:22:09Z", "sentinel", sentinel.name(),
                                "-failover-abort-slave-timeout master shard-0 127.0.0.1 20002"));
    }

    @Test
    void haproxysPortsRouteToANodeFromItsFirstUpAndStopAtTheDownThatFollows() {
        ClusterPlan plan = plan(Topology.SENTINEL);
        NodePlan haproxy = node(plan, NodeKind.HAPROXY);
        String masterLane = LogEvents.portLane(plan.shards().get(0), true);
        String replicasLane = LogEvents.portLane(plan.shards().get(0), false);
        String log = """
                2026-12-04T15:21:37.141042276Z [NOTICE]   (1) : New worker (8) forked
                2026-12-04T15:21:37.495380811Z [WARNING]  (8) : Server shard-0-master-redis-1/redis-1 is DOWN, reason: Socket error, info: "Broken pipe", check duration: 0ms. 0 active and 0 backup servers left.
                2026-12-04T15:21:37.495405438Z [ALERT]    (8) : backend 'shard-0-master-redis-1' has no server available!
                2026-12-04T15:21:37.495443260Z [WARNING]  (8) : Server shard-0-votes-redis-0/sentinel-0 is DOWN, reason: Layer4 connection problem
                2026-12-04T15:21:38.000000000Z [WARNING]  (8) : Server shard-0-master-redis-0/redis-0 is UP, reason: Layer7 check passed, code: 0
                2026-12-04T15:21:38.100000000Z [WARNING]  (8) : Server shard-0-replicas/redis-1 is UP, reason: Layer7 check passed, code: 0
                2026-12-04T15:22:01.000000000Z [WARNING]  (8) : Server shard-0-master-redis-0/redis-0 is DOWN, reason: Layer4 connection problem
                2026-12-04T15:22:03.000000000Z [WARNING]  (8) : Server shard-0-master-redis-1/redis-1 is UP, reason: Layer7 check passed, code: 0
                2026-12-04T15:22:03.000100000Z [WARNING]  (8) : Server shard-0-replicas/redis-1 is DOWN, reason: Layer7 wrong status
                """;

        assertThat(LogEvents.parse(plan, haproxy, log))
                .extracting(e -> e.at().toString(), Timeline.Event::kind, Timeline.Event::node, Timeline.Event::detail)
                .containsExactly(
                        tuple("2026-12-04T15:21:38Z", "routing", masterLane, "routes to shard-0 redis-0"),
                        tuple("2026-12-04T15:21:38.100Z", "routing", replicasLane, "routes to shard-0 redis-1"),
                        tuple("2026-12-04T15:22:01Z", "routing", masterLane, "stops routing to shard-0 redis-0"),
                        tuple("2026-12-04T15:22:03Z", "routing", masterLane, "routes to shard-0 redis-1"),
                        tuple("2026-12-04T15:22:03.000100Z", "routing", replicasLane, "stops routing to shard-0 redis-1"));
        assertThat(masterLane).isEqualTo("shard-0 master port " + plan.shards().get(0).haproxyMasterPort());
    }

    @Test
    void aNativeClusterNodesViewOfTheCluster() {
        ClusterPlan plan = plan(Topology.CLUSTER);
        NodePlan redis = node(plan, NodeKind.REDIS);
        String log = """
                2026-12-04T15:30:00.000000000Z 1:M 04 Dec 2026 15:30:00.000 * Ready to accept connections tcp
                2026-12-04T15:30:01.000000000Z 1:M 04 Dec 2026 15:30:01.000 * Marking node 5d3c8a0e4e2a6b1f9c7d0e8f1a2b3c4d5e6f7a8b () as failing (quorum reached).
                2026-12-04T15:30:01.000500000Z 1:M 04 Dec 2026 15:30:01.000 # Cluster state changed: fail
                2026-12-04T15:30:02.000000000Z 1:S 04 Dec 2026 15:30:02.000 * Failover election won for epoch 7.
                2026-12-04T15:30:02.500000000Z 1:M 04 Dec 2026 15:30:02.500 * Cluster state changed: ok
                """;

        assertThat(LogEvents.parse(plan, redis, log)).extracting(Timeline.Event::kind, Timeline.Event::detail)
                .containsExactly(
                        tuple("cluster-view", "Marking node 5d3c8a0e4e2a6b1f9c7d0e8f1a2b3c4d5e6f7a8b () as failing (quorum reached)."),
                        tuple("cluster-view", "Cluster state changed: fail"),
                        tuple("cluster-view", "Failover election won for epoch 7."),
                        tuple("cluster-view", "Cluster state changed: ok"));
        assertThat(LogEvents.parse(plan, redis, "")).isEmpty();
    }
}
