package io.github.redisclustertestkit.internal.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands that turn the started nodes of a native Redis Cluster into one cluster, in order.
 * No {@code redis-cli --cluster create}: the library sends them itself, so that it needs no tool in
 * the image and can say which step failed on which node.
 * <ol>
 * <li>{@link Meet}s from the first node to every other, with the bus port spelled out;</li>
 * <li>{@link AddSlots} on every master, its share of the 16384 slots;</li>
 * <li>{@link Replicate} on every replica. It names the master by id ({@code CLUSTER MYID}), and a
 *     replica answers {@code ERR Unknown node} until the MEET gossip has reached it, so the runner
 *     retries it within the start timeout (measured: the three steps took 0.4-1.1 s).</li>
 * </ol>
 * Then readiness decides when the cluster is formed.
 */
public final class Formation {

    private Formation() {
    }

    /** One step, sent to {@link #on()}. */
    public sealed interface Step permits Meet, AddSlots, Replicate {
        NodePlan on();

        /** The command's arguments; a replicate step's master id is known only at run time. */
        List<String> command(String masterId);
    }

    /** {@code CLUSTER MEET host port busPort}: {@code on} introduces itself to {@code peer}. */
    public record Meet(NodePlan on, String host, NodePlan peer) implements Step {
        @Override
        public List<String> command(String masterId) {
            return List.of("CLUSTER", "MEET", host, String.valueOf(peer.port()), String.valueOf(peer.busPort()));
        }
    }

    /** {@code CLUSTER ADDSLOTSRANGE first last} on a master. */
    public record AddSlots(NodePlan on, SlotRange slots) implements Step {
        @Override
        public List<String> command(String masterId) {
            return List.of("CLUSTER", "ADDSLOTSRANGE", String.valueOf(slots.first()), String.valueOf(slots.last()));
        }
    }

    /** {@code CLUSTER REPLICATE <id of master>} on a replica. */
    public record Replicate(NodePlan on, NodePlan master) implements Step {
        @Override
        public List<String> command(String masterId) {
            return List.of("CLUSTER", "REPLICATE", masterId);
        }
    }

    /** Every step that forms the native Redis Cluster of {@code plan}, in the order they must be sent. */
    public static List<Step> of(ClusterPlan plan) {
        List<Step> steps = new ArrayList<>();
        List<NodePlan> nodes = plan.redisNodes();
        NodePlan first = nodes.get(0);
        // Nodes meet at the address they reach each other at: the one they then name themselves by.
        for (NodePlan peer : nodes.subList(1, nodes.size())) {
            steps.add(new Meet(first, plan.addresses().nodeHost(peer.port()), peer));
        }
        for (ShardPlan shard : plan.shards()) {
            steps.add(new AddSlots(shard.initialMaster(), shard.slots()));
        }
        for (ShardPlan shard : plan.shards()) {
            for (NodePlan replica : shard.initialReplicas()) {
                steps.add(new Replicate(replica, shard.initialMaster()));
            }
        }
        return List.copyOf(steps);
    }
}
