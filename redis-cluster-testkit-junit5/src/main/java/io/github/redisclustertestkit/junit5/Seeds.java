package io.github.redisclustertestkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the seeds of a {@link RedisCluster}: every node's client address, what a cluster client
 * starts from. As a {@code List<Endpoint>} ({@code RedisClusterContainer.nodes()}) or a
 * {@code String} {@code host:port,host:port,...} ({@code seeds()}, the form of
 * {@code spring.data.redis.cluster.nodes}).
 *
 * @since 0.1.0
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Seeds {
}
