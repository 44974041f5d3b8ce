package io.github.redisclustertestkit;

import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.faults.FailoverChecks;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.SentinelPeriods;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.spec.Defaults;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One shard of a running cluster: its endpoints, its nodes, and what a test does to it (fail it
 * over, wait for a new master, wait until it is healthy again, watch its Sentinels).
 * "The master" is always the node a majority of the shard's Sentinels name, the same definition
 * the readiness checks and the default HAProxy routing use.
 *
 * @since 0.1.0
 */
public final class Shard {

    /** Refusals of {@code SENTINEL FAILOVER} that pass: a failover in progress, a replica view gone stale. */
    private static final Set<String> RETRIED_REFUSALS = Set.of("INPROG", "NOGOODSLAVE");

    private final ClusterHandle cluster;
    private final ClusterRuntime runtime;
    private final ShardPlan plan;

    Shard(ClusterHandle cluster, ShardPlan plan) {
        this.cluster = cluster;
        this.runtime = cluster.runtime();
        this.plan = plan;
    }

    /** The cluster's runtime: its probe reaches the shard's nodes (over TLS on a TLS cluster). */
    ClusterRuntime runtime() {
        return runtime;
    }

    /** {@return this shard's index, from 0, as in {@code cluster.shard(index)}} */
    public int index() {
        return plan.index();
    }

    /** {@return the Sentinel master name, for Sentinel-aware clients} */
    public String masterName() {
        return plan.masterName();
    }

    /** {@return HAProxy's master port of this shard, which always reaches the current master} */
    public Endpoint haproxyMaster() {
        return new Endpoint(runtime.haproxyHost(), plan.haproxyMasterPort());
    }

    /** {@return HAProxy's replicas port of this shard, which round-robins over the current replicas} */
    public Endpoint haproxyReplicas() {
        return new Endpoint(runtime.haproxyHost(), plan.haproxyReplicasPort());
    }

    /** {@return the shard's Sentinels, {@code sentinel-0} first, for Sentinel-aware clients} */
    public List<Endpoint> sentinels() {
        return plan.sentinels().stream().map(cluster::endpoint).toList();
    }

    /** {@return the current master's endpoint} */
    public Endpoint master() {
        return cluster.endpoint(runtime.currentMaster(plan));
    }

    /** {@return the current replicas' endpoints} */
    public List<Endpoint> replicas() {
        return replicasOf(runtime.currentMaster(plan)).stream().map(cluster::endpoint).toList();
    }

    /** {@return all of the shard's endpoints, as they are now} */
    public ShardEndpoints endpoints() {
        NodePlan master = runtime.currentMaster(plan);
        return new ShardEndpoints(index(), masterName(), haproxyMaster(), haproxyReplicas(), cluster.endpoint(master),
                replicasOf(master).stream().map(cluster::endpoint).toList(), sentinels());
    }

    /** {@return the current master node} */
    public Node masterNode() {
        return cluster.node(runtime.currentMaster(plan));
    }

    /** {@return the current replica nodes} */
    public List<Node> replicaNodes() {
        return replicasOf(runtime.currentMaster(plan)).stream().map(cluster::node).toList();
    }

    private List<NodePlan> replicasOf(NodePlan master) {
        return ClusterRuntime.replicasOf(plan, master);
    }

    /**
     * {@return Redis node {@code redis-<index>}, whatever its role now (index 0 was the master at start)}
     *
     * @param index from 0 to the replicas per shard
     */
    public Node redisNode(int index) {
        return cluster.node(pick(plan.redis(), index, "redis"));
    }

    /**
     * {@return Sentinel {@code sentinel-<index>} of this shard}
     *
     * @param index from 0 to the Sentinels per shard - 1
     */
    public Node sentinelNode(int index) {
        return cluster.node(pick(plan.sentinels(), index, "sentinel"));
    }

    /** {@return every Sentinel of this shard, {@code sentinel-0} first} */
    public List<Node> sentinelNodes() {
        return plan.sentinels().stream().map(cluster::node).toList();
    }

