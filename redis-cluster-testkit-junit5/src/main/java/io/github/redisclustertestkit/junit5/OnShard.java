package io.github.redisclustertestkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which shard an injected {@code Shard}, {@code ShardEndpoints} or endpoint value belongs to, or,
 * under {@link RedisCluster}, which master's {@code RedisClusterShard} (default: shard 0).
 * Example: {@code void test(@OnShard(1) ShardEndpoints s)}.
 *
 * @since 0.1.0
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnShard {
    /** {@return the shard index, from 0} */
    int value();
}
