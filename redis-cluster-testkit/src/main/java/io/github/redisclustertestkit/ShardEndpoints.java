package io.github.redisclustertestkit;

import java.util.List;

/**
 * Where to reach one shard. {@code master} and {@code replicas} are the nodes as they were when
 * this value was made (the node a majority of the shard's Sentinels named as master); the
 * HAProxy ports follow the master by themselves.
 *
 * @param index           shard index, from 0
 * @param masterName      the Sentinel master name (for Sentinel-aware clients)
 * @param haproxyMaster   always reaches the current master
 * @param haproxyReplicas round-robins over the replicas
 * @param master          the master node
 * @param replicas        the replica nodes
 * @param sentinels       the shard's Sentinels
 * @since 0.1.0
 */
public record ShardEndpoints(int index, String masterName, Endpoint haproxyMaster, Endpoint haproxyReplicas,
                             Endpoint master, List<Endpoint> replicas, List<Endpoint> sentinels) {

    /**
     * Copies both lists, so that the value does not change with them.
     *
     * @param index           shard index, from 0
     * @param masterName      the Sentinel master name
     * @param haproxyMaster   always reaches the current master
     * @param haproxyReplicas round-robins over the replicas
     * @param master          the master node
     * @param replicas        the replica nodes
     * @param sentinels       the shard's Sentinels
     */
    public ShardEndpoints {
        replicas = List.copyOf(replicas);
        sentinels = List.copyOf(sentinels);
    }
}
