package io.github.redisclustertestkit.internal.readiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a Sentinel will promote a replica, and when it will undo another Sentinel's promotion:
 * the rules of Sentinel's own code (sentinel.c, the same in Redis 6.0 to 8.0 and Valkey), read
 * from one entry of {@code SENTINEL REPLICAS}.
 * <ul>
 * <li><b>Selection</b> ({@code sentinelSelectSlave}; {@code SENTINEL FAILOVER} answers
 * {@code -NOGOODSLAVE} when it finds none) skips a replica that is {@code s_down},
 * {@code o_down} or {@code disconnected}; whose last ping reply is older than 5 ping periods;
 * whose last INFO is older than 3 info periods (5 ping periods while the master is down); whose
 * link to the master has been down for more than 10 &times; down-after plus the time since the
 * master's SDOWN began; or whose priority is 0. The SDOWN clock restarts whenever the Sentinel
 * clears SDOWN, even for a moment: once it restarts more than 10 &times; down-after after the
 * replicas' links went down, no replica is chosen again while that master stays down.</li>
 * <li><b>Demotion</b> ({@code sentinelRefreshInstanceInfo}): a node that a Sentinel records as a
 * replica but that reports role master is turned back into a replica
 * ({@code +convert-to-slave}) once the role the Sentinel recorded for it has been "master" for
 * 4 publish periods. A Sentinel that still records a just-demoted master as "master" therefore
 * demotes it again the moment another Sentinel's failover promotes it, and that failover aborts
 * ({@code -failover-abort-slave-timeout}).</li>
 * </ul>
 * So a replica counts as promotable, in one Sentinel's view, when:
 * <ul>
 * <li>its flags are exactly {@code slave} (none of {@code s_down}, {@code o_down}, {@code disconnected});</li>
 * <li>{@code master-link-status} is {@code ok}: the Sentinel's last INFO saw the link up, so its
 * link-down time is 0. This also proves an INFO came at all: {@code info-refresh} reads 0 until
 * the first one, and Redis 6 reports a link that never came up as down since 1970, which the
 * Sentinel keeps until its next INFO, a second later;</li>
 * <li>{@code info-refresh} and {@code last-ok-ping-reply} are under half of Sentinel's limits (1.5
 * info periods, 2.5 ping periods), so that they still hold when the failover is asked a moment
 * later;</li>
 * <li>{@code role-reported} is {@code slave}: the Sentinel will not undo its promotion.</li>
 * </ul>
 * Priority is not awaited: a Sentinel records 100 until an INFO says otherwise, so 0 comes only
 * from the configuration ({@code replica-priority 0}), which no wait changes.
 * <p>
 * <b>Every planned node, not a count</b> ({@link #notAsPlanned}): a Sentinel's view counts only
 * when the replicas it lists are exactly the plan's nodes other than the master, each once, and
 * each is promotable as above. {@code num-slaves} alone can be met by an entry that is none of
 * them (an address a node no longer reports from, a node listed twice) while a planned node is
 * missing from that Sentinel's view, and so never checked there for its recorded role.
 */
public final class SentinelSelection {

    private SentinelSelection() {
    }

    /** Why this Sentinel would not promote the replica now (or would undo its promotion); empty if it would. */
    public static Optional<String> notPromotable(Map<String, String> replica, SentinelPeriods periods) {
        String flags = replica.get("flags");
        if (!"slave".equals(flags)) {
            return why(replica, "flags=" + flags);
        }
        if (!"ok".equals(replica.get("master-link-status"))) {
            return why(replica, "master-link-status=" + replica.get("master-link-status") + " master-link-down-time="
                    + replica.get("master-link-down-time"));
        }
        long infoAge = millis(replica, "info-refresh");
        if (infoAge < 0 || infoAge * 2 >= periods.info().toMillis() * 3) {
            return why(replica, "info-refresh=" + replica.get("info-refresh") + " (info period "
                    + periods.info().toMillis() + " ms)");
        }
        long pingAge = millis(replica, "last-ok-ping-reply");
        if (pingAge < 0 || pingAge * 2 >= periods.ping().toMillis() * 5) {
            return why(replica, "last-ok-ping-reply=" + replica.get("last-ok-ping-reply") + " (ping period "
                    + periods.ping().toMillis() + " ms)");
        }
        if (!"slave".equals(replica.get("role-reported"))) {
            return why(replica, "role-reported=" + replica.get("role-reported"));
        }
        return Optional.empty();
    }

    /**
     * Whether a replica's link has been down too long for this Sentinel to promote it while the
     * master stays down, as a line for diagnostics: the limit is the master's time in SDOWN plus
     * 10 &times; down-after, and both clocks run on together, so a replica past it stays past it
     * (see the class comment).
     *
     * @param master  this Sentinel's {@code SENTINEL MASTER} entry ({@code s-down-time} is present only in SDOWN)
     * @param replica one of its {@code SENTINEL REPLICAS} entries
     * @return the explanation, if the replica is past the limit
     */
    public static Optional<String> pastLinkDownLimit(Map<String, String> master, Map<String, String> replica) {
        long linkDown = millis(replica, "master-link-down-time");
        long downAfter = millis(master, "down-after-milliseconds");
        if (linkDown <= 0 || downAfter < 0) {
            return Optional.empty();
        }
        long sDown = Math.max(0, millis(master, "s-down-time"));
        long limit = sDown + 10 * downAfter;
        if (linkDown <= limit) {
            return Optional.empty();
        }
        return why(replica, "master-link-down-time=" + linkDown + " is past this Sentinel's limit of " + limit
                + " ms (s-down-time " + sDown + " + 10 x down-after " + downAfter + "): it will not promote this"
                + " replica while the master stays down; its SDOWN of the master began " + (linkDown - sDown)
                + " ms after the replica's link went down");
    }

    /**
     * Why this Sentinel's replicas are not the planned ones, each promotable; empty if they are.
     *
     * @param listed  the entries of {@code SENTINEL REPLICAS}, as {@link #notPromotable} reads them
     * @param planned the ports of the plan's Redis nodes other than the agreed master
     */
    public static Optional<String> notAsPlanned(List<Map<String, String>> listed, Collection<Integer> planned,
                                                SentinelPeriods periods) {
        List<String> ports = new ArrayList<>();
        for (Map<String, String> replica : listed) {
            ports.add(String.valueOf(replica.get("port")));
        }
        List<String> wanted = planned.stream().map(String::valueOf).toList();
        if (ports.size() != wanted.size() || !new TreeSet<>(ports).equals(new TreeSet<>(wanted))) {
            return Optional.of("replicas listed at ports " + ports + ", planned " + new TreeSet<>(wanted));
        }
        for (Map<String, String> replica : listed) {
            Optional<String> not = notPromotable(replica, periods);
            if (not.isPresent()) {
                return not;
            }
        }
        return Optional.empty();
    }

    /**
     * A replica that answers the Sentinel but is still recorded by it as a master: that Sentinel
     * would demote it again if another Sentinel promoted it.
     */
    public static boolean recordedAsMaster(Map<String, String> replica) {
        String flags = replica.getOrDefault("flags", "");
        return !flags.contains("down") && !flags.contains("disconnected")
                && !"slave".equals(replica.get("role-reported"));
    }

    /** The replica as a Sentinel sees it, in one line, for a {@link Problem}. */
    public static String describe(Map<String, String> replica) {
        return "replica port=" + replica.get("port") + " flags=" + replica.get("flags") + " role-reported="
                + replica.get("role-reported") + " master-link-status=" + replica.get("master-link-status")
                + " info-refresh=" + replica.get("info-refresh") + " last-ok-ping-reply="
                + replica.get("last-ok-ping-reply") + " slave-priority=" + replica.get("slave-priority");
    }

    private static Optional<String> why(Map<String, String> replica, String fact) {
        return Optional.of("replica port=" + replica.get("port") + " " + fact);
    }

    private static long millis(Map<String, String> entry, String field) {
        try {
            return Long.parseLong(entry.getOrDefault(field, "-1"));
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
