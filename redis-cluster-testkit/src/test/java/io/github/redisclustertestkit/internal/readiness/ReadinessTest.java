package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.probe.FakeRespServer;
import io.github.redisclustertestkit.internal.probe.RespClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ReadinessTest {

    /**
     * A paused node accepts connections and never answers. Five checks that each wait for it for
     * the probe timeout (1 s) must not stretch a 300 ms wait to 5 s: no probe waits past the end,
     * and each check is asked once (the first one's probe is cut at the deadline, the others find
     * no time left). The bound on the elapsed time asserts that the deadline is honoured, not a
     * speed: it allows one whole probe timeout and a second more for a loaded machine, and is
     * still far below the 5 s of probes that ignore the deadline.
     */
    @Test
    void aPassOverAPausedNodeEndsWhenTheWaitDoes() throws Exception {
        try (FakeRespServer paused = new FakeRespServer((n, command) -> null)) {
            NodePlan node = new NodePlan(0, NodeKind.REDIS, 0, paused.port(), "/data/redis.conf", "", List.of());
            Map<Integer, AtomicInteger> asked = new ConcurrentHashMap<>();
            List<ReadinessCheck> checks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int check = i;
                checks.add(probe -> {
                    asked.computeIfAbsent(check, c -> new AtomicInteger()).incrementAndGet();
                    try (RespClient client = probe.redis(node.port())) {
                        client.call("PING");
                        return Optional.empty();
                    } catch (IOException e) {
                        return Optional.of(new Problem(node, "+PONG", Probe.seen(e)));
                    }
                });
            }
            Duration timeout = Duration.ofMillis(300);
            long began = System.nanoTime();
            assertThat(Readiness.await(checks, new Probe("127.0.0.1", null), timeout, () -> { }))
                    .hasSize(5)
                    .allSatisfy(p -> assertThat(p.seen()).startsWith("no answer"));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("time the wait took")
                    .isLessThan(timeout.plus(Probe.TIMEOUT).plusSeconds(1));
            assertThat(asked).as("times each check was asked").hasSize(5)
                    .allSatisfy((check, times) -> assertThat(times).hasValue(1));
        }
    }

    /**
     * Time runs out while a check waits for a node that paused after failing fast; the checks
     * after it have already been seen failing, so what was seen stands and they are not asked
     * again. Counted per check, so it holds however slow the machine is (provided the first pass
     * of instant answers ends within the second it is given, which the last assertion checks).
     */
    @Test
    void aCheckSeenFailingIsNotAskedAgainOnceTimeIsUp() {
        Duration timeout = Duration.ofSeconds(1);
        NodePlan node = new NodePlan(0, NodeKind.REDIS, 0, 6379, "/data/redis.conf", "", List.of());
        AtomicInteger pausingAsked = new AtomicInteger();
        ReadinessCheck pausesTheSecondTime = probe -> {
            if (pausingAsked.incrementAndGet() > 1) {
                sleepUntilNoTimeIsLeft(probe, timeout);
            }
            return Optional.of(new Problem(node, "+PONG", "no answer: paused"));
        };
        List<AtomicInteger> asked = new ArrayList<>();
        List<ReadinessCheck> checks = new ArrayList<>(List.of(pausesTheSecondTime));
        for (int i = 0; i < 4; i++) {
            AtomicInteger times = new AtomicInteger();
            asked.add(times);
            checks.add(probe -> {
                times.incrementAndGet();
                return Optional.of(new Problem(node, "role:master", "role:slave"));
            });
        }
        assertThat(Readiness.await(checks, new Probe("127.0.0.1", null), timeout, () -> { })).hasSize(5);
        assertThat(asked).as("times each check after the paused one was asked")
                .allSatisfy(times -> assertThat(times).hasValue(1));
        assertThat(pausingAsked).as("the paused check was asked again before time was up").hasValue(2);
    }

    /**
     * A pass that begins with less than a millisecond left fails every probe at once ("no time
     * left") and so can end before the deadline. What it saw must not replace what was seen
     * while the nodes could still answer: the timeout message would name a fact that says
     * nothing (CI once reported "views []" instead of the replication it awaited). The check
     * spins until the probe has no whole millisecond left and answers then, so that pass always
     * ends before the deadline, however slow the machine.
     */
    @Test
    void aPassThatRanOutOfTimeJustBeforeTheDeadlineDoesNotReplaceWhatWasSeen() {
        NodePlan node = new NodePlan(0, NodeKind.REDIS, 0, 6379, "/data/redis.conf", "", List.of());
        Duration timeout = Duration.ofMillis(300);
        AtomicInteger calls = new AtomicInteger();
        ReadinessCheck check = probe -> {
            if (calls.getAndIncrement() == 0) {
                return Optional.of(new Problem(node, "role:master with connected_slaves:2", "connected_slaves:0"));
            }
            long giveUp = System.nanoTime() + timeout.toNanos();
            while (probe.timeout().compareTo(Duration.ofMillis(1)) > 0 && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait();
            }
            return Optional.of(new Problem(node, "a majority of the Sentinels name one master", "views []"));
        };
        assertThat(Readiness.await(List.of(check), new Probe("127.0.0.1", null), timeout, () -> { }))
                .singleElement().satisfies(p -> assertThat(p.seen()).isEqualTo("connected_slaves:0"));
        assertThat(calls).as("times the check was asked").hasValue(2);
    }

    /**
     * Checks that all held once just before the deadline are asked once more; that final pass
     * must get time to answer rather than fail every probe for want of time.
     */
    @Test
    void checksThatHeldJustBeforeTheDeadlineAreConfirmed() throws Exception {
        try (FakeRespServer node = new FakeRespServer((n, command) -> "+PONG\r\n")) {
            NodePlan plan = new NodePlan(0, NodeKind.REDIS, 0, node.port(), "/data/redis.conf", "", List.of());
            Duration timeout = Duration.ofMillis(200);
            AtomicInteger calls = new AtomicInteger();
            ReadinessCheck slowFirstTime = probe -> {
                if (calls.getAndIncrement() == 0) {
                    sleep(timeout.plusMillis(50));
                    return Optional.empty(); // held, and now the deadline has passed
                }
                try (RespClient client = probe.redis(plan.port())) {
                    client.call("PING");
                    return Optional.empty();
                } catch (IOException e) {
                    return Optional.of(new Problem(plan, "+PONG", Probe.seen(e)));
                }
            };
            assertThat(Readiness.await(List.of(slowFirstTime), new Probe("127.0.0.1", null), timeout, () -> { })).isEmpty();
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    /**
     * Sleeps until the probe's deadline has passed ({@link Probe#timeout()} never says less than
     * 1 ms), or for {@code atMost} if the probe has no deadline.
     */
    private static void sleepUntilNoTimeIsLeft(Probe probe, Duration atMost) {
        long end = System.nanoTime() + atMost.toNanos();
        for (long left = atMost.toNanos(); left > 0 && probe.timeout().compareTo(Duration.ofMillis(1)) > 0;
             left = end - System.nanoTime()) {
            sleep(Duration.ofNanos(Math.min(left, probe.timeout().toNanos())));
        }
        sleep(Duration.ofMillis(2));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An interrupted wait ends at once, with the interrupt as the cause and the thread's flag set again. */
    @Test
    void anInterruptedWaitFailsWithTheInterruptAsCauseAndTheFlagSetAgain() {
        NodePlan node = new NodePlan(0, NodeKind.REDIS, 0, 6379, "/data/redis.conf", "", List.of());
        ReadinessCheck neverHolds = probe -> Optional.of(new Problem(node, "+PONG", "no answer"));
        Thread.currentThread().interrupt();
        Throwable thrown = catchThrowable(() -> Readiness.await(List.of(neverHolds), new Probe("127.0.0.1", null),
                Duration.ofSeconds(10), () -> { }));
        boolean stillInterrupted = Thread.interrupted();
        assertThat(thrown).isInstanceOf(ClusterFailure.class).hasMessage("interrupted while awaiting readiness")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(stillInterrupted).isTrue();
    }
}
