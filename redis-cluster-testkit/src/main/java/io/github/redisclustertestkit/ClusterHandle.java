package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What the public front keeps of a started cluster: the internal runtime, and the one
 * {@link Node} per node and one {@link ClusterNetwork} that users get each time they ask.
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
}
