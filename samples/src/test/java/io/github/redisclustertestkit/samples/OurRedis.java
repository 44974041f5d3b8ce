package io.github.redisclustertestkit.samples;

// snippet:junit-own-annotation
import io.github.redisclustertestkit.junit5.RedisShardedCluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A team's own annotation, defined once: every class that carries it shares one cluster. */
@RedisShardedCluster(shards = 2, password = "team-secret", lifecycle = RedisShardedCluster.Lifecycle.SHARED)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OurRedis {
}
// end:junit-own-annotation
