package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.report.TimelinePage;
import io.github.redisclustertestkit.internal.runtime.Timeline;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;
import org.testcontainers.lifecycle.Startable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the containers of every topology do alike: their spec, their start and stop through
 * {@link Started}, and the whole-cluster calls. Package-private, so that each container stays one
 * concrete class to its users; its public methods are theirs.
 */
abstract class ClusterFront implements Startable, AutoCloseable {

    private final Topology topology;
    /** Guarded by {@code this} while configuring; read by {@link #toString()}. */
    volatile ClusterSpec spec;
    private volatile List<TimelineEntry> lastStartTimeline = List.of();
    /** The events of the running cluster, or of the last one after stop(). */
    private volatile Timeline events;
    /** Set while started; all access to the running state goes through {@link #running()}. */
    private volatile Started started;
    /** Attached to a cluster another process started: Docker's record tells its containers' past. */
    private volatile boolean attachedLate;

    ClusterFront(Topology topology, ClusterSpec spec) {
        this.topology = topology;
        this.spec = spec;
    }

    /** For the containers' {@code withX}: the changed spec, unless the cluster runs already. */
    final void change(ClusterSpec.Builder changed) {
        if (started != null) {
            throw new IllegalStateException("the cluster is already started: configure it before start()");
        }
        spec = changed.build();
    }

    /** For {@code attach}: a cluster another process started. */
    final void attached(Started found) {
        spec = found.runtime().plan.spec();
        events = found.runtime().timeline;
        attachedLate = true;
        started = found;
    }

    /** {@return what this cluster is configured to be: the options set so far, validated at start} */
    public ClusterSpec spec() {
        return spec;
    }

    /**
     * Starts every container and returns once the topology is ready. A port found taken is
     * re-planned and retried. On failure every container is removed and a
     * {@link RedisClusterException} names the node, what was awaited and its last log lines.
     *
     * @throws IllegalArgumentException for an invalid option, before any container starts
     * @throws RedisClusterException    for anything else that kept the cluster from starting: no Docker, an
     *                                  image that is missing or runs no supported server, a node that failed to
     *                                  start or exited, readiness that did not hold within the startup timeout
     */
    @Override
    public synchronized void start() {
        if (started != null) {
            return;
        }
        Started now = Started.launch(spec, getClass(), topology);
        lastStartTimeline = now.timeline();
        events = now.runtime().timeline;
        started = now;
    }

    /**
     * Removes every container. Idempotent; also runs on JVM shutdown if never called. A reused
     * cluster stays for the next start, and an attached one for its owner.
     */
    @Override
    public synchronized void stop() {
        Started now = started;
        if (now != null) {
            started = null;
            now.stop();
        }
    }

    /** As {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@return true between a successful {@link #start()} and {@link #stop()}} */
    public boolean isRunning() {
        return started != null;
    }

    /** {@return true if the running cluster is a reused one, which {@link #close()} leaves running} */
    public boolean isReused() {
        Started now = started;
        return now != null && now.lease() != null;
    }

    /**
     * Network faults between this cluster's nodes: partition, isolate, drop one way, heal. Needs
     * {@code withNetworkFaults(true)}; see {@link ClusterNetwork}.
     *
     * @return the faults of this cluster's network
     */
    public ClusterNetwork network() {
        return running().handle().network();
    }

    /**
     * {@return how this cluster is networked: {@link NetworkMode#HOST} or {@link NetworkMode#POD}}, the
     * latter also where {@link NetworkMode#AUTO} found that host networking does not reach this JVM.
     */
    public NetworkMode networkMode() {
        return running().mode();
    }

    /** {@return the id in this cluster's container names and labels ({@value NodeContainer#CLUSTER_LABEL})} */
    public String clusterId() {
        return running().runtime().plan.clusterId();
    }

    /** {@return the server the Redis image runs, such as Valkey 8.1.1, as found before the start} */
    public ServerVersion serverVersion() {
        return running().handle().serverVersion();
    }

