package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.report.TimelinePage;
import io.github.redisclustertestkit.internal.runtime.Timeline;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the containers of every topology do alike: their spec, their start and stop through
 * {@link Started}, and the whole-cluster calls. Package-private: users see {@link ClusterContainer}
 * and the concrete containers; this is the one implementation behind both.
 */
abstract sealed class ClusterFront implements ClusterContainer
        permits RedisShardedClusterContainer, RedisClusterContainer {

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

    @Override
    public ClusterSpec spec() {
        return spec;
    }

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

    @Override
    public synchronized void stop() {
        Started now = started;
        if (now != null) {
            started = null;
            now.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return started != null;
    }

    @Override
    public boolean isReused() {
        Started now = started;
        return now != null && now.lease() != null;
    }

    @Override
    public ClusterNetwork network() {
        return running().handle().network();
    }

    @Override
    public NetworkMode networkMode() {
        return running().mode();
    }

    @Override
    public String clusterId() {
        return running().runtime().plan.clusterId();
    }

    @Override
    public ServerVersion serverVersion() {
        return running().handle().serverVersion();
    }

    @Override
    public TlsMaterial tls() {
        Started now = running();
        if (now.runtime().tls == null) {
            throw new IllegalStateException("cluster " + now.runtime().plan.clusterId() + " was started without TLS:"
                    + " start it with withTls(true) (annotation: tls = true, CLI: up --tls true) to get its TLS"
                    + " material");
        }
        return TlsMaterial.of(now.runtime().tls.files());
    }

    @Override
    public void awaitHealthy(Duration timeout) {
        running().handle().awaitHealthy(timeout);
    }

    @Override
    public List<TimelineEntry> startupTimeline() {
        return lastStartTimeline;
    }

    @Override
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

    @Override
    public Path writeTimeline(Path file) {
        Objects.requireNonNull(file, "file");
        Timeline last = events;
        return last == null ? TimelinePage.write("no cluster started yet", List.of(), file)
                : TimelinePage.write(last.name(), history(), file);
    }

    @Override
    public void flushAll() {
        running().handle().flushAll();
    }

    @Override
    public void heal(Duration timeout) {
        running().handle().heal(timeout);
    }

    @Override
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
