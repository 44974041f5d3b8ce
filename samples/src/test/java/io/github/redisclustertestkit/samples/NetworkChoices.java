package io.github.redisclustertestkit.samples;

// snippet:network-imports
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.spec.NetworkMode;
// end:network-imports

/** Network settings as the guides show them; compiled, not started. */
final class NetworkChoices {

    private NetworkChoices() {
    }

    static RedisShardedClusterContainer pod() {
        // snippet:network-pod
        var cluster = new RedisShardedClusterContainer()
                .withNetworkMode(NetworkMode.POD); // one network namespace per cluster, ports published on 127.0.0.1
        // end:network-pod
        return cluster;
    }

    static RedisShardedClusterContainer everyInterface() {
        // snippet:network-bind
        var cluster = new RedisShardedClusterContainer()
                .withBindAddress("0.0.0.0"); // reachable from other machines; the nodes still meet on 127.0.0.1
        // end:network-bind
        return cluster;
    }

    static RedisShardedClusterContainer fixedPorts() {
        // snippet:network-fixed-ports
        var cluster = new RedisShardedClusterContainer()
                .withHaproxyBasePort(5000); // shard 0: 5000 (master) / 5001 (replicas), shard 1: 5002 / 5003, ...
        // end:network-fixed-ports
        return cluster;
    }
}
