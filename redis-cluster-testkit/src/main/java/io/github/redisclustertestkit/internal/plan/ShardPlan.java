package io.github.redisclustertestkit.internal.plan;

import java.util.List;

/**
 * One shard: its Redis nodes (the first starts as master), its Sentinels and its two HAProxy ports;
 * in a native Redis Cluster, a master's slots with its replicas, and no Sentinel or HAProxy port.
 *
 * @param masterName the Sentinel master name; in a native Redis Cluster {@code shard-i}, a name for messages
 * @param slots      the hash slots the master is given at start, or null in the Sentinel topology
 */
public record ShardPlan(int index, String masterName, List<NodePlan> redis, List<NodePlan> sentinels,
                        int haproxyMasterPort, int haproxyReplicasPort, SlotRange slots) {

    public ShardPlan {
        redis = List.copyOf(redis);
        sentinels = List.copyOf(sentinels);
    }

    /** A shard of the Sentinel topology. */
    public ShardPlan(int index, String masterName, List<NodePlan> redis, List<NodePlan> sentinels,
                     int haproxyMasterPort, int haproxyReplicasPort) {
        this(index, masterName, redis, sentinels, haproxyMasterPort, haproxyReplicasPort, null);
    }

    /** The node that starts as master. */
    public NodePlan initialMaster() {
        return redis.get(0);
    }

    /** The nodes that start as replicas. */
    public List<NodePlan> initialReplicas() {
        return redis.subList(1, redis.size());
    }

    /** The Redis node listening on {@code port}, if it belongs to this shard. */
    public java.util.Optional<NodePlan> redisAt(int port) {
        return redis.stream().filter(n -> n.port() == port).findFirst();
    }
}
