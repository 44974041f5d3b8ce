package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Settings that cannot work fail when the application context starts, saying what to change. */
class BadSettingsIT {

    @SpringBootTest
    @RedisShardedCluster(shards = 1)
    @RedisShardConnection(shard = 1)
    static class ShardOutOfRange {
        @Test
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @RedisShardConnection(mode = Mode.HAPROXY)
    @interface ThroughHaproxy {
    }

    @SpringBootTest
    @RedisShardedCluster
    @ThroughHaproxy
    @RedisShardConnection
    static class BothModes {
        @Test
        void test() {
        }
    }

    @SpringBootTest
    @RedisShardConnection
    static class NoCluster {
        @Test
        void test() {
        }
    }

    @Test
    void noClusterToConnectTo() {
        assertThat(rootCauses(NoCluster.class)).singleElement().asString()
                .startsWith("@RedisShardConnection on " + NoCluster.class.getName() + " found no cluster: annotate the"
                        + " class with @RedisShardedCluster");
    }

    @Test
    void aShardThatDoesNotExist() {
        assertThat(rootCauses(ShardOutOfRange.class)).containsExactly("@RedisShardConnection on "
                + ShardOutOfRange.class.getName() + " is invalid: shard = 1 does not exist, the cluster has shard 0"
                + " only; set shard to one of those, or start more shards with @RedisShardedCluster(shards = 2)");
    }

    @Test
    void bothModesAtOnce() {
        assertThat(rootCauses(BothModes.class)).singleElement().asString()
                .startsWith("@RedisShardConnection on " + BothModes.class.getName() + " is invalid: it asks for both"
                        + " modes at once, (shard = 0, mode = SENTINEL) directly; (shard = 0, mode = HAPROXY) through"
                        + " @ThroughHaproxy; keep one @RedisShardConnection");
    }

    /** The messages of the root causes of what failed when the class ran. */
    private static List<String> rootCauses(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().allEvents().failed()
                .stream().map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .map(t -> {
                    Throwable root = t;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    return root.getMessage();
                }).toList();
    }
}
