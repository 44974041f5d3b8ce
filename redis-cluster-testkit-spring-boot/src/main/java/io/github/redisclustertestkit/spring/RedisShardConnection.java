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
