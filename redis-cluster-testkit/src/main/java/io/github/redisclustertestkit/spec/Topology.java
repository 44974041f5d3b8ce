package io.github.redisclustertestkit.spec;

/**
 * What a cluster is made of. Each has its own front ({@code RedisShardedClusterContainer},
 * {@code RedisClusterContainer}); the CLI's {@code up --topology} chooses between them.
 *
 * @since 0.1.0
 */
public enum Topology {

    /**
     * Shards of one master and its replicas, each watched by its own Sentinels, behind HAProxy
     * ports that reach the current master or the replicas. The client picks the shard.
     */
    SENTINEL,

    /**
     * Native Redis Cluster: masters share the 16384 hash slots, replicas take over through the
     * cluster bus, and the server redirects a client to the right node ({@code MOVED}, {@code ASK}).
     * No Sentinel, no HAProxy. Needs Redis 7.0 or Valkey 7.2 ({@code cluster-port}).
     */
    CLUSTER
}
