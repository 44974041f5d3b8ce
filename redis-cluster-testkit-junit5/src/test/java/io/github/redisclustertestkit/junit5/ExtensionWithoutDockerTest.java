package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The extension driven through the engine, in a JVM where Docker is out of reach (see this
 * module's surefire configuration): what users see for wrong injection points, invalid settings
 * and no Docker. Injection points are checked against the settings before anything starts.
 */
class ExtensionWithoutDockerTest {

    private static Events run(Class<?> testClass, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(selectClass(testClass)).execute().testEvents();
    }

    private static Events run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    @RedisShardedCluster(shards = 2)
    static class WrongParameterType {
        @Test
        void test(@HaproxyMaster String endpoint) {
        }
    }

    @Test
    void aWrongParameterTypeNamesTheParameterAndWhatWouldWork() {
        run(WrongParameterType.class).assertStatistics(s -> s.started(1).failed(1))
                .assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                        instanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class),
                        message("Cannot inject parameter [java.lang.String arg0] of WrongParameterType.test(..):"
                                + " @HaproxyMaster injects a Endpoint, not a String; declare it as Endpoint"))));
    }

    @RedisShardedCluster(shards = 2)
    static class UnqualifiedEndpoint {
        @Test
        void test(Endpoint endpoint) {
        }
    }

    @Test
    void anEndpointWithoutQualifierSaysWhichAnnotationsExist() {
        run(UnqualifiedEndpoint.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.startsWith("Cannot inject parameter [io.github.redisclustertestkit.Endpoint arg0]")
                        && m.contains("an Endpoint annotated with @HaproxyMaster or @HaproxyReplicas")))));
    }

    @RedisShardedCluster(shards = 2)
    static class ShardOutOfRange {
        @Test
        void test(@OnShard(2) ShardEndpoints shard) {
        }
    }

    @Test
    void aShardIndexOutOfRangeSaysWhichShardsExist() {
        run(ShardOutOfRange.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message("Cannot inject parameter [io.github.redisclustertestkit.ShardEndpoints arg0] of"
                        + " ShardOutOfRange.test(..): @OnShard(2) is out of range, the cluster has shards 0..1"
                        + " (shards = 2)"))));
    }

    @RedisShardedCluster(shards = 0)
    static class ZeroShards {
        @Test
        void test() {
        }
    }

    @Test
    void anInvalidAnnotationValueNamesTheClassTheOptionAndTheFix() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ZeroShards.class)).execute()
                .containerEvents();
        events.assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class),
                message("@RedisShardedCluster on " + ZeroShards.class.getName() + " is invalid: shards must be"
                        + " between 1 and 32 (was 0). Use withShards(n) with 1 <= n <= 32"))));
    }

    @RedisShardedCluster
    static class UnknownRouting {
        @Test
        void test() {
        }
    }

    /** The attribute is an enum now; the configuration parameter is still text, and says what it takes. */
    @Test
    void anUnknownRoutingListsTheChoices() {
        EngineTestKit.engine("junit-jupiter").configurationParameter(RedisShardedCluster.ROUTING, "ROUND_ROBIN")
                .selectors(selectClass(UnknownRouting.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message("configuration parameter redis-cluster-testkit.routing = \"ROUND_ROBIN\" is invalid for "
                                + UnknownRouting.class.getName() + ": expected one of [SENTINEL_AGREED, ROLE_CHECK]"
                                + " (or set routing on @RedisShardedCluster)"))));
    }

    /** A team's own annotation, defined once. */
    @RedisShardedCluster(shards = 2, password = "secret")
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface OurRedis {
    }

    @OurRedis
    static class MetaAnnotated {
        @Test
        void test(@OnShard(3) ShardEndpoints shard) {
        }
    }

    @Test
    void worksAsAMetaAnnotation() {
        run(MetaAnnotated.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard(3) is out of range, the cluster has shards 0..1 (shards = 2)")))));
    }

    @RedisShardedCluster
    static class FromConfiguration {
        @Test
        void test(@OnShard(4) @Sentinels List<Endpoint> sentinels) {
        }
    }

    @Test
    void unsetAttributesFallBackToConfigurationParameters() {
        run(FromConfiguration.class, Map.of(RedisShardedCluster.SHARDS, "4")).assertThatEvents()
                .haveExactly(1, event(test("test"), finishedWithFailure(
                        message(m -> m.endsWith("@OnShard(4) is out of range, the cluster has shards 0..3 (shards = 4)")))));
    }

    @Test
    void anInvalidConfigurationParameterIsNamed() {
        EngineTestKit.engine("junit-jupiter").configurationParameter(RedisShardedCluster.SHARDS, "many")
                .selectors(selectClass(FromConfiguration.class)).execute().containerEvents().assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(message("configuration parameter redis-cluster-testkit.shards"
                        + " = \"many\" is invalid for " + FromConfiguration.class.getName() + ": expected a whole number"
                        + " (or set shards on @RedisShardedCluster)"))));
    }

    @RedisShardedCluster(shards = 1)
    static class NeedsDocker {
        @Test
        void test(RedisShardedClusterContainer cluster) {
        }
    }

    @Test
    void withoutDockerTheTestFailsWithAClearMessage() {
        run(NeedsDocker.class).assertStatistics(s -> s.failed(1)).assertThatEvents().haveExactly(1,
                event(test("test"), finishedWithFailure(
                        instanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class),
                        message(m -> m.startsWith("Failed to resolve parameter [io.github.redisclustertestkit"
                                + ".RedisShardedClusterContainer arg0]") && m.endsWith(": Docker is not available:"
                                + " redis-cluster-testkit starts real containers. Start a Docker engine (on Debian:"
                                + " scripts/docker-env.sh sets one up) and make it reachable the way Testcontainers"
                                + " finds it (DOCKER_HOST or /var/run/docker.sock)")))));
    }

    @RedisShardedCluster(shards = 1, disabledWithoutDocker = RedisShardedCluster.Toggle.TRUE)
    static class SkipsWithoutDocker {
        @Test
        void test(RedisShardedClusterContainer cluster) {
        }
    }

    @Test
    void withoutDockerTheClassIsSkippedWhenAskedTo() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SkipsWithoutDocker.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1,
                        event(skippedWithReason("Docker is not available (disabledWithoutDocker = true)")));
    }

    static class Programmatic {
        @RegisterExtension
        static RedisShardedClusterExtension redis = RedisShardedClusterExtension.builder().withShards(3).build();

        @Test
        void test(@OnShard(7) @MasterName String name) {
        }
    }

    @Test
    void programmaticRegistrationUsesItsOwnSettings() {
        run(Programmatic.class).assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
                message(m -> m.endsWith("@OnShard(7) is out of range, the cluster has shards 0..2 (shards = 3)")))));
    }

    @Test
    void theBuilderRejectsInvalidOptionsAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisShardedClusterExtension.builder().withQuorum(9).build())
                .hasMessageStartingWith("RedisShardedClusterExtension.builder() is invalid: quorum 9 is invalid for 3"
                        + " Sentinels per shard");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisShardedClusterExtension.builder().withShards(0).build())
                .hasMessage("RedisShardedClusterExtension.builder() is invalid: shards must be between 1 and 32 (was 0)."
                        + " Use withShards(n) with 1 <= n <= 32");
    }
}
