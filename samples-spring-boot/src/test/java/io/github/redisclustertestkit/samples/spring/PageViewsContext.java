package io.github.redisclustertestkit.samples.spring;

// snippet:spring-boot-own-annotation
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The page-view service against shard 0 of a shared cluster, through its Sentinels. Every class
 * with this annotation (and no other settings) shares one application context and one cluster.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@RedisShardedCluster(shards = 1, replicasPerShard = 2, lifecycle = Lifecycle.SHARED)
@RedisShardConnection
@interface PageViewsContext {
}
// end:spring-boot-own-annotation
