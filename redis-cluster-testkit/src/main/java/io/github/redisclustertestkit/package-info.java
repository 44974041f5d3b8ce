/**
 * A Sentinel-sharded Redis deployment for integration tests. {@link
 * io.github.redisclustertestkit.RedisShardedClusterContainer} starts it and heals it; a {@link
 * io.github.redisclustertestkit.Shard} fails over, a {@link io.github.redisclustertestkit.Node} is
 * killed, stopped or paused, {@link io.github.redisclustertestkit.ClusterNetwork} cuts traffic
 * between nodes, and {@link io.github.redisclustertestkit.ShardEndpoints} tells clients where to
 * connect. Every failure of the cluster is a {@link
 * io.github.redisclustertestkit.RedisClusterException}.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit;
