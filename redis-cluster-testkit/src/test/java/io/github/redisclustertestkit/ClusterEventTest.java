package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.runtime.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

class ClusterEventTest {

    @Test
    void theTimelineOfAClusterAsEventsEarliestFirst() {
        Timeline timeline = new Timeline("cluster ab12cd34");
        timeline.record(Timeline.KILLED, "shard-0 redis-0", "in 180 ms");
        timeline.record(Timeline.NETWORK_HEALED, Timeline.WHOLE_CLUSTER, "2 cut(s) removed");

        assertThat(ClusterEvent.of(timeline.events()))
                .extracting(ClusterEvent::kind, ClusterEvent::node, ClusterEvent::detail, ClusterEvent::wholeCluster)
                .containsExactly(tuple("killed", "shard-0 redis-0", "in 180 ms", false),
                        tuple("network-healed", "", "2 cut(s) removed", true));
    }

    @Test
    void everyFieldIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> new ClusterEvent(Instant.EPOCH, "killed", null, ""))
                .withMessage("node");
    }
}
