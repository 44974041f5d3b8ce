package io.github.redisclustertestkit;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.testcontainers.lifecycle.Startable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a cluster of either topology offers alike: {@link RedisShardedClusterContainer} (shards
 * with Sentinels behind HAProxy) and {@link RedisClusterContainer} (a native Redis Cluster). For
 * code that starts, heals, flushes or reports on a cluster whatever its topology; the nodes and
 * shards are each container's own.
 *
 * @since 0.1.0
 */
public sealed interface ClusterContainer extends Startable, AutoCloseable permits ClusterFront {

    /** {@return what this cluster is configured to be: the options set so far, validated at start} */
    ClusterSpec spec();

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
    void start();

    /**
     * Removes every container. Idempotent; also runs on JVM shutdown if never called. A reused
     * cluster stays for the next start, and an attached one for its owner.
     */
    void stop();

    /** As {@link #stop()}. */
    void close();

    /** {@return true between a successful {@link #start()} and {@link #stop()}} */
    boolean isRunning();

    /** {@return true if the running cluster is a reused one, which {@link #close()} leaves running} */
    boolean isReused();

    /**
     * Network faults between this cluster's nodes: partition, isolate, drop one way, heal. Needs
     * {@code withNetworkFaults(true)}; see {@link ClusterNetwork}.
     *
     * @return the faults of this cluster's network
     */
    ClusterNetwork network();

    /**
     * {@return how this cluster is networked: {@link NetworkMode#HOST} or {@link NetworkMode#POD}}, the
     * latter also where {@link NetworkMode#AUTO} found that host networking does not reach this JVM.
     */
    NetworkMode networkMode();

    /** {@return the id in this cluster's container names and labels ({@code redis-cluster-testkit.cluster})} */
    String clusterId();

    /** {@return the server the Redis image runs, such as Valkey 8.1.1, as found before the start} */
    ServerVersion serverVersion();

    /**
     * What a client needs to connect to this TLS cluster: its CA certificate (and, under mutual TLS,
     * the client certificate) as PEM files, PKCS#12 stores and an {@code SSLContext}. Made when the
     * cluster started, removed when it stops.
     *
     * @return the cluster's client material
     * @throws IllegalStateException if the cluster is not running, or was not started with TLS
     *                               ({@code withTls(true)})
     */
    TlsMaterial tls();

    /**
     * Waits until every readiness fact holds again, as at start, e.g. after a failover or a
     * restart; on timeout a {@link RedisClusterException} carries the diagnostics.
     *
     * @param timeout how long to wait at most
     */
    void awaitHealthy(Duration timeout);

    /**
     * {@return where the last successful {@code start()} spent its time}: each container from create to
     * started, each readiness fact until it first held, in order of start. Empty before the first start.
     */
    List<TimelineEntry> startupTimeline();

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
    List<ClusterEvent> timeline();

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
    Path writeTimeline(Path file);

    /**
     * {@code FLUSHALL} on every shard's current master; returns once every running replica has
     * applied it too, so that reads from replicas right after see an empty data set.
     *
     * @throws RedisClusterException naming the replica that did not catch up in time
     */
    void flushAll();

    /**
     * Undoes what faults did: removes every network fault, starts every node that was stopped or
     * killed, unpauses every paused one, then waits until the cluster is healthy. Shards that
     * failed over keep their new master.
     *
     * @param timeout how long to wait at most for the cluster to be healthy again
     */
    void heal(Duration timeout);

    /**
     * {@return a readable dump of the cluster now}: every node's role and view (what each Sentinel
     * believes and HAProxy's server states, or each cluster node's CLUSTER NODES), and every node's
     * last log lines; one line saying so when the cluster is not running.
     */
    String diagnostics();
}
