package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.faults.NetworkRules.Cut;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.runtime.NetworkCuts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Network faults between the nodes of a cluster started with
 * {@link RedisShardedClusterContainer#withNetworkFaults(boolean) withNetworkFaults(true)}: cut
 * traffic between nodes the way a production network splits, and heal it. Every method returns
 * once the rules are in force.
 * <p>
 * <b>What is cut.</b> Only traffic between nodes of this cluster, each on its own loopback
 * address. The test's own connections (from 127.0.0.1) are never cut: a test can keep writing
 * to an isolated master directly, as a client on the master's side of a split would. HAProxy is
 * a node like the others: {@link #isolate(Node)} leaves it connected (clients through HAProxy
 * then reach the isolated node as long as routing sends them there); {@link #isolate(Node, Haproxy)}
 * with {@link Haproxy#CUT_OFF} cuts it too; {@link #partition} and {@link #dropTraffic} cut HAProxy
 * when it is named.
 * <p>
 * <b>How.</b> iptables DROP rules on this machine's loopback, one pair of node addresses each, in
 * a chain of the cluster's own that a helper container (host network, NET_ADMIN) writes. They go
 * on {@link #heal()}, on the cluster's {@code heal(..)}, on {@code stop()}, and, if this JVM dies,
 * at the next start with network faults on this machine (it removes the chain of every cluster
 * whose containers are gone), or at {@code down} of the cluster. Until then they harm no one: they
 * name only 127.82.x.y addresses, which only clusters with network faults use, and such a cluster's
 * start sweeps them first. Needs a Linux Docker engine on this machine that grants NET_ADMIN (not
 * rootless, not Docker Desktop); elsewhere the start fails at once, saying why. A failure of the
 * helper container is a {@link RedisClusterException}. On a cluster started without network faults,
 * every method that cuts throws {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public final class ClusterNetwork {

    /**
     * Whether {@link #isolate(Node, Haproxy)} also cuts HAProxy from the node.
     *
     * @since 0.1.0
     */
    public enum Haproxy {
        /** HAProxy still reaches the node: its checks and the clients it routes there. */
        REACHES_IT,
        /** HAProxy is cut from the node like every other node. */
        CUT_OFF
    }

    private final ClusterHandle cluster;
    private final NetworkCuts cuts;

    ClusterNetwork(ClusterHandle cluster) {
        this.cluster = cluster;
        this.cuts = cluster.runtime().network;
    }

    /**
     * Cuts every node of {@code a} from every node of {@code b}, both directions.
     *
     * @param a one side, nodes of this cluster
     * @param b the other side, none of them also in {@code a}
     * @return this, to chain further cuts
     * @throws IllegalArgumentException if a side is empty, names a node of another cluster, or a
     *         node is on both sides
     */
    public ClusterNetwork partition(Set<Node> a, Set<Node> b) {
        List<NodePlan> left = members(a, "partition(a, b): a");
        List<NodePlan> right = members(b, "partition(a, b): b");
        Set<NodePlan> both = left.stream().filter(right::contains).collect(Collectors.toSet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("partition(a, b): " + names(both) + " is on both sides; a node can"
                    + " only be on one side of a partition");
        }
        Set<Cut> added = new LinkedHashSet<>();
        for (NodePlan x : left) {
            for (NodePlan y : right) {
                added.add(new Cut(address(x), address(y)));
                added.add(new Cut(address(y), address(x)));
            }
        }
        return add(added);
    }

    /**
     * Cuts {@code node} from every other Redis node and Sentinel of the cluster, both directions;
     * HAProxy and the test still reach it ({@link Haproxy#REACHES_IT}).
     *
     * @param node a node of this cluster
     * @return this, to chain further cuts
     */
    public ClusterNetwork isolate(Node node) {
        return isolate(node, Haproxy.REACHES_IT);
    }

    /**
     * Cuts {@code node} from every other node of the cluster, both directions.
     *
     * @param node    a node of this cluster
     * @param haproxy whether HAProxy is cut from it too
     * @return this, to chain further cuts
     */
    public ClusterNetwork isolate(Node node, Haproxy haproxy) {
        NodePlan isolated = members(Set.of(node), "isolate(node)").get(0);
        Set<Node> others = cluster.runtime().plan.nodes().stream()
                .filter(n -> !n.equals(isolated))
                .filter(n -> haproxy == Haproxy.CUT_OFF || n.kind() != NodeKind.HAPROXY)
                .map(cluster::node)
                .collect(Collectors.toSet());
        return partition(Set.of(node), others);
    }

    /**
     * Drops every packet {@code from} sends to {@code to}; packets the other way still arrive.
     * TCP needs both directions, so connections between the two stall whichever side opened
     * them; what differs is who notices: {@code to} stops hearing from {@code from}, while
     * {@code from}'s own requests go unanswered.
     *
     * @param from the node whose packets are dropped
     * @param to   the node they no longer reach, another node of this cluster
     * @return this, to chain further cuts
     */
    public ClusterNetwork dropTraffic(Node from, Node to) {
        NodePlan source = members(Set.of(from), "dropTraffic(from, to): from").get(0);
        NodePlan target = members(Set.of(to), "dropTraffic(from, to): to").get(0);
        if (source.equals(target)) {
            throw new IllegalArgumentException("dropTraffic(from, to): both are " + source.name());
        }
        return add(Set.of(new Cut(address(source), address(target))));
    }

    /**
     * Removes every rule of this cluster; returns once traffic flows again. Nothing to heal is fine.
     * Where there were cuts, every replication link is made anew, so that each replica catches up
     * at once rather than when the kernel next retransmits what the cut dropped (which, after a
     * cut of tens of seconds, can be tens of seconds away again).
     *
     * @return this
     */
    public ClusterNetwork heal() {
        Failures.translated(() -> {
            if (cuts.heal()) {
                cluster.runtime().reconnectReplication();
            }
        });
        return this;
    }

    /** {@return the cuts in force, as {@code from -> to} with node names, e.g. for a failure message} */
    public List<String> rules() {
        return cuts.rules();
    }

    private ClusterNetwork add(Set<Cut> added) {
        Failures.translated(() -> cuts.add(added));
        return this;
    }

    /** The nodes, checked to be of this cluster. */
    private List<NodePlan> members(Set<Node> nodes, String what) {
        cuts.requireEnabled();
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException(what + " names no node");
        }
        for (Node n : nodes) {
            if (n.cluster() != cluster) {
                throw new IllegalArgumentException(what + ": " + n.name() + " is a node of another cluster");
            }
        }
        return nodes.stream().map(Node::plan).toList();
    }

    private String address(NodePlan node) {
        return cuts.address(node);
    }

    private static String names(Set<NodePlan> nodes) {
        return nodes.stream().map(NodePlan::name).sorted().collect(Collectors.joining(", "));
    }
}
