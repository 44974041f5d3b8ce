/**
 * JUnit Jupiter support: {@link io.github.redisclustertestkit.junit5.RedisShardedCluster} on a
 * test class, or a registered {@link io.github.redisclustertestkit.junit5.RedisShardedClusterExtension},
 * starts a Sentinel-sharded cluster and injects it, a shard, or plain endpoints into fields and
 * parameters; {@link io.github.redisclustertestkit.junit5.RedisCluster} does the same for a native
 * Redis Cluster (hash slots), with its seeds.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit.junit5;
