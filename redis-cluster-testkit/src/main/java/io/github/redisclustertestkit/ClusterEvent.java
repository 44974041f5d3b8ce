package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.runtime.Timeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing that happened to a running cluster, as {@code timeline()} lists them: what a test did
 * to it and what the library saw it do. Unlike a {@link TimelineEntry}, which is a span of the last
 * {@code start()} measured from its beginning, an event is an instant, on one node or on the whole
 * cluster, and events go on for as long as the cluster runs.
 * <p>
 * The kinds, on a node unless said otherwise:
 * <ul>
 *   <li>{@code started}: its container started (at {@code start()}, or again after a kill or stop);</li>
 *   <li>{@code killed}, {@code stopped}, {@code paused}: a fault made through {@link Node}, at the
 *   start of the call, when the node stops serving (the detail says how long the call took);
 *   {@code unpaused}: at its end, when the node serves again;</li>
 *   <li>{@code network-cut}: its packets to the nodes the detail names are dropped from now;
 *   {@code network-healed} (whole cluster): every cut removed;</li>
 *   <li>{@code role}: the library saw it named master of its shard (by a majority of the shard's
 *   Sentinels, or in a native Redis Cluster of the cluster's nodes);</li>
 *   <li>{@code failover}: a failover wait or request saw it become master in place of the node the
 *   detail names, and how long after that node was taken out of service;</li>
 *   <li>{@code slot-migrating} (on the old owner), {@code slot-moved} (on the new owner): a
 *   native Redis Cluster's hash slot moving;</li>
 *   <li>{@code ready} and {@code removed} (whole cluster): the end of {@code start()}, and the
 *   removal of the cluster;</li>
 *   <li>from the nodes' logs, while the cluster runs: {@code sentinel} (on the Sentinel), one of
 *   its decisions as it logged it ({@code +sdown master shard-0 127.0.0.1 20001},
 *   {@code +switch-master ...}, {@code -failover-abort-...}); {@code routing} (on a lane named
 *   like {@code shard-0 master port 20100}), HAProxy's port starting or stopping to route to a
 *   node ({@code routes to shard-0 redis-1}); {@code cluster-view} (on a native cluster's node),
 *   its view of the cluster changing ({@code Cluster state changed: fail}, {@code Failover
 *   election won}).</li>
 * </ul>
 * More kinds may come; a reader should pass over the ones it does not know.
 *
 * @param at     when it happened; what this process recorded is ordered by the JVM's monotonic
 *               clock, what the nodes logged by the time Docker received the line
 * @param kind   what happened, one of the kinds above
 * @param node   the node's name as {@link Node#name()} says it ({@code shard-0 redis-1}), a routed
 *               port's lane, or the empty string for an event of the whole cluster
 * @param detail what a person reading the timeline wants to know besides, such as how long it took
 * @since 0.1.0
 */
public record ClusterEvent(Instant at, String kind, String node, String detail) {

    /**
     * An event; every field is required.
     *
     * @param at     when it happened
     * @param kind   what happened
     * @param node   the node's name, or the empty string for the whole cluster
     * @param detail what else to know
     * @throws NullPointerException if any field is null
     */
    public ClusterEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@return whether it concerns the whole cluster rather than one node} */
    public boolean wholeCluster() {
        return node.isEmpty();
    }

    static List<ClusterEvent> of(List<Timeline.Event> events) {
        return events.stream().map(e -> new ClusterEvent(e.at(), e.kind(), e.node(), e.detail())).toList();
    }
}
