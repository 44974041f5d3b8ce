package io.github.redisclustertestkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Connects the Spring Boot application under test to one shard of the cluster that
 * {@code @RedisShardedCluster} (or a registered {@code RedisShardedClusterExtension}) runs for
 * the test class: a Redis connection-details bean ({@code RedisConnectionDetails} on Boot 3.5,
 * {@code DataRedisConnectionDetails} on Boot 4.0) takes the place of the
 * {@code spring.data.redis.*} properties.
 * <pre>{@code
 * @SpringBootTest
 * @RedisShardedCluster(lifecycle = Lifecycle.SHARED)
 * @RedisShardConnection(shard = 0, mode = Mode.SENTINEL)
 * class PageViewsIT { ... }
 * }</pre>
 * Spring caches the application context by these settings: test classes with equal
 * {@code @RedisShardConnection} and an equal {@code @RedisShardedCluster(lifecycle = SHARED)}
 * share one context and one cluster. With any other lifecycle the cluster is the class's own,
 * so is the context, and it is closed after the class.
 *
 * <p>
 * On a TLS cluster the details also carry an {@code SslBundle} that trusts the cluster's CA and,
 * under mutual TLS, presents its client certificate: Boot's client connects over TLS unchanged.
 *
 * <p>
 * On a cluster with ACL users ({@code @RedisShardedCluster(users = ...)}) the application connects
 * to the data nodes as one of them: {@link #user()}, else the first one declared. The details give
 * that user's name and password ({@code getUsername()}, {@code getPassword()}); the Sentinels take
 * no credentials. Without users it is the default user with the cluster's password, as before.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RedisShardConnection {

    /** {@return the shard's index, from 0; default 0} */
    int shard() default 0;

    /** {@return how the application reaches the shard; default {@link Mode#SENTINEL}} */
    Mode mode() default Mode.SENTINEL;

    /**
     * {@return the ACL user the application connects as: the name of a user the cluster declares;
     * default: the first declared user, or the default user when the cluster declares none} A name
     * the cluster does not declare fails the context's start, naming the declared users.
     */
    String user() default "";

    /**
     * How the application reaches the shard.
     *
     * @since 0.1.0
     */
    enum Mode {
        /** Sentinel-aware client: the shard's master name, its Sentinels, and the password. */
        SENTINEL,
        /** Standalone client on the shard's HAProxy master port, which follows the master. */
        HAPROXY
    }
}
