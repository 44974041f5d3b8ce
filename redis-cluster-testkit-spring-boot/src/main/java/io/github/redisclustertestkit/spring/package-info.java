/**
 * Spring Boot test support: {@link io.github.redisclustertestkit.spring.RedisShardConnection}
 * connects the application under test to one shard of the cluster that the JUnit extension runs;
 * {@link io.github.redisclustertestkit.spring.RedisShardProperties} sets the
 * {@code spring.data.redis.*} properties instead. For a native Redis Cluster (under
 * {@code @RedisCluster}), {@link io.github.redisclustertestkit.spring.RedisClusterConnection} and
 * {@link io.github.redisclustertestkit.spring.RedisClusterProperties} do the same with
 * {@code spring.data.redis.cluster.*}.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit.spring;
