package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.faults.FailoverChecks;
import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.SentinelPeriods;
import io.github.redisclustertestkit.spec.Defaults;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One shard of a running cluster: its endpoints, its nodes, and what a test does to it (fail it
 * over, wait for a new master, wait until it is healthy again, watch its Sentinels).
 * "The master" is always the node a majority of the shard's Sentinels name, the same definition
 * the readiness checks and the default HAProxy routing use.
 */
public final class Shard {

    /** Refusals of {@code SENTINEL FAILOVER} that pass: a failover in progress, a replica view gone stale. */
    private static final Set<String> RETRIED_REFUSALS = Set.of("INPROG", "NOGOODSLAVE");

    private final ClusterRuntime runtime;
    private final ShardPlan plan;

    Shard(ClusterRuntime runtime, ShardPlan plan) {
        this.runtime = runtime;
        this.plan = plan;
    }

    public int index() {
        return plan.index();
    }

    /** The Sentinel master name, for Sentinel-aware clients. */
    public String masterName() {
        return plan.masterName();
    }

    /** Always reaches the current master. */
    public Endpoint haproxyMaster() {
        return new Endpoint(runtime.haproxyHost(), plan.haproxyMasterPort());
    }

    /** Round-robins over the current replicas. */
    public Endpoint haproxyReplicas() {
        return new Endpoint(runtime.haproxyHost(), plan.haproxyReplicasPort());
    }

    public List<Endpoint> sentinels() {
        return plan.sentinels().stream().map(runtime::endpoint).toList();
    }

    /** The current master's endpoint. */
    public Endpoint master() {
        return runtime.endpoint(runtime.currentMaster(plan));
    }

    /** The current replicas' endpoints. */
    public List<Endpoint> replicas() {
        return replicasOf(runtime.currentMaster(plan)).stream().map(runtime::endpoint).toList();
    }

    /** All of the shard's endpoints, as they are now. */
    public ShardEndpoints endpoints() {
        NodePlan master = runtime.currentMaster(plan);
        return new ShardEndpoints(index(), masterName(), haproxyMaster(), haproxyReplicas(), runtime.endpoint(master),
                replicasOf(master).stream().map(runtime::endpoint).toList(), sentinels());
    }

    /** The current master node. */
    public Node masterNode() {
        return runtime.node(runtime.currentMaster(plan));
    }

    /** The current replica nodes. */
    public List<Node> replicaNodes() {
        return replicasOf(runtime.currentMaster(plan)).stream().map(runtime::node).toList();
    }

    /** The shard's Redis nodes other than {@code master}. */
    private List<NodePlan> replicasOf(NodePlan master) {
        return plan.redis().stream().filter(n -> !n.equals(master)).toList();
    }

    /** Redis node {@code redis-<index>} (index 0 was the master at start). */
    public Node redisNode(int index) {
        return runtime.node(pick(plan.redis(), index, "redis"));
    }

    public Node sentinelNode(int index) {
        return runtime.node(pick(plan.sentinels(), index, "sentinel"));
    }

    public List<Node> sentinelNodes() {
        return plan.sentinels().stream().map(runtime::node).toList();
    }

    private NodePlan pick(List<NodePlan> nodes, int index, String kind) {
        if (index < 0 || index >= nodes.size()) {
            throw new IndexOutOfBoundsException(masterName() + " has no " + kind + "-" + index + ": its " + kind
                    + " nodes are " + kind + "-0.." + kind + "-" + (nodes.size() - 1));
        }
        return nodes.get(index);
    }

    /** {@link #failover(Duration)} waiting up to {@link Defaults#FAILOVER_WAIT}. */
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
     * @throws RedisClusterException at once when no replica could take over; on timeout, with the diagnostics
     */
    public Node failover(Duration timeout) {
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
        long deadline = System.nanoTime() + timeout.toNanos();
        SentinelPeriods periods = SentinelPeriods.of(runtime.plan);
        runtime.await(List.of(FailoverChecks.sentinelsCanFailOver(plan, periods, previous)), timeout,
                masterName() + " ready to fail over");
        requestFailover(deadline);
        runtime.await(FailoverChecks.failoverDone(plan, previous, runtime.plan.haproxy()),
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), masterName() + " failover");
        NodePlan master = runtime.currentMaster(plan);
        return runtime.node(master);
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
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
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
     * @return the new master
     * @throws IllegalStateException if no fault hit this shard's master since the last change
     *                               awaited (or since {@code heal()})
     */
    public Node awaitMasterChange(Duration timeout) {
        NodePlan faulted = runtime.faultedMaster(plan).orElseThrow(() -> new IllegalStateException(
                "awaitMasterChange(timeout) waits for a change away from the master that a kill(), stop() or pause()"
                        + " hit, and no such fault hit " + masterName() + "'s master since the last change awaited."
                        + " Name the master to change away from: awaitMasterChange(oldMaster, timeout)"));
        return awaitMasterChange(runtime.node(faulted), timeout);
    }

