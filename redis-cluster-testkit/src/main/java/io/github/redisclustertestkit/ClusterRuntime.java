package io.github.redisclustertestkit;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.readiness.Diagnostics;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.readiness.Problem;
import io.github.redisclustertestkit.internal.readiness.ReadinessCheck;
import io.github.redisclustertestkit.internal.readiness.Readiness;

import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

/** A started cluster: its plan, containers and probe, shared by the cluster, its shards and nodes. */
final class ClusterRuntime {

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
    /** Nodes killed or stopped through {@link Node}, and not started since: not running on purpose. */
    private final Set<NodePlan> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
    final ClusterNetwork network = new ClusterNetwork(this);

    ClusterRuntime(ClusterPlan plan, ClusterContainers containers, Probe probe, Thread shutdownHook) {
        this.plan = plan;
        this.containers = containers;
        this.probe = probe;
        this.shutdownHook = shutdownHook;
        this.lastKnownMasters = new AtomicReferenceArray<>(
                plan.shards().stream().map(ShardPlan::initialMaster).toArray(NodePlan[]::new));
        this.faultedMasters = new AtomicReferenceArray<>(plan.shards().size());
    }

    /**
     * Where the node or HAProxy listener on {@code port} is reached. HAProxy's listeners share the
     * address of its runtime API.
     */
    String host(int port) {
        return probe.host(port);
    }

    /** Where HAProxy's listeners are reached. */
    String haproxyHost() {
        return host(plan.haproxy().port());
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

    /**
     * Called before a fault hits {@code node}: notes it if it is its shard's master now, and
     * whether the fault ends its process (so that a wait does not report it as having died).
     */
    void beforeFault(NodePlan node, boolean endsProcess) {
        if (endsProcess) {
            stoppedOnPurpose.add(node);
        }
        if (node.kind() == NodeKind.REDIS && currentMaster(plan.shards().get(node.shard())).equals(node)) {
            faultedMasters.set(node.shard(), node);
        }
    }

    /** The master the last fault on the shard hit, unless a change away from it was awaited since. */
    Optional<NodePlan> faultedMaster(ShardPlan shard) {
        return Optional.ofNullable(faultedMasters.get(shard.index()));
    }

    /** The node was started again after a kill or stop. */
    void started(NodePlan node) {
        stoppedOnPurpose.remove(node);
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
        return new Endpoint(host(node.port()), node.port());
    }

    /**
     * Waits until the given readiness checks all hold; on timeout, the diagnostics tell why. A
     * node that was running when the wait began and exits during it, other than through
     * {@link Node#kill()} or {@link Node#stop()}, ends the wait at once, reported with its logs.
     */
    void await(List<ReadinessCheck> checks, Duration timeout, String what) {
        Set<String> watched = runningContainerIds();
        List<Problem> open = Readiness.await(checks, probe, timeout, () -> failIfExited(watched, what));
        if (!open.isEmpty()) {
            Problem first = open.get(0);
            throw failure(what + " did not happen within " + timeout.toMillis() + " ms", first.node(),
                    first.awaited(), first.seen(), null);
        }
    }

    /** The ids of this cluster's containers that run now (paused ones too), in one Docker call. */
    private Set<String> runningContainerIds() {
        return ClusterContainers.list(plan.clusterId(), false).stream().map(Container::getId)
                .collect(Collectors.toSet());
    }

    private void failIfExited(Set<String> watched, String what) {
        Set<String> running;
        try {
            running = runningContainerIds();
        } catch (RuntimeException dockerHiccup) {
            return; // the next tick asks again: one failed list call is no reason to end the wait
        }
        for (NodeContainer container : containers.all()) {
            String id = container.containerId();
            if (id != null && watched.contains(id) && !running.contains(id)
                    && !stoppedOnPurpose.contains(container.node())) {
                throw new RedisClusterException(container.describe() + " exited while waiting for " + what + " ("
                        + exitStatus(id) + "); it was not stopped through kill() or stop()\n  last log lines:\n"
                        + container.lastLogLines(NodeContainer.LOG_LINES).lines().map(l -> "    " + l)
                        .collect(Collectors.joining("\n")) + "\n" + diagnostics());
            }
        }
    }

    private static String exitStatus(String containerId) {
        try {
            return "exit code " + DockerClientFactory.lazyClient().inspectContainerCmd(containerId).exec().getState()
                    .getExitCodeLong();
        } catch (RuntimeException gone) {
            return "removed";
        }
    }

    /** An exception naming the node, what was awaited and seen, with the whole cluster's diagnostics. */
    RedisClusterException failure(String what, NodePlan node, String awaited, String seen, Throwable cause) {
        return new RedisClusterException(what + "\n  node: " + container(node).describe() + "\n  awaited: " + awaited
                + "\n  last seen: " + seen + "\n" + diagnostics(), cause);
    }

    String diagnostics() {
        String dump = Diagnostics.render(plan, probe, n -> container(n).lastLogLines(NodeContainer.LOG_LINES));
        List<String> cuts = plan.spec().networkFaults() ? network.rules() : List.of();
        return cuts.isEmpty() ? dump : dump + "network faults in force (packets dropped from -> to): " + cuts + "\n";
    }
}
