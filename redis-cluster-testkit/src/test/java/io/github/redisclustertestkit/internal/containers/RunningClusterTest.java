package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster found by its labels has the shape of the plan that started it. */
class RunningClusterTest {

    @Test
    void labelsGiveBackShardsNodesPortsAndMasterNames() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().shards(2).masterNamePrefix("cache-").build().validate();
        InetAddress local = InetAddress.getByAddress("localhost", new byte[]{127, 0, 0, 1});
        ClusterPlan plan = Planner.plan(spec, new Server(ServerFlavour.REDIS, "7.0.15"), "abcd1234",
                Addresses.resolve(null, "localhost", local),
                count -> IntStream.range(20000, 20000 + count).boxed().toList(), new Random(1));
        List<RunningCluster.Member> members = new ArrayList<>();
        for (NodePlan node : plan.nodes()) {
            members.add(new RunningCluster.Member("id-" + node.slug(), "img", "running",
                    RunningCluster.labels(plan, node, "127.0.0.1")));
        }

        RunningCluster found = RunningCluster.of("abcd1234", members);

        assertThat(found.host()).isEqualTo("127.0.0.1");
        assertThat(found.members()).hasSize(plan.nodes().size());
        assertThat(found.haproxy()).get().extracting(NodePlan::port).isEqualTo(plan.haproxy().port());
        assertThat(found.shards()).hasSize(2);
        for (ShardPlan expected : plan.shards()) {
            ShardPlan shard = found.shard(expected.index());
            assertThat(shard.masterName()).isEqualTo(expected.masterName());
            assertThat(shard.redis()).extracting(NodePlan::name, NodePlan::port).containsExactlyElementsOf(
                    expected.redis().stream().map(n -> org.assertj.core.groups.Tuple.tuple(n.name(), n.port())).toList());
            assertThat(shard.sentinels()).extracting(NodePlan::port)
                    .containsExactlyElementsOf(expected.sentinels().stream().map(NodePlan::port).toList());
            assertThat(shard.haproxyMasterPort()).isEqualTo(expected.haproxyMasterPort());
            assertThat(shard.haproxyReplicasPort()).isEqualTo(expected.haproxyReplicasPort());
        }
    }
}
