package io.github.redisclustertestkit.internal.runtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private Timeline timeline(int capacity) {
        return new Timeline("cluster test", capacity, nanos::get, ORIGIN);
    }

    @Test
    void anEventIsAtTheWallClockTimeOfTheMonotonicReading() {
        Timeline timeline = timeline(10);
        nanos.addAndGet(2_500_000);
        timeline.record(Timeline.KILLED, "shard-0 redis-0", "in 180 ms");
        timeline.recordAt(nanos.get() - 3_000_000_000L, Timeline.STARTED, "shard-0 redis-0", "at start");

        assertThat(timeline.events()).containsExactly(
                new Timeline.Event(ORIGIN.minusMillis(2_997).minusNanos(500_000), Timeline.STARTED, "shard-0 redis-0",
                        "at start"),
                new Timeline.Event(ORIGIN.plusNanos(2_500_000), Timeline.KILLED, "shard-0 redis-0", "in 180 ms"));
    }

    @Test
    void eventsAtTheSameTimeKeepTheOrderTheyWereRecordedIn() {
        Timeline timeline = timeline(10);
        timeline.record(Timeline.ROLE, "shard-0 redis-1", "master");
        timeline.record(Timeline.FAILOVER, "shard-0 redis-1", "in place of shard-0 redis-0");
        timeline.record(Timeline.NETWORK_HEALED, Timeline.WHOLE_CLUSTER, "1 cut(s) removed");

        assertThat(timeline.events()).extracting(Timeline.Event::kind)
                .containsExactly(Timeline.ROLE, Timeline.FAILOVER, Timeline.NETWORK_HEALED);
    }

    @Test
    void pastItsCapacityTheOldestEventsGoAndAreCounted() {
        Timeline timeline = timeline(3);
        for (int i = 0; i < 5; i++) {
            nanos.addAndGet(1_000_000);
            timeline.record(Timeline.PAUSED, "shard-0 redis-" + i, "");
        }

        assertThat(timeline.events()).extracting(Timeline.Event::node)
                .containsExactly("shard-0 redis-2", "shard-0 redis-3", "shard-0 redis-4");
        assertThat(timeline.dropped()).isEqualTo(2);
    }

    @Test
    void theLastEventOfANodeAmongSomeKinds() {
        Timeline timeline = timeline(10);
        timeline.record(Timeline.KILLED, "shard-0 redis-0", "first");
        nanos.addAndGet(1_000_000);
        timeline.record(Timeline.STARTED, "shard-0 redis-0", "again");
        nanos.addAndGet(1_000_000);
        timeline.record(Timeline.ROLE, "shard-0 redis-0", "master");
        timeline.record(Timeline.KILLED, "shard-1 redis-0", "other node");

        assertThat(timeline.last("shard-0 redis-0", Timeline.IN_OR_OUT_OF_SERVICE))
                .map(Timeline.Event::detail).contains("again");
        assertThat(timeline.last("shard-0 redis-0", Set.of(Timeline.FAILOVER))).isEmpty();
    }

    @Test
    void theEventsAreACopy() {
        Timeline timeline = timeline(10);
        timeline.record(Timeline.KILLED, "haproxy", "");
        List<Timeline.Event> before = timeline.events();
        timeline.record(Timeline.STARTED, "haproxy", "");

        assertThat(before).hasSize(1);
        assertThatThrownBy(() -> before.add(before.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void threadsRecordingAtOnceLoseNoEvent() throws Exception {
        Timeline timeline = new Timeline("cluster test", 10_000, System::nanoTime, ORIGIN);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String node = "shard-" + t + " redis-0";
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 1_000; i++) {
                        timeline.record(Timeline.ROLE, node, String.valueOf(i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Timeline.Event> events = timeline.events();
        assertThat(events).hasSize(4_000);
        assertThat(events).isSortedAccordingTo(Comparator.comparing(Timeline.Event::at));
        assertThat(timeline.dropped()).isZero();
    }

    @Test
    void aTimelineKeepsAtLeastOneEvent() {
        assertThatThrownBy(() -> timeline(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
