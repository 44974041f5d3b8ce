package io.github.redisclustertestkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Connects the Spring Boot application under test to the native Redis Cluster that
 * {@code @RedisCluster} runs for the test class: a Redis connection-details bean of the cluster
 * kind ({@code RedisConnectionDetails.getCluster()} on Boot 3.5,
 * {@code DataRedisConnectionDetails.getCluster()} on Boot 4.0: every node as a seed, and the
 * password) takes the place of the {@code spring.data.redis.cluster.*} properties.
 * <pre>{@code
 * @SpringBootTest
 * @RedisCluster(lifecycle = Lifecycle.SHARED)
 * @RedisClusterConnection
 * class CartIT { ... }
 * }</pre>
 * Boot's own Testcontainers and Docker Compose support give standalone details only. Spring caches
 * the application context as for {@link RedisShardConnection}: classes with an equal
 * {@code @RedisCluster(lifecycle = SHARED)} share one context and one cluster; with any other
 * lifecycle the context is the class's own and is closed after the class.
 *
 * <p>
 * On a TLS cluster the details also carry an {@code SslBundle} that trusts the cluster's CA and,
 * under mutual TLS, presents its client certificate: Boot's client connects over TLS unchanged.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RedisClusterConnection {
}
