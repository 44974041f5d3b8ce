/**
 * Spring Boot test support: {@link io.github.redisclustertestkit.spring.RedisShardConnection}
 * connects the application under test to one shard of the cluster that the JUnit extension runs;
 * {@link io.github.redisclustertestkit.spring.RedisShardProperties} sets the
 * {@code spring.data.redis.*} properties instead.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit.spring;