    /**
     * Waits until a majority of the Sentinels name a master other than {@code from}, and the
     * HAProxy master port routes to it: from then on, writes through {@link #haproxyMaster()}
     * go to the new master. Returns at once if that holds already.
     *
     * @param from the master to change away from, e.g. {@code masterNode()} taken before a fault
     * @return the new master
     */
    public Node awaitMasterChange(Node from, Duration timeout) {
        NodePlan previous = from.plan();
        if (!plan.redis().contains(previous)) {
            throw new IllegalArgumentException("awaitMasterChange(from, ..): " + from.name() + " is not a Redis node of "
                    + masterName() + "; its Redis nodes are " + plan.redis().stream().map(NodePlan::name).toList());
        }
        runtime.await(List.of(FailoverChecks.majorityNamesANewMaster(plan, previous),
                        FailoverChecks.haproxyRoutesToTheAgreedMaster(plan, runtime.plan.haproxy())),
                timeout, masterName() + " master change away from " + previous.name());
        runtime.masterChanged(plan, previous);
        return runtime.node(runtime.currentMaster(plan));
    }

    /**
     * Waits until every readiness fact of this shard holds again (see
     * {@link RedisShardedClusterContainer#awaitHealthy(Duration)}): afterwards a raw
     * {@code SENTINEL FAILOVER} to any of its Sentinels completes.
     */
    public void awaitHealthy(Duration timeout) {
        runtime.await(Readiness.checksFor(runtime.plan, plan), timeout, masterName() + " healthy again");
    }

    /**
     * {@code SENTINEL CKQUORUM} as the first answering Sentinel says it: {@code OK 3 usable
     * Sentinels...} or {@code NOQUORUM ...}.
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
     * {@code FLUSHALL} on the current master, then {@code WAIT} until every running replica has
     * acknowledged the replication offset that includes it (a replica acknowledges what it has
     * applied). A stopped replica is not waited for: it gets the flush when it reconnects.
     */
    void flushAll(Duration timeout) {
        flushAll(timeout, n -> runtime.container(n).isRunning());
    }

    /** As {@link #flushAll(Duration)}, waiting for the replicas {@code running} accepts (known without asking Docker). */
    void flushAll(Duration timeout, Predicate<NodePlan> running) {
        NodePlan master = runtime.currentMaster(plan);
        List<NodePlan> replicas = replicasOf(master).stream().filter(running).toList();
        // The socket outlives WAIT's own timeout, so that WAIT answers rather than the socket timing out.
        try (RespClient client = runtime.probe.redis(master.port(), timeout.plusSeconds(1))) {
            client.call("FLUSHALL");
            if (replicas.isEmpty()) {
                return;
            }
            // Read before WAIT, whose own REPLCONF GETACK moves the master's offset on.
            String flushOffset = client.info("replication").get("master_repl_offset");
            Object acked = client.call("WAIT", String.valueOf(replicas.size()), String.valueOf(timeout.toMillis()));
            if (acked instanceof Long count && count >= replicas.size()) {
                return;
            }
            long offset;
            try {
                offset = Long.parseLong(flushOffset);
            } catch (NumberFormatException noOffset) { // also what parseLong(null) throws
                throw runtime.failure("FLUSHALL on " + master.name() + ": which replicas applied the flush is"
                        + " unknown; WAIT answered " + acked, master, "master_repl_offset in INFO replication",
                        String.valueOf(flushOffset), noOffset);
            }
            throw runtime.failure("FLUSHALL on " + master.name() + " (replication offset " + flushOffset
                    + "): " + laggingReplicas(replicas, client.info("replication"), offset)
                    + " did not apply it within " + timeout.toMillis() + " ms. A paused or unreachable replica"
                    + " cannot catch up: undo the fault (or heal(timeout)) before flushing", master,
                    "every running replica at offset " + offset, "WAIT answered " + acked, null);
        } catch (IOException | RespErrorException e) {
            throw runtime.failure("FLUSHALL on " + master.name() + " failed", master, "+OK", e.getMessage(), e);
        }
    }

    /** The replicas that the master's {@code INFO replication} shows short of {@code offset}, or not at all. */
    private static String laggingReplicas(List<NodePlan> replicas, Map<String, String> masterInfo, long offset) {
        StringBuilder lagging = new StringBuilder();
        for (NodePlan replica : replicas) {
            Optional<String> line = masterInfo.values().stream()
                    .filter(v -> v.contains("port=" + replica.port() + ",")).findFirst();
            Optional<Long> acked = line.flatMap(l -> Arrays.stream(l.split(","))
                    .filter(f -> f.startsWith("offset=")).findFirst().map(f -> Long.parseLong(f.substring(7))));
            if (acked.isEmpty() || acked.get() < offset) {
                lagging.append(lagging.length() == 0 ? "" : ", ").append(replica.name()).append(" (")
                        .append(line.map(l -> "at " + l).orElse("not connected to the master")).append(')');
            }
        }
        return lagging.length() == 0 ? "a replica" : lagging.toString();
    }

    /** Starts recording the events of this shard's Sentinels; close it when done. */
    public SentinelEvents sentinelEvents() {
        return new SentinelEvents(this);
    }

    @Override
    public String toString() {
        return masterName() + " (HAProxy master " + haproxyMaster() + ", replicas " + haproxyReplicas() + ")";
    }
}
