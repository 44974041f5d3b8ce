package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** How a failure names its timeline page, and what the configuration parameter takes; no Docker. */
class TimelinePagesTest {

    private static final Path PAGE = Path.of("/tmp/pages/ATest/fails.html");

    @Test
    void anAssertionFailedErrorKeepsExpectedActualCauseStackAndSuppressed() {
        IllegalStateException cause = new IllegalStateException("cause");
        AssertionFailedError original = new AssertionFailedError("expected: <1> but was: <2>", 1, 2, cause);
        original.addSuppressed(new RuntimeException("suppressed"));

        Throwable named = TimelinePages.naming(original, PAGE);

        assertThat(named).isExactlyInstanceOf(AssertionFailedError.class)
                .hasMessage("expected: <1> but was: <2>\ntimeline: " + PAGE).hasCause(cause);
        AssertionFailedError failed = (AssertionFailedError) named;
        assertThat(failed.getExpected().getValue()).isEqualTo(1);
        assertThat(failed.getActual().getValue()).isEqualTo(2);
        assertThat(named.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(named.getSuppressed()).extracting(Throwable::getMessage).containsExactly("suppressed");
    }

    @Test
    void anAssertionFailedErrorWithoutValuesStaysWithout() {
        AssertionFailedError named = (AssertionFailedError) TimelinePages.naming(new AssertionFailedError("fail"), PAGE);

        assertThat(named.isExpectedDefined()).isFalse();
        assertThat(named.isActualDefined()).isFalse();
        assertThat(named).hasMessage("fail\ntimeline: " + PAGE);
    }

    @Test
    void anyOtherAssertionErrorBecomesAnAssertionError() {
        Throwable named = TimelinePages.naming(new AssertionError(), PAGE);

        assertThat(named).isExactlyInstanceOf(AssertionError.class).hasMessage("timeline: " + PAGE);
    }

    @Test
    void anotherExceptionIsKeptItselfWithThePageAsSuppressed() {
        IllegalStateException original = new IllegalStateException("boom");

        Throwable named = TimelinePages.naming(original, PAGE);

        assertThat(named).isSameAs(original).hasMessage("boom");
        assertThat(named.getSuppressed()).singleElement().isInstanceOf(TimelinePages.TimelinePageWritten.class)
                .extracting(Throwable::getMessage).isEqualTo("timeline: " + PAGE);
    }

    @Test
    void anAbortedTestIsNoFailure() {
        assertThat(TimelinePages.aborted(new TestAbortedException("assumption"))).isTrue();
        assertThat(TimelinePages.aborted(new AssertionError("fails"))).isFalse();
    }

    @RedisShardedCluster
    static class AnyClass {
        @Test
        void test() {
        }
    }

    @Test
    void anUnknownWhenFailsTheClassNamingTheChoices() {
        org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                .configurationParameter(TimelinePages.WHEN, "sometimes").selectors(selectClass(AnyClass.class))
                .execute().containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message("configuration parameter redis-cluster-testkit.timeline = \"sometimes\" is invalid:"
                                + " expected one of [on-failure, always, never]"))));
    }
}
