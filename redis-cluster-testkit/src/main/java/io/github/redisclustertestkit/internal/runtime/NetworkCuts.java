package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.Logs;
import io.github.redisclustertestkit.internal.containers.NetAdmin;
import io.github.redisclustertestkit.internal.faults.NetworkRules;
import io.github.redisclustertestkit.internal.faults.NetworkRules.Cut;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The network cuts in force on one cluster, and the iptables rules that make them. The rules of
 * every cluster of this JVM are tracked here, so that stop() and the shutdown hook remove them.
 */
public final class NetworkCuts {

    /**
     * Guards the rule changes of every cluster of this JVM, so that stop() and the shutdown hook
     * ({@link #removeRules}, static: they hold no instance) never run beside an {@link #add}
     * whose rules would then outlive the cluster. iptables serializes the changes anyway ({@code -w}).
     */
    private static final Object LOCK = new Object();
    /** The clusters of this JVM that may have rules now: stop and the shutdown hook remove them. */
    private static final Set<String> WITH_RULES = new HashSet<>();
    /** The clusters whose rules stop() or the shutdown hook removed: no rule may be added after. */
    private static final Set<String> CLOSED = new HashSet<>();

    private final ClusterPlan plan;
    private final Timeline timeline;
    /** The cuts in force; guarded by {@link #LOCK}. */
    private final Set<Cut> cuts = new TreeSet<>();

    NetworkCuts(ClusterPlan plan, Timeline timeline) {
        this.plan = plan;
        this.timeline = timeline;
    }

    /** Adds the cuts to those in force. */
    public void add(Set<Cut> added) {
        requireEnabled();
        synchronized (LOCK) {
            if (CLOSED.contains(plan.clusterId())) {
                throw new IllegalStateException("cluster " + plan.clusterId() + " is stopped: its network"
                        + " can no longer be cut");
            }
            Set<Cut> wanted = new TreeSet<>(cuts);
            wanted.addAll(added);
            WITH_RULES.add(plan.clusterId());
            NetAdmin.run(NetworkRules.apply(plan.clusterId(), wanted));
            cuts.clear();
            cuts.addAll(wanted);
        }
        // One event per node whose packets are dropped, on its lane: to whom.
        Map<String, Set<String>> dropped = new TreeMap<>();
        for (Cut cut : added) {
            dropped.computeIfAbsent(nameAt(cut.from()), from -> new TreeSet<>()).add(nameAt(cut.to()));
        }
        dropped.forEach((from, to) -> timeline.record(Timeline.NETWORK_CUT, from, "packets to " + to + " dropped"));
        Logs.FAULTS.info("cluster {}: network cut, packets dropped from -> to: {}", plan.clusterId(), dropped);
    }

    /**
     * Removes every rule of this cluster. Nothing to heal is fine.
     *
     * @return whether there were cuts: connections across them may lag, see
     *         {@link ClusterRuntime#reconnectReplication()}
     */
    public boolean heal() {
        requireEnabled();
        synchronized (LOCK) {
            boolean removed = false;
            if (WITH_RULES.contains(plan.clusterId())) {
                removed = NetworkRules.removed(NetAdmin.run(NetworkRules.remove(plan.clusterId())));
                WITH_RULES.remove(plan.clusterId());
            }
            boolean hadCuts = !cuts.isEmpty();
            if (hadCuts) {
                timeline.record(Timeline.NETWORK_HEALED, Timeline.WHOLE_CLUSTER, cuts.size() + " cut(s) removed");
                Logs.FAULTS.info("cluster {}: network healed, {} cut(s) removed", plan.clusterId(), cuts.size());
            }
            cuts.clear();
            return removed || hadCuts;
        }
    }

    /** The cuts in force, as {@code from -> to} with node names. */
    public List<String> rules() {
        synchronized (LOCK) {
            return cuts.stream().map(c -> nameAt(c.from()) + " -> " + nameAt(c.to())).toList();
        }
    }

    /** The nodes of {@code among} that the cuts in force keep out of contact ({@link NetworkRules#outOfContact}). */
    public Set<NodePlan> outOfContact(List<NodePlan> among) {
        Set<String> out;
        synchronized (LOCK) {
            out = NetworkRules.outOfContact(cuts, among.stream().map(this::address).toList());
        }
        return among.stream().filter(n -> out.contains(address(n))).collect(Collectors.toSet());
    }

    /** The address that cuts name the node by. */
    public String address(NodePlan node) {
        return plan.addresses().nodeHost(node.port());
    }

    public void requireEnabled() {
        if (!plan.spec().networkFaults()) {
            throw new IllegalStateException("network faults need the cluster started with withNetworkFaults(true)"
                    + " (annotation: networkFaults = TRUE, CLI: --network-faults true), which gives every node a"
                    + " loopback address of its own. Kill, stop and pause of nodes work without it");
        }
    }

    private String nameAt(String address) {
        return plan.nodes().stream().filter(n -> address(n).equals(address)).map(NodePlan::name)
                .findFirst().orElse(address);
    }

    /**
     * Removes the rules of cluster {@code clusterId} if this JVM may have left any (from stop and
     * the shutdown hook, before the containers go). A failure is left to the orphan sweep.
     */
    public static void removeRules(String clusterId) {
        synchronized (LOCK) {
            CLOSED.add(clusterId);
            if (WITH_RULES.remove(clusterId)) {
                NetAdmin.run(NetworkRules.remove(clusterId));
            }
        }
    }
}