    /**
     * Waits until every readiness fact holds again, as at start, e.g. after a failover or a
     * restart; on timeout a {@link RedisClusterException} carries the diagnostics.
     *
     * @param timeout how long to wait at most
     */
    public void awaitHealthy(Duration timeout) {
        running().handle().awaitHealthy(timeout);
    }

    /**
     * {@return where the last successful {@code start()} spent its time}: each container from create to
     * started, each readiness fact until it first held, in order of start. Empty before the first start.
     */
    public List<TimelineEntry> startupTimeline() {
        return lastStartTimeline;
    }

    /**
     * {@return what happened to the cluster, earliest first}: containers started, killed, stopped
     * or paused, network cuts, masters seen, failovers, slot moves, and what the nodes' own logs
     * tell: each Sentinel's decisions, the node each HAProxy port routes to, a native cluster
     * node's view (see {@link ClusterEvent}). While the cluster runs: what this process did since
     * it started or attached to it, with what the nodes logged whoever caused it (after
     * {@code attach}, also Docker's record of every container start, end and pause). After
     * {@link #stop()}: what this process recorded of the last cluster, without the nodes' logs,
     * which went with their containers. Empty before. Reads the nodes' logs: a call for a report,
     * not for a polling loop. Bounded: past some thousands of events the oldest are dropped.
     *
     * @since 0.1.0
     */
    public List<ClusterEvent> timeline() {
        return ClusterEvent.of(history());
    }

    private List<Timeline.Event> history() {
        Started now = started;
        if (now != null) {
            return now.runtime().history(attachedLate);
        }
        Timeline last = events;
        return last == null ? List.of() : last.events();
    }

    /**
     * Writes {@link #timeline()} as one self-contained HTML page, to look at in a browser: a
     * picture with one lane per node (outages as bars, every event a mark with its detail on
     * hover) and the events listed below it. Before the first start, a page with no events.
     *
     * @param file where to write it; its directory is made if missing, an existing file replaced
     * @return the file
     * @throws java.io.UncheckedIOException if it cannot be written
     * @since 0.1.0
     */
    public Path writeTimeline(Path file) {
        Objects.requireNonNull(file, "file");
        Timeline last = events;
        return last == null ? TimelinePage.write("no cluster started yet", List.of(), file)
                : TimelinePage.write(last.name(), history(), file);
    }

    /**
     * {@code FLUSHALL} on every shard's current master; returns once every running replica has
     * applied it too, so that reads from replicas right after see an empty data set.
     *
     * @throws RedisClusterException naming the replica that did not catch up in time
     */
    public void flushAll() {
        running().handle().flushAll();
    }

    /**
     * Undoes what faults did: removes every network fault, starts every node that was stopped or
     * killed, unpauses every paused one, then waits until the cluster is healthy. Shards that
     * failed over keep their new master.
     *
     * @param timeout how long to wait at most for the cluster to be healthy again
     */
    public void heal(Duration timeout) {
        running().handle().heal(timeout);
    }

    /**
     * {@return a readable dump of the cluster now}: every node's role and view (what each Sentinel
     * believes and HAProxy's server states, or each cluster node's CLUSTER NODES), and every node's
     * last log lines; one line saying so when the cluster is not running.
     */
    public String diagnostics() {
        Started now = started;
        return now == null ? "redis-cluster-testkit: the cluster is not running"
                : Failures.translated(() -> now.runtime().diagnostics());
    }

    final Started running() {
        Started now = started;
        if (now == null) {
            throw new IllegalStateException("the cluster is not running: call start() first");
        }
        return now;
    }

    /** {@return the kind of container, its cluster id while running, and its spec (the password masked)} */
    @Override
    public String toString() {
        Started now = started;
        return getClass().getSimpleName() + "[" + (now == null ? "not running" : now.runtime().plan.clusterId())
                + ", " + spec + "]";
    }
}
