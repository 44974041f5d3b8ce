package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the public front keeps of a started cluster: the internal runtime, and the one
 * {@link Node} per node and one {@link ClusterNetwork} that users get each time they ask; and the
 * whole-cluster operations every front offers alike, whatever the topology.
 */
final class ClusterHandle {

    private final ClusterRuntime runtime;
    private final ConcurrentHashMap<NodePlan, Node> nodes = new ConcurrentHashMap<>();
    private final ClusterNetwork network;

    ClusterHandle(ClusterRuntime runtime) {
        this.runtime = runtime;
        this.network = new ClusterNetwork(this);
    }

    ClusterRuntime runtime() {
        return runtime;
    }

    Node node(NodePlan node) {
        return nodes.computeIfAbsent(node, n -> new Node(this, n));
    }

    ClusterNetwork network() {
        return network;
    }

    Endpoint endpoint(NodePlan node) {
        return new Endpoint(runtime.host(node.port()), node.port());
    }

    ServerVersion serverVersion() {
        Server server = runtime.plan.server();
        return new ServerVersion(Flavour.valueOf(server.flavour().name()), server.version());
    }

    /** Waits until every readiness fact holds again. */
    void awaitHealthy(Duration timeout) {
        Failures.translated(() -> runtime.await(Readiness.checksFor(runtime.plan), timeout, "cluster healthy again"));
    }

    /** {@code FLUSHALL} on every shard's current master, applied by every running replica. */
    void flushAll() {
        for (ShardPlan shard : runtime.plan.shards()) {
            Failures.translated(() -> runtime.flushAll(shard, InternalDefaults.FLUSH_REPLICATION_WAIT,
                    n -> runtime.container(n).isRunning()));
        }
    }

    /** Undoes every fault (partitions, paused and stopped nodes), then waits until healthy. */
    void heal(Duration timeout) {
        if (runtime.plan.spec().networkFaults()) {
            network.heal();
        }
        for (NodeContainer container : runtime.containers.all()) {
            Node node = node(container.node());
            if (container.isPaused()) {
                node.unpause();
            } else if (!container.isRunning()) {
                node.start();
            }
        }
        runtime.forgetFaults();
        awaitHealthy(timeout);
    }
}
