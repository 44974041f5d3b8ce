package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link RedisCluster} driven through the engine where Docker is out of reach (see this module's
 * surefire configuration): wrong injection points and invalid settings are reported, naming the
 * parameter or attribute, before anything starts; without Docker the test fails or is skipped.
 */
class RedisClusterWithoutDockerTest {

    private static Events run(Class<?> testClass, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(selectClass(testClass)).execute().testEvents();
    }

    private static Events run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    @RedisCluster(masters = 3)
    static class SeedsAsASet {
        @Test
        void test(@Seeds Set<Endpoint> seeds) {
        }
    }

    @Test
    void seedsOfAnotherTypeSayWhichTypesWork() {
        run(SeedsAsASet.class).assertStatistics(s -> s.started(1).failed(1)).assertThatEvents().haveExactly(1,
                event(test("test"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message("Cannot inject parameter [java.util.Set<io.github.redisclustertestkit.Endpoint> arg0]"
                                + " of SeedsAsASet.test(..): @Seeds injects a List<Endpoint> or a String, not a"
                                + " java.util.Set<Endpoint>; declare it as List<Endpoint> or String"))));
    }

    @RedisCluster(masters = 3)
    static class ShardOutOfRange {
        @Test
        void test(@OnShard(3) RedisClusterShard shard) {
        }
    }

    @Test
    void aShardIndexOutOfRangeSaysWhichShardsExist() {
        run(ShardOutOfRange.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message("Cannot inject parameter [io.github.redisclustertestkit.RedisClusterShard arg0] of"
                        + " ShardOutOfRange.test(..): @OnShard(3) is out of range, the cluster has shards 0..2"
                        + " (masters = 3)"))));
    }

    @RedisCluster
    static class OnShardOnTheContainer {
        @Test
        void test(@OnShard(1) RedisClusterContainer cluster) {
        }
    }

    @Test
    void onShardOnTheWholeClusterIsRefused() {
        run(OnShardOnTheContainer.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard does not apply to the whole cluster; declare the type as"
                        + " RedisClusterShard")))));
    }

    @RedisCluster(masters = 0)
    static class ZeroMasters {
        @Test
        void test() {
        }
    }

    @Test
    void anInvalidAnnotationValueNamesTheClassTheOptionAndTheFix() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ZeroMasters.class)).execute().containerEvents()
                .assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class),
                        message("@RedisCluster on " + ZeroMasters.class.getName() + " is invalid: masters must be"
                                + " between 1 and 32 (was 0). Use withMasters(n) with 1 <= n <= 32"))));
    }

    /** A team's own annotation, defined once. */
    @RedisCluster(masters = 4, password = "secret")
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface OurCluster {
    }

    @OurCluster
    static class MetaAnnotated {
        @Test
        void test(@OnShard(4) RedisClusterShard shard) {
        }
    }

    @Test
    void worksAsAMetaAnnotation() {
        run(MetaAnnotated.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard(4) is out of range, the cluster has shards 0..3 (masters = 4)")))));
    }

    @RedisCluster
    static class FromConfiguration {
        @Test
        void test(@OnShard(6) RedisClusterShard shard) {
        }
    }

    @Test
    void unsetAttributesFallBackToTheirOwnConfigurationParameters() {
        run(FromConfiguration.class, Map.of(RedisCluster.MASTERS, "6", RedisShardedCluster.SHARDS, "2"))
                .assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                        message(m -> m.endsWith("@OnShard(6) is out of range, the cluster has shards 0..5"
                                + " (masters = 6)")))));
    }

    @RedisCluster
    static class NeedsDocker {
        @Test
        void test(@Seeds List<Endpoint> seeds) {
        }
    }

    @Test
    void withoutDockerTheTestFailsWithAClearMessage() {
        run(NeedsDocker.class).assertStatistics(s -> s.failed(1)).assertThatEvents().haveExactly(1,
                event(test("test"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(m -> m.startsWith("Failed to resolve parameter [java.util.List<io.github"
                                + ".redisclustertestkit.Endpoint> arg0]") && m.endsWith(": Docker is not available:"
                                + " redis-cluster-testkit starts real containers. Start a Docker engine (on Debian:"
                                + " scripts/docker-env.sh sets one up) and make it reachable the way Testcontainers"
                                + " finds it (DOCKER_HOST or /var/run/docker.sock)")))));
    }

    @RedisCluster(disabledWithoutDocker = RedisCluster.Toggle.TRUE)
    static class SkipsWithoutDocker {
        @Test
        void test(RedisClusterContainer cluster) {
        }
    }

    @Test
    void withoutDockerTheClassIsSkippedWhenAskedTo() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SkipsWithoutDocker.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1,
                        event(skippedWithReason("Docker is not available (disabledWithoutDocker = true)")));
    }

    /** Each extension resolves its own types: JUnit would fail a parameter that two resolvers claim. */
    @RedisCluster(masters = 3)
    @RedisShardedCluster(shards = 2)
    static class BothTopologies {
        @Test
        void test(@OnShard(3) RedisClusterShard shard) {
        }
    }

    @Test
    void bothAnnotationsOnOneClassSplitTheInjectionPoints() {
        run(BothTopologies.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard(3) is out of range, the cluster has shards 0..2 (masters = 3)")))));
        run(SentinelTypeUnderBoth.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard(2) is out of range, the cluster has shards 0..1 (shards = 2)")))));
    }

    @RedisCluster(masters = 3)
    @RedisShardedCluster(shards = 2)
    static class SentinelTypeUnderBoth {
        @Test
        void test(@OnShard(2) Shard shard) {
        }
    }
}
