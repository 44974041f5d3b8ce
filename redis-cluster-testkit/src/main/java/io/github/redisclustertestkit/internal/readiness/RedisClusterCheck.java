package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.cluster.ClusterHealth;
import io.github.redisclustertestkit.internal.readiness.cluster.NodeAddress;
import io.github.redisclustertestkit.internal.readiness.cluster.NodeReport;
import io.github.redisclustertestkit.internal.readiness.cluster.Shortfall;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A native Redis Cluster is formed and healthy: every node's own view holds and all views are one
 * ({@link ClusterHealth} has the rule and why each part is needed). One check for the whole
 * cluster, as every node's view counts: a shard is not healthy while another node disagrees on it.
 */
final class RedisClusterCheck implements ReadinessCheck {

    private final ClusterPlan plan;

    RedisClusterCheck(ClusterPlan plan) {
        this.plan = plan;
    }

    @Override
    public String name() {
        return "cluster state ok, slots covered, one view";
    }

    @Override
    public Optional<Problem> evaluate(Probe probe) {
        List<NodeAddress> expected = plan.redisNodes().stream().map(n -> address(probe, n)).toList();
        Map<NodeAddress, NodeReport> reports = new LinkedHashMap<>();
        for (NodePlan node : plan.redisNodes()) {
            reports.put(address(probe, node), report(probe, node));
        }
        return ClusterHealth.firstShortfall(expected, reports).map(this::problem);
    }

    static NodeAddress address(Probe probe, NodePlan node) {
        return new NodeAddress(probe.host(node.port()), node.port());
    }

    /** What one node answers; a node that does not answer is a report of why. */
    static NodeReport report(Probe probe, NodePlan node) {
        try (RespClient client = probe.redis(node.port())) {
            String info = String.valueOf(client.call("CLUSTER", "INFO"));
            String nodes = String.valueOf(client.call("CLUSTER", "NODES"));
            return NodeReport.of(info, nodes, client.info("replication"));
        } catch (IOException | RespErrorException e) {
            return NodeReport.failed(Probe.seen(e));
        }
    }

    private Problem problem(Shortfall shortfall) {
        NodePlan node = plan.redisNodes().stream().filter(n -> n.port() == shortfall.node().port()).findFirst()
                .orElseThrow();
        return new Problem(node, shortfall.awaited(), shortfall.seen());
    }
}
