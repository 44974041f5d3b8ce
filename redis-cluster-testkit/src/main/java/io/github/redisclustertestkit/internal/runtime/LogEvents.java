package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timeline events that only the nodes themselves see, read from their logs as Docker stamps
 * them ({@code docker logs --timestamps}): what each Sentinel decided, which node each HAProxy
 * port routes to, and a native cluster node's view of the cluster. The logs are the record that
 * holds whoever made the fault (this process, another one, a shell), and they cost nothing while
 * nobody asks: they are read when a timeline is asked for. Pure: the same lines give the same events.
 */
public final class LogEvents {

    /** A Sentinel's decision, on the Sentinel's lane; detail like {@code +switch-master shard-0 ...}. */
    public static final String SENTINEL = "sentinel";
    /** A routed port's change, on the port's lane; detail like {@code routes to shard-0 redis-1}. */
    public static final String ROUTING = "routing";
    /** A native cluster node's view of the cluster changed (state, failing nodes, an election won). */
    public static final String CLUSTER_VIEW = "cluster-view";

    /**
     * The Sentinel events a failover is made of, and those that tell it went wrong. Left out: the
     * discovery chatter of every start ({@code +monitor}, {@code +slave}, {@code +sentinel}, ...).
     */
    private static final Set<String> SENTINEL_EVENTS = Set.of("+sdown", "-sdown", "+odown", "-odown",
            "+new-epoch", "+try-failover", "+vote-for-leader", "+elected-leader", "+failover-state-select-slave",
            "+selected-slave", "+failover-state-send-slaveof-noone", "+failover-state-wait-promotion",
            "+promoted-slave", "+failover-state-reconf-slaves", "+slave-reconf-sent", "+slave-reconf-inprog",
            "+slave-reconf-done", "+failover-end", "+failover-end-for-timeout", "+switch-master",
            "+convert-to-slave", "-failover-abort-not-elected", "-failover-abort-no-good-slave",
            "-failover-abort-slave-timeout", "-failover-abort-master-is-back", "+tilt", "-tilt");

    /** Docker's stamp, then the line: {@code 2026-12-04T15:21:44.274986715Z text}. */
    private static final Pattern STAMPED = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\S+Z) (.*)$");
    /** A Redis or Sentinel log line: {@code 1:X 04 Dec 2026 15:21:44.274 # +sdown master ...}. */
    private static final Pattern REDIS_LINE = Pattern.compile("^\\d+:[XCSM] \\d\\d \\w{3} \\d{4} [\\d:.]+ [#*.-] (.*)$");
    /** HAProxy's server state change: {@code Server shard-0-master-redis-1/redis-1 is UP, reason: ...}. */
    private static final Pattern HAPROXY_SERVER = Pattern.compile("Server shard-(\\d+)-(master|replicas)\\S*/(\\S+) is (UP|DOWN)");
    /** What a native cluster node says about the cluster as a whole. */
    private static final Pattern CLUSTER_LINE = Pattern.compile(
            "^(Cluster state changed: \\w+|Failover election won.*|Marking node \\S+ (\\(\\S*\\) )?as failing.*"
                    + "|Clear FAIL state for node .*|FAIL message received from .*)$");

    private LogEvents() {
    }

    /** {@return the events of one node's stamped log, earliest first}; lines of other shapes are skipped. */
    public static List<Timeline.Event> parse(ClusterPlan plan, NodePlan node, String stampedLog) {
        List<Timeline.Event> events = new ArrayList<>();
        Set<String> routed = new HashSet<>(); // "backend/server" UP now: a DOWN matters only after an UP
        for (String raw : stampedLog.split("\n")) {
            Matcher stamped = STAMPED.matcher(raw.stripTrailing());
            if (!stamped.matches()) {
                continue;
            }
            Instant at;
            try {
                at = Instant.parse(stamped.group(1));
            } catch (DateTimeParseException notAStamp) {
                continue;
            }
            String line = stamped.group(2);
            switch (node.kind()) {
                case SENTINEL -> sentinelEvent(line).ifPresent(d -> events.add(new Timeline.Event(at, SENTINEL, node.name(), d)));
                case HAPROXY -> routingEvent(plan, line, routed, at).ifPresent(events::add);
                case REDIS -> clusterViewEvent(line).ifPresent(d -> events.add(new Timeline.Event(at, CLUSTER_VIEW, node.name(), d)));
            }
        }
        return events;
    }

    private static Optional<String> sentinelEvent(String line) {
        Matcher m = REDIS_LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String text = m.group(1);
        int space = text.indexOf(' ');
        String type = space < 0 ? text : text.substring(0, space);
        return SENTINEL_EVENTS.contains(type) ? Optional.of(text) : Optional.empty();
    }

    private static Optional<String> clusterViewEvent(String line) {
        Matcher m = REDIS_LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        Matcher view = CLUSTER_LINE.matcher(m.group(1));
        return view.matches() ? Optional.of(view.group(1)) : Optional.empty();
    }

    /**
     * A server of a shard's master or replicas backend coming UP (the port routes to it) or going
     * DOWN after being UP (the port stops). At start every gated master server is DOWN: those
     * are not changes.
     */
    private static Optional<Timeline.Event> routingEvent(ClusterPlan plan, String line, Set<String> routed, Instant at) {
        Matcher m = HAPROXY_SERVER.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        int shardIndex = Integer.parseInt(m.group(1));
        if (shardIndex >= plan.shards().size()) {
            return Optional.empty();
        }
        ShardPlan shard = plan.shards().get(shardIndex);
        boolean master = m.group(2).equals("master");
        String server = m.group(3);
        boolean up = m.group(4).equals("UP");
        String key = m.group(0).substring(0, m.group(0).indexOf(" is "));
        if (up ? !routed.add(key) : !routed.remove(key)) {
            return Optional.empty();
        }
        String lane = portLane(shard, master);
        String target = "shard-" + shardIndex + " " + server;
        return Optional.of(new Timeline.Event(at, ROUTING, lane, (up ? "routes to " : "stops routing to ") + target));
    }

    /** The lane of a shard's routed port, like {@code shard-0 master port 20100}. */
    public static String portLane(ShardPlan shard, boolean master) {
        return "shard-" + shard.index() + (master ? " master port " + shard.haproxyMasterPort()
                : " replicas port " + shard.haproxyReplicasPort());
    }
}
