package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.spec.Defaults;

import java.time.Duration;
import java.util.List;

/**
 * One master of a running native Redis Cluster with its replicas and its hash slots, and what a
 * test does to it: fail it over, wait for a new master, kill, stop or pause its nodes. "The
 * master" is the node that a majority of all the cluster's nodes names master of these slots.
 *
 * @since 0.1.0
 */
public final class RedisClusterShard {

    /**
     * How {@link #failover(Failover, Duration)} asks the replica to take over, as
     * {@code CLUSTER FAILOVER} does.
     *
     * @since 0.1.0
     */
    public enum Failover {
        /** With the master's agreement, losing no acknowledged write: the master must answer. */
        COORDINATED,
        /** Without the master ({@code FORCE}): for a killed, paused or cut-off master; the other masters still vote. */
        FORCE,
        /** Without any vote ({@code TAKEOVER}): also where no majority of masters is reachable. */
        TAKEOVER
    }

    private final ClusterHandle cluster;
    private final ClusterRuntime runtime;
    private final ShardPlan plan;

    RedisClusterShard(ClusterHandle cluster, ShardPlan plan) {
        this.cluster = cluster;
        this.runtime = cluster.runtime();
        this.plan = plan;
    }

    /** {@return the shard's index, from 0} */
    public int index() {
        return plan.index();
    }

    /** {@return the first hash slot the shard's master was given at start} */
    public int firstSlot() {
        return plan.slots().first();
    }

    /** {@return the last hash slot (included) the shard's master was given at start} */
    public int lastSlot() {
        return plan.slots().last();
    }

    /** {@return where the shard's current master listens} */
    public Endpoint master() {
        return cluster.endpoint(runtime.currentMaster(plan));
    }

    /** {@return the shard's current master} */
    public Node masterNode() {
        return cluster.node(runtime.currentMaster(plan));
    }

    /** {@return the shard's nodes other than its current master} */
    public List<Node> replicaNodes() {
        return ClusterRuntime.replicasOf(plan, runtime.currentMaster(plan)).stream().map(cluster::node).toList();
    }

    /**
     * {@return the shard's node {@code redis-<index>}; redis-0 was its master at start}
     *
     * @param index from 0 to the replicas per master
     */
    public Node redisNode(int index) {
        if (index < 0 || index >= plan.redis().size()) {
            throw new IndexOutOfBoundsException(plan.masterName() + " has no redis-" + index + ": its nodes are redis-0..redis-"
                    + (plan.redis().size() - 1));
        }
        return cluster.node(plan.redis().get(index));
    }

    /** {@return {@link #failover(Failover, Duration)} coordinated, within {@link Defaults#FAILOVER_WAIT}} */
    public Node failover() {
        return failover(Failover.COORDINATED, Defaults.FAILOVER_WAIT);
    }

    /**
     * Sends {@code CLUSTER FAILOVER} to a replica of the current master and returns once every node
     * agrees on it as the new master and every readiness fact holds again. A coordinated failover
     * first waits until the cluster is healthy. While a node is out of service (a {@code FORCE} or
     * {@code TAKEOVER} away from a killed, paused or cut-off master), it returns once a majority
     * names the new master and every node in service follows it, as
     * {@link #awaitMasterChange(Node, Duration)} does; {@code heal} brings the rest back.
     *
     * @param how     coordinated, {@code FORCE} or {@code TAKEOVER}
     * @param timeout how long it may take in all
     * @return the new master
     * @throws RedisClusterException if the shard has no replica, the replica refuses, or the change is not
     *                               complete in time, with the cluster's diagnostics
     */
    public Node failover(Failover how, Duration timeout) {
        String option = how == Failover.COORDINATED ? null : how.name();
        return cluster.node(Failures.translated(() -> runtime.failOverRedisCluster(plan, option, timeout)));
    }

    /**
     * Waits until a majority of the cluster's nodes names a master of this shard other than the
     * one that the last {@code kill()}, {@code stop()} or {@code pause()} hit, and every node in
     * service reports {@code cluster_state:ok} naming it (see {@link #awaitMasterChange(Node, Duration)}):
     * from then on a cluster client that finds the new master writes to every slot. The replica
     * takes over after {@code cluster-node-timeout} and its election.
     *
     * @param timeout how long to wait
     * @return the new master
     * @throws IllegalStateException if no fault hit this shard's master since the last change awaited
     */
    public Node awaitMasterChange(Duration timeout) {
        NodePlan faulted = runtime.faultedMaster(plan).orElseThrow(() -> new IllegalStateException(
                "awaitMasterChange(timeout) waits for a change away from the master that a kill(), stop() or pause()"
                        + " hit, and no such fault hit " + plan.masterName() + "'s master since the last change"
                        + " awaited. Name the master to change away from: awaitMasterChange(oldMaster, timeout)"));
        return awaitMasterChange(cluster.node(faulted), timeout);
    }

    /**
     * Waits until a majority of the cluster's nodes names a master of this shard other than
     * {@code from}, and every node in service reports {@code cluster_state:ok} naming it. A
     * majority alone is not enough: a node outside it may still count the old master as failed,
     * and answers {@code CLUSTERDOWN} for every slot until it learns of the new one. In service
     * means not killed, stopped or paused, and not kept out of contact by network cuts: an
     * isolated node (cut from half of the nodes or more) and both ends of any other cut are left
     * out. State {@code ok} needs every slot served, so while a whole other shard is down this
     * wait times out.
     *
     * @param from    the master to change away from
     * @param timeout how long to wait
     * @return the new master
     */
    public Node awaitMasterChange(Node from, Duration timeout) {
        NodePlan previous = from.plan();
        if (!plan.redis().contains(previous)) {
            throw new IllegalArgumentException("awaitMasterChange(from, ..): " + from.name() + " is not a node of "
                    + plan.masterName() + "; its nodes are " + plan.redis().stream().map(NodePlan::name).toList());
        }
        long began = System.nanoTime();
        NodePlan now = Failures.translated(() -> runtime.awaitRedisClusterMaster(plan, n -> !n.equals(previous),
                "names a master of " + plan.slots() + " other than " + previous.name(), timeout));
        runtime.masterChanged(plan, previous, now, began);
        return cluster.node(now);
    }

    @Override
    public String toString() {
        return plan.masterName() + " (slots " + plan.slots() + ")";
    }
}