    private NodePlan pick(List<NodePlan> nodes, int index, String kind) {
        if (index < 0 || index >= nodes.size()) {
            throw new IndexOutOfBoundsException(masterName() + " has no " + kind + "-" + index + ": its " + kind
                    + " nodes are " + kind + "-0.." + kind + "-" + (nodes.size() - 1));
        }
        return nodes.get(index);
    }

    /**
     * {@link #failover(Duration)} waiting up to {@link Defaults#FAILOVER_WAIT} (30 s).
     *
     * @return the new master
     */
    public Node failover() {
        return failover(Defaults.FAILOVER_WAIT);
    }

    /**
     * Sends {@code SENTINEL FAILOVER} and returns the new master once every answering Sentinel
     * names it, the other replicas replicate from it, and the HAProxy master port routes to it.
     * It first waits until every answering Sentinel has a replica it would promote and none would
     * undo the promotion, and asks again while a Sentinel answers {@code -NOGOODSLAVE} or
     * {@code -INPROG}. The old master is turned into a replica by the Sentinels a little later
     * ({@link #awaitHealthy(Duration)} waits for that too).
     *
     * @param timeout how long to wait at most, all of the above together
     * @return the new master
     * @throws RedisClusterException at once when no replica could take over; on timeout, with the diagnostics
     */
    public Node failover(Duration timeout) {
        return Failures.translated(() -> failoverOrThrow(timeout));
    }

