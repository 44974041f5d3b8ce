package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;

import java.time.Duration;

/**
 * The Sentinel periods in force, which bound how fresh a Sentinel's view of a replica must be for
 * it to promote that replica (see {@link SentinelSelection}).
 *
 * @param ping      how often a Sentinel pings each node
 * @param info      how often it asks a healthy node for INFO
 * @param downAfter {@code down-after-milliseconds}
 */
public record SentinelPeriods(Duration ping, Duration info, Duration downAfter) {

    /** The periods a started cluster's Sentinels run with: the library's where it can set them. */
    public static SentinelPeriods of(ClusterPlan plan) {
        Duration info = plan.server().hasSentinelDebug()
                ? InternalDefaults.SENTINEL_INFO_PERIOD : InternalDefaults.SENTINEL_BUILT_IN_INFO_PERIOD;
        return new SentinelPeriods(plan.sentinelPingPeriod(), info, plan.downAfter());
    }

    /** Sentinel's own periods, for Sentinels that nobody tuned. */
    public static SentinelPeriods builtIn(Duration downAfter) {
        return new SentinelPeriods(InternalDefaults.SENTINEL_BUILT_IN_PING_PERIOD,
                InternalDefaults.SENTINEL_BUILT_IN_INFO_PERIOD, downAfter);
    }
}
