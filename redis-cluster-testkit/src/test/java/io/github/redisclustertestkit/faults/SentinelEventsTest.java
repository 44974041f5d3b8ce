package io.github.redisclustertestkit.faults;

import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.FakeRespServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.github.redisclustertestkit.internal.probe.FakeRespServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

class SentinelEventsTest {

    private static final String SUBSCRIBED = "*3\r\n" + bulk("psubscribe") + bulk("*") + ":1\r\n";
    private static final String SWITCH_MASTER = "*4\r\n" + bulk("pmessage") + bulk("*") + bulk("+switch-master")
            + bulk("shard-0 127.0.0.1 20001 127.0.0.1 20002");

    private static ShardPlan shardWithSentinelAt(int port) {
        NodePlan sentinel = new NodePlan(0, NodeKind.SENTINEL, 0, port, "/data/sentinel.conf", "", List.of());
        return new ShardPlan(0, "shard-0", List.of(), List.of(sentinel), 0, 0);
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
             SentinelEvents events = new SentinelEvents("127.0.0.1", shardWithSentinelAt(sentinel.port()))) {
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
             SentinelEvents events = new SentinelEvents("127.0.0.1", shardWithSentinelAt(sentinel.port()))) {
            assertThat(events.await("+switch-master", Duration.ofSeconds(10)).sentinel()).isEqualTo("shard-0 sentinel-0");
        }
    }
}
