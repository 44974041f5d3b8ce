package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.probe.FakeRespServer;
import io.github.redisclustertestkit.internal.probe.RespClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    /**
     * A paused node accepts connections and never answers. Five checks that each wait for it
     * for the probe timeout (1 s) must not stretch a 300 ms wait to 5 s: once time is up, a
     * check that was already seen failing is not asked again, and no probe waits past the end.
     */
    @Test
    void aPassOverAPausedNodeEndsWhenTheWaitDoes() throws Exception {
        try (FakeRespServer paused = new FakeRespServer((n, command) -> null)) {
            NodePlan node = new NodePlan(0, NodeKind.REDIS, 0, paused.port(), "/data/redis.conf", "", List.of());
            List<ReadinessCheck> checks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                checks.add(probe -> {
                    try (RespClient client = probe.redis(node.port())) {
                        client.call("PING");
                        return Optional.empty();
                    } catch (IOException e) {
                        return Optional.of(new Problem(node, "+PONG", Probe.seen(e)));
                    }
                });
            }
            long began = System.nanoTime();
            assertThat(Readiness.await(checks, new Probe("127.0.0.1", null), Duration.ofMillis(300), () -> { }))
                    .hasSize(5)
                    .allSatisfy(p -> assertThat(p.seen()).startsWith("no answer"));
            System.out.printf("ReadinessTest: a 300 ms wait over a paused node took %d ms, %d connection(s)%n",
                    Duration.ofNanos(System.nanoTime() - began).toMillis(), paused.connections());
            assertThat(paused.connections()).as("connections that waited for the paused node").isLessThanOrEqualTo(2);
        }
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
