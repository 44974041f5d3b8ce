package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What a build that forks with {@code forkCount} above 1 does on this module's JUnit (5.12, as
 * Boot 3.5 manages it): every class is a run of its own, and a shared cluster goes with the run
 * that made it, while Spring's context cache keeps the context. Three runs in this JVM, one class
 * each with the same settings: each later one must get a context made for its own cluster, not
 * the cached one bound to the removed cluster, with one instance per method and per class.
 */
class SharedClusterPerRunIT {

    /**
     * Settings no other class here uses, so no other class shares the context. The cluster's
     * extension first, for the class with one instance per class.
     */
    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1, lifecycle = Lifecycle.SHARED)
    @SpringBootTest
    @RedisShardConnection
    abstract static class OneRunOfAFork {
        @Autowired
        StringRedisTemplate redis;

        @Test
        void writesThroughTheContextsClient() {
            assertThat(redis.opsForValue().increment("runs")).as("a fresh cluster per run").isEqualTo(1);
        }
    }

    static class First extends OneRunOfAFork {
    }

    /** Its instance, and the injection, come before the class starts (as in PerClassTestInstanceIT). */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class Second extends OneRunOfAFork {
    }

    static class Third extends OneRunOfAFork {
    }

    @Test
    void aLaterRunGetsAContextForItsOwnCluster() {
        for (Class<?> run : new Class<?>[]{First.class, Second.class, Third.class}) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(run)).execute();
            assertThat(results.testEvents().failed().stream().map(e -> e.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?")).toList())
                    .as("failures of %s's run", run.getSimpleName()).isEmpty();
            assertThat(results.testEvents().succeeded().count()).as("%s's run", run.getSimpleName()).isEqualTo(1);
        }
    }
}
