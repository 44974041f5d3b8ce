package io.github.redisclustertestkit.internal.report;

import io.github.redisclustertestkit.internal.runtime.Timeline;
import io.github.redisclustertestkit.internal.runtime.Timeline.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TimelinePageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Event at(long millis, String kind, String node, String detail) {
        return new Event(T0.plusMillis(millis), kind, node, detail);
    }

    private static final List<Event> KILL_AND_FAILOVER = List.of(
            at(0, Timeline.STARTED, "shard-0 redis-0", "container created and started in 300 ms"),
            at(0, Timeline.STARTED, "shard-0 redis-1", "container created and started in 310 ms"),
            at(0, Timeline.STARTED, "shard-10 redis-0", "container created and started in 320 ms"),
            at(0, Timeline.STARTED, "shard-2 redis-0", "container created and started in 330 ms"),
            at(1_000, Timeline.READY, Timeline.WHOLE_CLUSTER, "ready, 1.0 s after start()"),
            at(2_000, Timeline.KILLED, "shard-0 redis-0", "in 180 ms"),
            at(8_000, Timeline.FAILOVER, "shard-0 redis-1", "master of mymaster-0 in place of shard-0 redis-0, 6.0 s"
                    + " after shard-0 redis-0 was killed"),
            at(9_000, Timeline.STARTED, "shard-0 redis-0", "in 1.0 s"),
            at(10_000, Timeline.PAUSED, "shard-2 redis-0", "in 20 ms"));

    @Test
    void oneLanePerNodeAfterTheWholeClustersInTheOrderOfTheirNumbers() {
        assertThat(TimelinePage.lanes(KILL_AND_FAILOVER)).containsExactly("cluster", "shard-0 redis-0",
                "shard-0 redis-1", "shard-2 redis-0", "shard-10 redis-0");
    }

    @Test
    void everyEventIsAMarkOnItsLaneAtItsTimeAndListedBelow() {
        String page = TimelinePage.render("cluster ab12cd34", KILL_AND_FAILOVER);

        assertThat(count(page, "<circle ")).isEqualTo(KILL_AND_FAILOVER.size());
        assertThat(count(page, "<tr><td>")).isEqualTo(KILL_AND_FAILOVER.size());
        // The kill on lane 1 (shard-0 redis-0) at 2 s of 10 s; the failover on lane 2 at 8 s.
        assertThat(page).contains("<circle class=\"killed\" cx=\"334\" cy=\"69\"")
                .contains("<circle class=\"failover\" cx=\"826\" cy=\"95\"");
        assertThat(page).containsSubsequence("10:00:02.000", "killed", "10:00:08.000", "failover",
                "master of mymaster-0 in place of shard-0 redis-0");
    }

    @Test
    void anOutageIsABarFromTheFaultToTheStartOrToTheEnd() {
        String page = TimelinePage.render("cluster ab12cd34", KILL_AND_FAILOVER);

        // Killed at 2 s and started at 9 s; paused at 10 s, never unpaused: to the end.
        assertThat(page).contains("<rect class=\"outage\" x=\"334\" y=\"63\" width=\"574\"")
                .contains("<rect class=\"outage\" x=\"990\" y=\"115\" width=\"2\"");
        assertThat(count(page, "class=\"outage\"")).isEqualTo(2);
    }

    @Test
    void thePageIsSelfContainedAndEscapesWhatItShows() {
        String page = TimelinePage.render("cluster <x>", List.of(
                at(0, Timeline.NETWORK_CUT, "shard-0 redis-0", "packets to [<script>alert(1)</script>] dropped")));

        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg ").contains("<title>cluster &lt;x&gt; timeline")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("<link");
    }

    @Test
    void noEventsGiveAnEmptyPictureNotAnError() {
        String page = TimelinePage.render("cluster ab12cd34", List.of());

        assertThat(page).contains("0 events").contains("</svg>").doesNotContain("<circle");
    }

    @Test
    void theSameEventsGiveTheSamePage() {
        assertThat(TimelinePage.render("c", KILL_AND_FAILOVER)).isEqualTo(TimelinePage.render("c", KILL_AND_FAILOVER));
    }

    @Test
    void writtenToAFileInADirectoryMadeForIt(@TempDir Path dir) throws Exception {
        Timeline timeline = new Timeline("cluster ab12cd34");
        timeline.record(Timeline.KILLED, "shard-0 redis-0", "in 180 ms");

        Path file = TimelinePage.write(timeline, dir.resolve("target/pages/FailoverIT/kill.html"));

        assertThat(Files.readString(file)).contains("<h1>cluster ab12cd34</h1>").contains("<circle class=\"killed\"");
        assertThat(Files.readString(TimelinePage.write(null, file))).contains("0 events");
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
