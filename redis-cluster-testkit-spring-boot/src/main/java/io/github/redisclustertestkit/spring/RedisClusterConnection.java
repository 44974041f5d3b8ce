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
 * <p>
 * On a cluster with ACL users ({@code @RedisCluster(users = ...)}) the application connects as one
 * of them: {@link #user()}, else the first one declared; the details give that user's name and
 * password. Without users it is the default user with the cluster's password.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RedisClusterConnection {

    /**
     * {@return the ACL user the application connects as: the name of a user the cluster declares;
     * default: the first declared user, or the default user when the cluster declares none} A name
     * the cluster does not declare fails the context's start, naming the declared users.
     */
    String user() default "";
}
