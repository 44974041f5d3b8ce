package io.github.redisclustertestkit;

import io.github.redisclustertestkit.faults.SentinelEvent;
import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.internal.probe.FakeRespServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.github.redisclustertestkit.internal.probe.FakeRespServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ShardSentinelEventsTest {

    private static final String SUBSCRIBED = "*3\r\n" + bulk("psubscribe") + bulk("*") + ":1\r\n";
    private static final String SWITCH_MASTER = "*4\r\n" + bulk("pmessage") + bulk("*") + bulk("+switch-master")
            + bulk("shard-0 127.0.0.1 20001 127.0.0.1 20002");

    private static SentinelEvents recordFromSentinelAt(int port) {
        return new ShardSentinelEvents("shard-0", Map.of("shard-0 sentinel-0", new Endpoint("127.0.0.1", port)), () -> "", null);
    }

    /** The first connection's event stalls mid-reply, past the read timeout, then goes on. */
    @Test
    void aReplyCutByATimeoutMakesItSubscribeAgainInsteadOfReadingOnOutOfStep() throws Exception {
        int cut = SWITCH_MASTER.indexOf("+switch") + 4;
        try (FakeRespServer sentinel = new FakeRespServer((n, command) -> {
            if (n > 0) {
                return SUBSCRIBED + SWITCH_MASTER;
            }
            return SUBSCRIBED + SWITCH_MASTER.substring(0, cut);
        });
             SentinelEvents events = recordFromSentinelAt(sentinel.port())) {
            SentinelEvent event = events.await("+switch-master", Duration.ofSeconds(10));
            assertThat(event.message()).isEqualTo("shard-0 127.0.0.1 20001 127.0.0.1 20002");
            assertThat(sentinel.connections()).isEqualTo(2);
        }
    }

    @Test
    void aSentinelThatClosesTheConnectionIsSubscribedToAgain() throws Exception {
        try (FakeRespServer sentinel = new FakeRespServer((n, command) -> {
            if (n == 0) {
                throw new IllegalStateException("the Sentinel restarts"); // closes the connection
            }
            return SUBSCRIBED + SWITCH_MASTER;
        });
             SentinelEvents events = recordFromSentinelAt(sentinel.port())) {
            assertThat(events.await("+switch-master", Duration.ofSeconds(10)).sentinel()).isEqualTo("shard-0 sentinel-0");
        }
    }

    /** One exception type for every failure of a wait: an interrupt too, which the caller still sees afterwards. */
    @Test
    void anInterruptedWaitThrowsRedisClusterExceptionAndKeepsTheInterrupt() throws Exception {
        try (FakeRespServer sentinel = new FakeRespServer((n, command) -> SUBSCRIBED);
             SentinelEvents events = recordFromSentinelAt(sentinel.port())) {
            Thread.currentThread().interrupt();
            Throwable thrown = catchThrowable(() -> events.await("+switch-master", Duration.ofSeconds(10)));
            boolean stillInterrupted = Thread.interrupted(); // cleared, so that close() can wait for its readers
            assertThat(thrown).isInstanceOf(RedisClusterException.class)
                    .hasMessage("interrupted while awaiting Sentinel event +switch-master for shard-0")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(stillInterrupted).isTrue();
        }
    }
}
