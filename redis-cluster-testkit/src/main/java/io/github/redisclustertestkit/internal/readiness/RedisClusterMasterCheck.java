package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.readiness.cluster.ClusterHealth;
import io.github.redisclustertestkit.internal.readiness.cluster.NodeAddress;
import io.github.redisclustertestkit.internal.readiness.cluster.NodeReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A native Redis Cluster shard has the master a wait is for: a majority of all the cluster's nodes
 * names it, and every node in service follows it ({@link ClusterHealth#followsMaster}), so a
 * client's writes to every slot succeed once it found the new master.
 */
public final class RedisClusterMasterCheck implements ReadinessCheck {

    private final ClusterPlan plan;
    private final ShardPlan shard;
    private final Predicate<NodePlan> wanted;
    private final String awaited;
    private final List<NodePlan> inService;

    /**
     * @param wanted    which master the wait is for
     * @param what      that master in words, after "a majority of the cluster's nodes"
     * @param inService the nodes not killed, stopped or paused, nor kept out of contact by a network
     *                  cut: any other may keep {@code cluster_state:fail} for as long as it lasts
     */
    public RedisClusterMasterCheck(ClusterPlan plan, ShardPlan shard, Predicate<NodePlan> wanted, String what,
                                   List<NodePlan> inService) {
        this.plan = plan;
        this.shard = shard;
        this.wanted = wanted;
        this.awaited = "a majority of the cluster's nodes " + what;
        this.inService = List.copyOf(inService);
    }

    /** What the wait is for, in words. */
    public String awaited() {
        return awaited + ", and every node in service follows it";
    }

    /** One round of replies from every node: the majority and each node's state are read from it. */
    @Override
    public Optional<Problem> evaluate(Probe probe) {
        Map<NodePlan, NodeReport> reports = new LinkedHashMap<>();
        plan.redisNodes().forEach(n -> reports.put(n, RedisClusterCheck.report(probe, n)));
        List<String> answers = reports.values().stream().filter(r -> r.error() == null)
                .map(NodeReport::clusterNodes).toList();
        Optional<NodePlan> agreed = Probe.agreedClusterMaster(answers, reports.size(), shard);
        if (agreed.filter(wanted).isEmpty()) {
            return Optional.of(new Problem(shard.initialMaster(), awaited, agreed.map(m -> "a majority names "
                    + m.name()).orElse("no majority names one master of " + shard.slots())));
        }
        NodeAddress master = RedisClusterCheck.address(probe, agreed.get());
        for (NodePlan node : inService) {
            Optional<Problem> lagging = ClusterHealth.followsMaster(RedisClusterCheck.address(probe, node),
                    reports.get(node), master).map(s -> new Problem(node, s.awaited(), s.seen()));
            if (lagging.isPresent()) {
                return lagging;
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return shard.masterName() + " master";
    }
}
