package io.github.redisclustertestkit.internal.plan;

import java.util.List;

/**
 * One shard: its Redis nodes (the first starts as master), its Sentinels and its two HAProxy ports.
 */
public record ShardPlan(int index, String masterName, List<NodePlan> redis, List<NodePlan> sentinels,
                        int haproxyMasterPort, int haproxyReplicasPort) {

    public ShardPlan {
        redis = List.copyOf(redis);
        sentinels = List.copyOf(sentinels);
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
