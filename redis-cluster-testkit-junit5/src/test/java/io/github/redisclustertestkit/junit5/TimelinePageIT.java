package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The timeline page of a failing test (issue 26), through the engine with real clusters: written
 * where the failure's message says, with the picture and the test's fault in it; for a failing
 * lifecycle method; for a cluster shared by classes; and for every test on demand.
 */
class TimelinePageIT {

    /** The pod-mode pass (failsafe execution pod-mode) sets the network mode as a system property. */
    private static final String NETWORK_MODE = System.getProperty(RedisShardedCluster.NETWORK_MODE);
    /** Pages of this run, apart from other runs' and from the default directory. */
    private static final Path PAGES = Path.of("target", "timeline-page-it", UUID.randomUUID().toString())
            .toAbsolutePath();

    private static Events run(String when, Class<?>... classes) {
        Map<String, String> configuration = new HashMap<>(Map.of(TimelinePages.DIRECTORY, PAGES.toString(),
                "junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName()));
        if (when != null) {
            configuration.put(TimelinePages.WHEN, when);
        }
        if (NETWORK_MODE != null) {
            configuration.put(RedisShardedCluster.NETWORK_MODE, NETWORK_MODE);
        }
        return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
                .execute().testEvents();
    }

    /** The kill's row in the page's table of events. */
    private static final String KILL_ROW = "<td>killed</td><td>shard-0 redis-\\d</td>";

    private static Path page(Class<?> testClass, String test) {
        return PAGES.resolve(testClass.getName().replace('$', '.')).resolve(test + ".html");
    }

    // One shared cluster for both classes: the page shows what every test did to it.
    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1, lifecycle = Lifecycle.SHARED)
    @Order(1)
    static class KillsTheMasterThenFails {
        @Test
        void killsTheMasterThenFails(Shard shard) {
            shard.masterNode().kill();
            assertThat("after the kill").isEqualTo("before the kill");
        }
    }

    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1, lifecycle = Lifecycle.SHARED)
    @Order(2)
    static class FailsInBeforeEach {
        static RedisShardedClusterContainer cluster; // started before @BeforeEach

        @BeforeEach
        void setUp() {
            throw new IllegalStateException("set-up failed on " + cluster.clusterId());
        }

        @Test
        void neverRuns() {
        }
    }

    @Test
    void aFailingTestGetsItsPageNamedInItsMessage() throws IOException {
        Events events = run(null, KillsTheMasterThenFails.class, FailsInBeforeEach.class);
        events.assertStatistics(s -> s.started(2).failed(2));

        Path killPage = page(KillsTheMasterThenFails.class, "killsTheMasterThenFails");
        Throwable assertion = failureOf(events, "killsTheMasterThenFails");
        assertThat(assertion).isExactlyInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("\nexpected: \"before the kill\"") // AssertJ's own message first, unchanged
                .hasMessageEndingWith("\ntimeline: " + killPage);
        AssertionFailedError failed = (AssertionFailedError) assertion;
        // AssertJ hands over the values as it shows them, quoted
        assertThat(failed.getExpected().getValue()).as("expected, for the IDE's diff").isEqualTo("\"before the kill\"");
        assertThat(failed.getActual().getValue()).as("actual, for the IDE's diff").isEqualTo("\"after the kill\"");
        assertThat(failed.getStackTrace()[0].getClassName()).doesNotContain("junit5.TimelinePages");
        assertThat(failed.getSuppressed()).anyMatch(s -> s instanceof ClusterExtension.ClusterDiagnostics);
        assertThat(killPage).exists();
        String html = Files.readString(killPage);
        assertThat(html).contains("<svg").containsPattern(KILL_ROW);

        Path setUpPage = page(FailsInBeforeEach.class, "neverRuns");
        Throwable setUp = failureOf(events, "neverRuns");
        assertThat(setUp).as("an exception that is no assertion keeps its type and message")
                .isExactlyInstanceOf(IllegalStateException.class).hasMessageStartingWith("set-up failed on ");
        assertThat(setUp.getSuppressed()).anyMatch(s -> s instanceof TimelinePages.TimelinePageWritten
                && s.getMessage().equals("timeline: " + setUpPage));
        assertThat(setUpPage).exists();
        assertThat(Files.readString(setUpPage)).as("the shared cluster's timeline, the other class's kill too")
                .contains("<svg").containsPattern(KILL_ROW);
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class PassesTwice {
        static RedisClusterContainer cluster;

        @RepeatedTest(2)
        void passes() {
            assertThat(cluster.isRunning()).isTrue();
        }
    }

    @Test
    void everyTestGetsItsPageOnDemand() throws IOException {
        run("always", PassesTwice.class).assertStatistics(s -> s.started(2).succeeded(2));
        for (String test : new String[] {"passes[1]", "passes[2]"}) {
            Path page = page(PassesTwice.class, test);
            assertThat(page).exists();
            assertThat(Files.readString(page)).contains("<svg").contains("<td>ready</td>");
        }
    }

    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1)
    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class UsesBothTopologies {
        @Test
        void fails(RedisShardedClusterContainer sharded, RedisClusterContainer nativeCluster) {
            throw new AssertionError("both");
        }
    }

    /** Two clusters, two pages: the second extension to write adds its topology to the name. */
    @Test
    void aClassWithBothAnnotationsGetsAPagePerCluster() {
        Events events = run(null, UsesBothTopologies.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        Path first = page(UsesBothTopologies.class, "fails");
        Path sentinel = page(UsesBothTopologies.class, "fails-sentinel");
        Path cluster = page(UsesBothTopologies.class, "fails-cluster");
        Path second = Files.exists(sentinel) ? sentinel : cluster;
        assertThat(first).exists();
        assertThat(second).exists();
        assertThat(failureOf(events, "fails")).isExactlyInstanceOf(AssertionError.class)
                .hasMessageMatching("both\ntimeline: \\S+\\.html\ntimeline: \\S+\\.html")
                .hasMessageContaining("timeline: " + first).hasMessageContaining("timeline: " + second);
    }

    private static Throwable failureOf(Events events, String test) {
        return events.failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().startsWith(test))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class)).map(r -> r.getThrowable().orElseThrow())
                .findFirst().orElseThrow();
    }
}