    private Node failoverOrThrow(Duration timeout) {
        NodePlan previous = runtime.probe.agreedMaster(plan).orElseThrow(() -> runtime.failure(
                "cannot fail over " + masterName() + ": its Sentinels do not agree on a master now",
                plan.sentinels().get(0), "a majority naming one master", "views "
                        + runtime.probe.sentinelViews(plan).values(), null));
        Optional<String> noReplica = FailoverChecks.noHealthyReplica(runtime.probe, plan, previous);
        if (noReplica.isPresent()) {
            throw runtime.failure("cannot fail over " + masterName() + ": no healthy replica can take over from "
                    + previous.name(), previous, "a replica with role:slave and master_link_status:up",
                    noReplica.get(), null);
        }
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        SentinelPeriods periods = SentinelPeriods.of(runtime.plan);
        runtime.await(List.of(FailoverChecks.sentinelsCanFailOver(plan, periods, previous)), timeout,
                masterName() + " ready to fail over");
        requestFailover(deadline);
        runtime.await(FailoverChecks.failoverDone(plan, previous, runtime.plan.haproxy()),
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), masterName() + " failover");
        NodePlan master = runtime.currentMaster(plan);
        runtime.masterChanged(plan, previous, master, began);
        return cluster.node(master);
    }

    /**
     * Asks the first Sentinel that answers. One still busy with the last failover ({@code -INPROG}),
     * or whose view of a replica went stale between the wait and the request
     * ({@code -NOGOODSLAVE}), is asked again until the deadline.
     */
    private void requestFailover(long deadline) {
        Exception last = null;
        NodePlan lastAsked = plan.sentinels().get(0);
        while (System.nanoTime() - deadline < 0) {
            for (NodePlan sentinel : plan.sentinels()) {
                try (RespClient client = runtime.probe.sentinel(sentinel.port())) {
                    client.call("SENTINEL", "FAILOVER", masterName());
                    return;
                } catch (RespErrorException e) {
                    if (!RETRIED_REFUSALS.contains(e.code())) {
                        throw runtime.failure(sentinel.name() + " refused SENTINEL FAILOVER " + masterName(), sentinel,
                                "+OK", e.getMessage(), e);
                    }
                    last = e;
                    lastAsked = sentinel;
                } catch (IOException down) {
                    last = down;
                    lastAsked = sentinel;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw ClusterFailure.interrupted("asking the Sentinels of " + masterName() + " to fail over", e);
            }
        }
        throw runtime.failure("no Sentinel of " + masterName() + " accepted SENTINEL FAILOVER in time", lastAsked,
                "+OK", String.valueOf(last == null ? null : last.getMessage()), last);
    }

    /**
     * {@link #awaitMasterChange(Node, Duration)} away from the master that the last
     * {@link Node#kill()}, {@link Node#stop()} or {@link Node#pause()} on this shard hit (noted
     * when the fault was made, whatever was asked of the cluster since).
     *
     * @param timeout how long to wait at most
     * @return the new master
     * @throws IllegalStateException if no fault hit this shard's master since the last change
     *                               awaited (or since {@code heal()})
     */
    public Node awaitMasterChange(Duration timeout) {
        NodePlan faulted = runtime.faultedMaster(plan).orElseThrow(() -> new IllegalStateException(
                "awaitMasterChange(timeout) waits for a change away from the master that a kill(), stop() or pause()"
                        + " hit, and no such fault hit " + masterName() + "'s master since the last change awaited."
                        + " Name the master to change away from: awaitMasterChange(oldMaster, timeout)"));
        return awaitMasterChange(cluster.node(faulted), timeout);
    }

    /**
     * Waits until a majority of the Sentinels name a master other than {@code from}, and the
     * HAProxy master port routes to it: from then on, writes through {@link #haproxyMaster()}
     * go to the new master. Returns at once if that holds already.
     *
     * @param from    the master to change away from, e.g. {@code masterNode()} taken before a fault
     * @param timeout how long to wait at most
     * @return the new master
     */
    public Node awaitMasterChange(Node from, Duration timeout) {
        NodePlan previous = from.plan();
        if (!plan.redis().contains(previous)) {
            throw new IllegalArgumentException("awaitMasterChange(from, ..): " + from.name() + " is not a Redis node of "
                    + masterName() + "; its Redis nodes are " + plan.redis().stream().map(NodePlan::name).toList());
        }
        long began = System.nanoTime();
        Failures.translated(() -> runtime.await(List.of(FailoverChecks.majorityNamesANewMaster(plan, previous),
                        FailoverChecks.haproxyRoutesToTheAgreedMaster(plan, runtime.plan.haproxy())),
                timeout, masterName() + " master change away from " + previous.name()));
        NodePlan now = runtime.currentMaster(plan);
        runtime.masterChanged(plan, previous, now, began);
        return cluster.node(now);
    }

    /**
     * Waits until every readiness fact of this shard holds again (see
     * {@link RedisShardedClusterContainer#awaitHealthy(Duration)}): afterwards a raw
     * {@code SENTINEL FAILOVER} to any of its Sentinels completes.
     *
     * @param timeout how long to wait at most
     */
    public void awaitHealthy(Duration timeout) {
        Failures.translated(() -> runtime.awaitHealthy(plan, timeout));
    }

    /**
     * {@return {@code SENTINEL CKQUORUM} as the first answering Sentinel says it}: {@code OK 3 usable
     * Sentinels...} or {@code NOQUORUM ...}; a line saying so if no Sentinel answers.
     */
    public String quorumStatus() {
        for (NodePlan sentinel : plan.sentinels()) {
            try (RespClient client = runtime.probe.sentinel(sentinel.port())) {
                return String.valueOf(client.call("SENTINEL", "CKQUORUM", masterName()));
            } catch (RespErrorException refused) {
                return refused.reply();
            } catch (IOException down) {
                // ask the next one
            }
        }
        return "no Sentinel of " + masterName() + " answers";
    }

    /**
     * Starts recording the events of this shard's Sentinels; close it when done.
     *
     * @return the recording, already subscribed to the Sentinels that answer
     */
    public SentinelEvents sentinelEvents() {
        return new ShardSentinelEvents(this);
    }

    @Override
    public String toString() {
        return masterName() + " (HAProxy master " + haproxyMaster() + ", replicas " + haproxyReplicas() + ")";
    }
}
