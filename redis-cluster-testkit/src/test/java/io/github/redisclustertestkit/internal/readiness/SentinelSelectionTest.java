package io.github.redisclustertestkit.internal.readiness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sentinel's replica-selection and demotion rules, as read from {@code SENTINEL REPLICAS}. */
class SentinelSelectionTest {

    private static final SentinelPeriods TUNED = new SentinelPeriods(Duration.ofMillis(250), Duration.ofMillis(1000),
            Duration.ofMillis(600));

    /** A replica as a Sentinel that just refreshed it sees it. */
    private static Map<String, String> fresh() {
        Map<String, String> replica = new HashMap<>();
        replica.put("port", "7101");
        replica.put("flags", "slave");
        replica.put("role-reported", "slave");
        replica.put("master-link-status", "ok");
        replica.put("master-link-down-time", "0");
        replica.put("info-refresh", "300");
        replica.put("last-ok-ping-reply", "120");
        replica.put("slave-priority", "100");
        return replica;
    }

    private static Map<String, String> with(String field, String value) {
        Map<String, String> replica = fresh();
        replica.put(field, value);
        return replica;
    }

    @Test
    void aFreshReplicaRecordedAsAReplicaIsPromotable() {
        assertThat(SentinelSelection.notPromotable(fresh(), TUNED)).isEmpty();
        assertThat(SentinelSelection.recordedAsMaster(fresh())).isFalse();
    }

    @Test
    void downOrDisconnectedReplicasAreNot() {
        assertThat(SentinelSelection.notPromotable(with("flags", "slave,disconnected"), TUNED)).get().asString()
                .contains("flags=slave,disconnected");
        assertThat(SentinelSelection.notPromotable(with("flags", "s_down,slave"), TUNED)).isPresent();
    }

    /**
     * Redis 6 reports a link that never came up as down since 1970; the Sentinel keeps that
     * until its next INFO, and skips the replica meanwhile (-NOGOODSLAVE right after start).
     */
    @Test
    void aLinkTheSentinelLastSawDownIsNot() {
        Map<String, String> redis6 = with("master-link-status", "err");
        redis6.put("master-link-down-time", "1796357819000");
        assertThat(SentinelSelection.notPromotable(redis6, TUNED)).get().asString()
                .contains("master-link-status=err", "1796357819000");
    }

    /** Half of Sentinel's limits: 1.5 info periods, 2.5 ping periods. */
    @Test
    void staleInfoOrPingIsNot() {
        assertThat(SentinelSelection.notPromotable(with("info-refresh", "1499"), TUNED)).isEmpty();
        assertThat(SentinelSelection.notPromotable(with("info-refresh", "1500"), TUNED)).get().asString()
                .contains("info-refresh=1500");
        assertThat(SentinelSelection.notPromotable(with("last-ok-ping-reply", "624"), TUNED)).isEmpty();
        assertThat(SentinelSelection.notPromotable(with("last-ok-ping-reply", "625"), TUNED)).get().asString()
                .contains("last-ok-ping-reply=625");
        assertThat(SentinelSelection.notPromotable(with("info-refresh", "9000"),
                SentinelPeriods.builtIn(Duration.ofMillis(600)))).isEmpty();
        assertThat(SentinelSelection.notPromotable(with("info-refresh", "oops"), TUNED)).isPresent();
    }

    /** The race of two failovers in a row: a Sentinel that still records the old master as one. */
    @Test
    void aReplicaStillRecordedAsMasterIsNot() {
        Map<String, String> demoted = with("role-reported", "master");
        assertThat(SentinelSelection.notPromotable(demoted, TUNED)).get().asString().contains("role-reported=master");
        assertThat(SentinelSelection.recordedAsMaster(demoted)).isTrue();
        demoted.put("flags", "slave,disconnected");
        assertThat(SentinelSelection.recordedAsMaster(demoted)).as("a dead replica has no say").isFalse();
    }

    /** Priority 0 comes only from the configuration, which no wait changes. */
    @Test
    void priorityIsNotAwaited() {
        assertThat(SentinelSelection.notPromotable(with("slave-priority", "0"), TUNED)).isEmpty();
    }

    /**
     * The count is met, but by an entry that is not a planned node: the restarted node (port
     * 7102) is not in this Sentinel's view, so nothing there says it is recorded as a replica.
     */
    @Test
    void theListedReplicasMustBeThePlannedNodes() {
        Map<String, String> planned = fresh();
        Map<String, String> stale = with("port", "7109");
        List<Integer> plan = List.of(7101, 7102);
        assertThat(SentinelSelection.notAsPlanned(List.of(planned, stale), plan, TUNED)).get().asString()
                .isEqualTo("replicas listed at ports [7101, 7109], planned [7101, 7102]");
        assertThat(SentinelSelection.notAsPlanned(List.of(planned, planned), plan, TUNED)).as("one node listed twice")
                .isPresent();
        assertThat(SentinelSelection.notAsPlanned(List.of(planned), plan, TUNED)).as("one missing").isPresent();

        Map<String, String> restarted = with("port", "7102");
        assertThat(SentinelSelection.notAsPlanned(List.of(planned, restarted), plan, TUNED)).isEmpty();
        restarted.put("role-reported", "master");
        assertThat(SentinelSelection.notAsPlanned(List.of(planned, restarted), plan, TUNED)).get().asString()
                .isEqualTo("replica port=7102 role-reported=master");
    }

    /**
     * Issue 23's stall, from its Sentinel's view: links down since the kill (24.1 s), SDOWN
     * restarted 8.3 s after it (15.8 s ago), down-after 600 ms: 24.1 s against 15.8 + 6 s.
     */
    @Test
    void aReplicaPastTheLinkDownLimitIsNamedWithBothClocks() {
        Map<String, String> master = Map.of("flags", "master,s_down,o_down", "down-after-milliseconds", "600",
                "s-down-time", "15800");
        Map<String, String> replica = Map.of("port", "7101", "master-link-down-time", "24100");
        assertThat(SentinelSelection.pastLinkDownLimit(master, replica)).get().asString().isEqualTo(
                "replica port=7101 master-link-down-time=24100 is past this Sentinel's limit of 21800 ms (s-down-time"
                        + " 15800 + 10 x down-after 600): it will not promote this replica while the master stays"
                        + " down; its SDOWN of the master began 8300 ms after the replica's link went down");
        Map<String, String> atTheLimit = Map.of("port", "7101", "master-link-down-time", "21800");
        assertThat(SentinelSelection.pastLinkDownLimit(master, atTheLimit)).as("at the limit it is still chosen")
                .isEmpty();
        assertThat(SentinelSelection.pastLinkDownLimit(master, Map.of("port", "7101", "master-link-down-time", "0")))
                .as("a link that is up").isEmpty();
        assertThat(SentinelSelection.pastLinkDownLimit(Map.of("down-after-milliseconds", "600"), replica))
                .as("without SDOWN the limit is 10 x down-after alone").get().asString().contains("limit of 6000 ms");
    }
}
