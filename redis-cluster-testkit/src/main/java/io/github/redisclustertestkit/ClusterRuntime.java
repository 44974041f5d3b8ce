package io.github.redisclustertestkit;

import io.github.redisclustertestkit.containers.ClusterContainers;
import io.github.redisclustertestkit.containers.NodeContainer;
import io.github.redisclustertestkit.plan.ClusterPlan;
import io.github.redisclustertestkit.plan.NodeKind;
import io.github.redisclustertestkit.plan.NodePlan;
import io.github.redisclustertestkit.plan.ShardPlan;
import io.github.redisclustertestkit.readiness.Diagnostics;
import io.github.redisclustertestkit.readiness.Probe;
import io.github.redisclustertestkit.readiness.Problem;
import io.github.redisclustertestkit.readiness.ReadinessCheck;
import io.github.redisclustertestkit.readiness.Readiness;
import io.github.redisclustertestkit.readiness.ReadinessTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A started cluster: its plan, containers and probe, shared by the cluster, its shards and nodes. */
final class ClusterRuntime {

    static final int LOG_LINES = 30;

    final ClusterPlan plan;
    final ClusterContainers containers;
    final Probe probe;
    final Thread shutdownHook;
    /** The master a majority of Sentinels last named, per shard: the answer while they disagree. */
    private final AtomicReferenceArray<NodePlan> lastKnownMasters;
    /**
     * Per shard: the master that the last kill, stop or pause hit, until a change away from it
     * was awaited or the cluster healed. Captured when the fault is made, so that what
     * {@link Shard#awaitMasterChange(Duration)} waits for does not depend on who asked what since.
     */
    private final AtomicReferenceArray<NodePlan> faultedMasters;
    private final ConcurrentHashMap<NodePlan, Node> nodes = new ConcurrentHashMap<>();

    ClusterRuntime(ClusterPlan plan, ClusterContainers containers, Probe probe, Thread shutdownHook) {
        this.plan = plan;
        this.containers = containers;
        this.probe = probe;
        this.shutdownHook = shutdownHook;
        this.lastKnownMasters = new AtomicReferenceArray<>(
                plan.shards().stream().map(ShardPlan::initialMaster).toArray(NodePlan[]::new));
        this.faultedMasters = new AtomicReferenceArray<>(plan.shards().size());
    }

    String host() {
        return probe.host();
    }

    ShardPlan shardPlan(int index) {
        if (index < 0 || index >= plan.shards().size()) {
            throw new IndexOutOfBoundsException("shard " + index + " does not exist: this cluster has shards 0.."
                    + (plan.shards().size() - 1));
        }
        return plan.shards().get(index);
    }

    /** The master a majority of the shard's Sentinels name now, else the last one they named. */
    NodePlan currentMaster(ShardPlan shard) {
        return probe.agreedMaster(shard).map(m -> {
            lastKnownMasters.set(shard.index(), m);
            return m;
        }).orElseGet(() -> lastKnownMasters.get(shard.index()));
    }

    /** Called before a fault hits {@code node}: notes it if it is its shard's master now. */
    void beforeFault(NodePlan node) {
        if (node.kind() == NodeKind.REDIS && currentMaster(plan.shards().get(node.shard())).equals(node)) {
            faultedMasters.set(node.shard(), node);
        }
    }

    /** The master the last fault on the shard hit, unless a change away from it was awaited since. */
    Optional<NodePlan> faultedMaster(ShardPlan shard) {
        return Optional.ofNullable(faultedMasters.get(shard.index()));
    }

    /** A change away from {@code from} was seen: a later fault decides what the next wait waits for. */
    void masterChanged(ShardPlan shard, NodePlan from) {
        faultedMasters.compareAndSet(shard.index(), from, null);
    }

    /** After heal(): no fault is pending any more. */
    void forgetFaults() {
        for (int i = 0; i < faultedMasters.length(); i++) {
            faultedMasters.set(i, null);
        }
    }

    Node node(NodePlan node) {
        return nodes.computeIfAbsent(node, n -> new Node(this, n));
    }

    NodeContainer container(NodePlan node) {
        return containers.container(node);
    }

    Endpoint endpoint(NodePlan node) {
        return new Endpoint(host(), node.port());
    }

    /** Waits until the given readiness checks all hold; on timeout, the diagnostics tell why. */
    void await(List<ReadinessCheck> checks, Duration timeout, String what) {
        try {
            Readiness.await(checks, probe, timeout, () -> { });
        } catch (ReadinessTimeoutException e) {
            Problem first = e.problems().get(0);
            throw failure(what + " did not happen within " + timeout.toMillis() + " ms", first.node(),
                    first.awaited(), first.seen(), e);
        }
    }

    /** An exception naming the node, what was awaited and seen, with the whole cluster's diagnostics. */
    RedisClusterException failure(String what, NodePlan node, String awaited, String seen, Throwable cause) {
        return new RedisClusterException(what + "\n  node: " + container(node).describe() + "\n  awaited: " + awaited
                + "\n  last seen: " + seen + "\n" + diagnostics(), cause);
    }

    String diagnostics() {
        return Diagnostics.render(plan, probe, n -> container(n).lastLogLines(LOG_LINES));
    }
}
