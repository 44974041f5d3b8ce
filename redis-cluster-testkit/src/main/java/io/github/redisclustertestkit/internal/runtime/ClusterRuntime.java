package io.github.redisclustertestkit.internal.runtime;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.Logs;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.FailureReport;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.Diagnostics;
import io.github.redisclustertestkit.internal.readiness.HaproxyAdmin;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import io.github.redisclustertestkit.internal.readiness.Problem;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.ReadinessCheck;
import io.github.redisclustertestkit.internal.readiness.RedisClusterMasterCheck;

import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A started cluster: its plan, containers and probe, shared by the cluster, its shards and nodes,
 * and the operations on it that the public front and reuse have in common.
 */
public final class ClusterRuntime {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    public final ClusterPlan plan;
    public final ClusterContainers containers;
    public final Probe probe;
    public final Thread shutdownHook;
    /** A TLS cluster's certificates and files, or null for a plain cluster. */
    public final ClusterTls tls;
    /** The master a majority of Sentinels last named, per shard: the answer while they disagree. */
    private final AtomicReferenceArray<NodePlan> lastKnownMasters;
    /**
     * Per shard: the master that the last kill, stop or pause hit, until a change away from it
     * was awaited or the cluster healed. Captured when the fault is made, so that what
     * {@code Shard.awaitMasterChange(Duration)} waits for does not depend on who asked what since.
     */
    private final AtomicReferenceArray<NodePlan> faultedMasters;
    /**
     * Per shard: the last master change recorded, with the outage of the old master it followed,
     * so that two waits that see one change (two test classes on one cluster) record it once.
     */
    private final AtomicReferenceArray<String> changesRecorded;
    /** Nodes killed or stopped through {@code Node}, and not started since: not running on purpose. */
    private final Set<NodePlan> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
    /**
     * How many of each node's last log lines {@link #history} reads: a Sentinel logs some tens of
     * lines per failover, so an hour's soak of failovers every few seconds stays within.
     */
    private static final int LOG_LINES_READ = 20_000;
    /** What happened to this cluster since this process started or attached to it. */
    public final Timeline timeline;
    public final NetworkCuts network;

    public ClusterRuntime(ClusterPlan plan, ClusterContainers containers, Probe probe, Thread shutdownHook,
                          ClusterTls tls) {
        this.plan = plan;
        this.tls = tls;
        this.containers = containers;
        this.probe = probe;
        this.shutdownHook = shutdownHook;
        this.timeline = new Timeline("cluster " + plan.clusterId());
        this.lastKnownMasters = new AtomicReferenceArray<>(
                plan.shards().stream().map(ShardPlan::initialMaster).toArray(NodePlan[]::new));
        this.faultedMasters = new AtomicReferenceArray<>(plan.shards().size());
        this.changesRecorded = new AtomicReferenceArray<>(plan.shards().size());
        this.network = new NetworkCuts(plan, timeline);
    }

    /**
     * Where the node or HAProxy listener on {@code port} is reached. HAProxy's listeners share the
     * address of its runtime API.
     */
    public String host(int port) {
        return probe.host(port);
    }

    /** Where HAProxy's listeners are reached. */
    public String haproxyHost() {
        return host(plan.haproxy().port());
    }

    public ShardPlan shardPlan(int index) {
        if (index < 0 || index >= plan.shards().size()) {
            throw new IndexOutOfBoundsException("shard " + index + " does not exist: this cluster has shards 0.."
                    + (plan.shards().size() - 1));
        }
        return plan.shards().get(index);
    }

    /** The master a majority of the shard's Sentinels name now, else the last one they named. */
    public NodePlan currentMaster(ShardPlan shard) {
        return agreedMaster(shard).map(m -> {
            if (!m.equals(lastKnownMasters.getAndSet(shard.index(), m))) {
                timeline.record(Timeline.ROLE, m.name(), "master of " + shard.masterName() + ", as a majority of "
                        + (plan.isRedisCluster() ? "the cluster's nodes" : "its Sentinels") + " names it");
            }
            return m;
        }).orElseGet(() -> lastKnownMasters.get(shard.index()));
    }

    /**
     * The master a majority names now: of the shard's Sentinels, or in a native Redis Cluster of
     * all its nodes.
     */
    public Optional<NodePlan> agreedMaster(ShardPlan shard) {
        return plan.isRedisCluster() ? probe.agreedClusterMaster(plan.redisNodes(), shard) : probe.agreedMaster(shard);
    }

    /**
     * Called before a fault hits {@code node}: notes it if it is its shard's master now, and
     * whether the fault ends its process (so that a wait does not report it as having died).
     */
    public void beforeFault(NodePlan node, boolean endsProcess) {
        if (endsProcess) {
            stoppedOnPurpose.add(node);
        }
        if (node.kind() == NodeKind.REDIS && currentMaster(plan.shards().get(node.shard())).equals(node)) {
            faultedMasters.set(node.shard(), node);
        }
    }

    /** The master the last fault on the shard hit, unless a change away from it was awaited since. */
    public Optional<NodePlan> faultedMaster(ShardPlan shard) {
        return Optional.ofNullable(faultedMasters.get(shard.index()));
    }

    /**
     * Makes a fault on {@code node}, or undoes one: runs it, then records and logs it with how long
     * it took (a kill's time is until the process is dead). An outage is recorded when the call
     * began: the node stops serving as the signal lands, early in a call that can take Docker
     * seconds on a loaded machine, and a failover may well be over before the call returns. An
     * end of one is recorded when the call returned: the node serves from then on.
     *
     * @param kind what it does, one of {@link Timeline}'s kinds of node events
     */
    public void fault(NodePlan node, String kind, Runnable action) {
        long began = System.nanoTime();
        action.run();
        long done = System.nanoTime();
        boolean outage = Timeline.OUTAGES.contains(kind);
        timeline.recordAt(outage ? began : done, kind, node.name(),
                (outage ? "from the call's start; the call took " : "in ") + Logs.took(done - began));
        Logs.FAULTS.info("cluster {}: {} {} in {}", plan.clusterId(), kind, node.name(), Logs.took(done - began));
    }

    /** The node was started again after a kill or stop. */
    public void started(NodePlan node) {
        stoppedOnPurpose.remove(node);
    }

    /**
     * A change away from {@code from} to {@code to} was seen: a later fault decides what the next
     * wait waits for. Recorded and logged with how long it took since {@code from} was taken out
     * of service, or since the wait began ({@link System#nanoTime()}) if it was not.
     */
    public void masterChanged(ShardPlan shard, NodePlan from, NodePlan to, long waitBegan) {
        faultedMasters.compareAndSet(shard.index(), from, null);
        if (to.equals(from)) {
            return;
        }
        long now = System.nanoTime();
        Optional<Timeline.Event> outage = timeline.last(from.name(), Timeline.IN_OR_OUT_OF_SERVICE)
                .filter(e -> Timeline.OUTAGES.contains(e.kind()));
        String change = from.name() + " -> " + to.name() + " after " + outage.map(Timeline.Event::at).orElse(null);
        if (change.equals(changesRecorded.getAndSet(shard.index(), change))) {
            return;
        }
        String after = outage.map(e -> Logs.took(Duration.between(e.at(), timeline.at(now)).toNanos()) + " after "
                + from.name() + " was " + e.kind()).orElse("after a wait of " + Logs.took(now - waitBegan));
        timeline.recordAt(now, Timeline.FAILOVER, to.name(), "master of " + shard.masterName() + " in place of "
                + from.name() + ", " + after);
        Logs.FAILOVER.info("cluster {}: {} became master of {} in place of {}, {}", plan.clusterId(), to.name(),
                shard.masterName(), from.name(), after);
    }

    /** After heal(): no fault is pending any more. */
    public void forgetFaults() {
        for (int i = 0; i < faultedMasters.length(); i++) {
            faultedMasters.set(i, null);
        }
    }

    public NodeContainer container(NodePlan node) {
        return containers.container(node);
    }

    /**
     * After network rules are removed: closes every replication link at both ends, so that each
     * replica connects again at once (within a second, Redis's replication cron) and resumes with a
     * partial resync. A link whose packets a cut dropped stays up for Redis, which gives up only
     * after {@code repl-timeout} (60 s), while the kernel retransmits what was dropped with
     * exponential backoff: after a cut of tens of seconds the next try can be as far away again, and
     * the replica lags all that while though every readiness fact holds (seen under stress: a reused
     * cluster's replica 28 s behind, so that the take-over's flush timed out). A paused or stopped
     * node is left alone: it reconnects as it comes back.
     */
    public void reconnectReplication() {
        for (NodePlan node : plan.redisNodes()) {
            if (!container(node).isAnswering()) {
                continue;
            }
            try (RespClient client = probe.redis(node.port())) {
                client.call("CLIENT", "KILL", "TYPE", "replica");
                client.call("CLIENT", "KILL", "TYPE", "master");
            } catch (IOException | RespErrorException notNow) {
                // a node that does not answer now has no link to renew; the wait that follows reports it
            }
        }
    }

    /**
     * What happened to the cluster, earliest first: the events this process recorded, and those
     * the nodes' logs hold ({@link LogEvents}: Sentinel decisions, HAProxy routing, a native
     * cluster's views). With {@code containerEvents}, also Docker's record of every container
     * started, died or paused, whoever did it: what a process that attached to the cluster late
     * knows of its faults. Reads the containers' logs: call it for a report, not in a loop.
     */
    public List<Timeline.Event> history(boolean containerEvents) {
        List<Timeline.Event> all = new ArrayList<>(timeline.events());
        for (NodeContainer container : containers.all()) {
            all.addAll(LogEvents.parse(plan, container.node(), container.stampedLog(LOG_LINES_READ)));
        }
        if (containerEvents) {
            for (ClusterContainers.ContainerEvent e : containers.containerEvents()) {
                containerEventKind(e).ifPresent(kind -> all.add(new Timeline.Event(e.at(), kind, e.node().name(),
                        "Docker: " + e.action() + (e.attributes().containsKey("exitCode")
                                ? ", exit code " + e.attributes().get("exitCode") : ""))));
            }
        }
        all.sort(Comparator.comparing(Timeline.Event::at)); // stable: the recorded order of equal times stays
        return List.copyOf(all);
    }

    /** The timeline's kind of what Docker did, if it is a start, an end or a pause; exit code 137 is a SIGKILL. */
    static Optional<String> containerEventKind(ClusterContainers.ContainerEvent e) {
        return switch (e.action()) {
            case "start" -> Optional.of(Timeline.STARTED);
            case "die" -> Optional.of("137".equals(e.attributes().get("exitCode")) ? Timeline.KILLED : Timeline.STOPPED);
            case "pause" -> Optional.of(Timeline.PAUSED);
            case "unpause" -> Optional.of(Timeline.UNPAUSED);
            default -> Optional.empty();
        };
    }

    /**
     * Starts the node again after a stop or kill, with the config it had (what Sentinel rewrote
     * included), and returns once it answers; a restarted Sentinel gets its periods again.
     */
    public void startNode(NodePlan node) {
        fault(node, Timeline.STARTED, () -> {
            container(node).startAgain();
            started(node);
            awaitAnswer(node);
        });
    }

    private void awaitAnswer(NodePlan node) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (true) {
            try {
                ping(node);
                break;
            } catch (RespErrorException e) {
                if (!e.code().equals("LOADING")) {
                    throw failure(node.name() + " refused PING after start", node, "+PONG on port "
                            + node.port(), e.getMessage(), e);
                }
                awaitAgain(node, deadline, e);
            } catch (IOException notYet) {
                awaitAgain(node, deadline, notYet);
            }
        }
        if (node.kind() == NodeKind.SENTINEL) {
            // SENTINEL DEBUG settings live in the process only: a restarted Sentinel needs them again.
            containers.tuneSentinel(node);
        }
    }

    private void awaitAgain(NodePlan node, long deadline, Exception notYet) {
        if (System.nanoTime() - deadline > 0) {
            throw failure(node.name() + " did not answer after start", node, "+PONG on port " + node.port(),
                    Probe.seen(notYet), notYet);
        }
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            throw ClusterFailure.interrupted("waiting for " + node.name() + " to answer after start", e);
        }
    }

    private void ping(NodePlan node) throws IOException {
        switch (node.kind()) {
            case REDIS -> {
                try (RespClient client = probe.redis(node.port())) {
                    client.call("PING");
                }
            }
            case SENTINEL -> {
                try (RespClient client = probe.sentinel(node.port())) {
                    client.call("PING");
                }
            }
            case HAPROXY -> HaproxyAdmin.command(host(node.port()), node.port(), "show info", Duration.ofSeconds(1));
        }
    }

    /**
     * Waits until every readiness fact of the shard holds again: afterwards a raw
     * {@code SENTINEL FAILOVER} to any of its Sentinels completes.
     */
    public void awaitHealthy(ShardPlan shard, Duration timeout) {
        await(Readiness.checksFor(plan, shard), timeout, shard.masterName() + " healthy again");
    }

    /**
     * A native Redis Cluster's failover of one shard: {@code CLUSTER FAILOVER} on a replica of its
     * master, once the cluster is healthy, and done when a majority of nodes names the replica
     * master of the slots, every node in service follows it, and, unless a node is out of service
     * (a forced failover away from a killed, paused or cut-off master), every readiness fact holds
     * again (every node has the one view).
     *
     * @param option null for a coordinated failover (the master must answer), {@code FORCE} without
     *               the master's agreement, {@code TAKEOVER} without the other masters' either
     * @return the new master
     */
    public NodePlan failOverRedisCluster(ShardPlan shard, String option, Duration timeout) {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        if (option == null) {
            await(Readiness.checksFor(plan), timeout, shard.masterName() + " ready to fail over");
        }
        NodePlan previous = currentMaster(shard);
        List<NodePlan> replicas = replicasOf(shard, previous);
        if (replicas.isEmpty()) {
            throw failure("cannot fail over " + shard.masterName() + ": it has no replica", previous,
                    "a replica of " + previous.name(), "withReplicasPerMaster(0): give the cluster replicas", null);
        }
        List<NodePlan> inService = redisNodesInService();
        NodePlan promoted = replicas.stream().filter(inService::contains).findFirst().orElse(replicas.get(0));
        List<String> command = option == null ? List.of("CLUSTER", "FAILOVER") : List.of("CLUSTER", "FAILOVER", option);
        try (RespClient client = probe.redis(promoted.port())) {
            client.call(command.toArray(String[]::new));
        } catch (IOException | RespErrorException e) {
            throw failure(promoted.name() + " refused " + String.join(" ", command), promoted, "+OK", e.getMessage(),
                    e);
        }
        awaitRedisClusterMaster(shard, n -> n.equals(promoted), "names " + promoted.name() + " master of "
                + shard.slots(), inService, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (inService.size() == plan.redisNodes().size()) {
            await(Readiness.checksFor(plan), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                    shard.masterName() + " failover to " + promoted.name());
        }
        masterChanged(shard, previous, promoted, began);
        return promoted;
    }

    /**
     * Waits until a majority of a native Redis Cluster's nodes names a master of the shard that
     * {@code wanted} accepts, and every node in service follows it: reports
     * {@code cluster_state:ok} and names it ({@link RedisClusterMasterCheck}).
     */
    public NodePlan awaitRedisClusterMaster(ShardPlan shard, Predicate<NodePlan> wanted, String what, Duration timeout) {
        return awaitRedisClusterMaster(shard, wanted, what, redisNodesInService(), timeout);
    }

    private NodePlan awaitRedisClusterMaster(ShardPlan shard, Predicate<NodePlan> wanted, String what,
                                             List<NodePlan> inService, Duration timeout) {
        RedisClusterMasterCheck check = new RedisClusterMasterCheck(plan, shard, wanted, what, inService);
        await(List.of(check), timeout, shard.masterName() + ": " + check.awaited());
        return currentMaster(shard);
    }

    /**
     * The Redis nodes that run, are not paused, and that no network cut keeps out of contact
     * ({@link NetworkCuts#outOfContact}), as the wait begins.
     */
    private List<NodePlan> redisNodesInService() {
        Set<NodePlan> outOfContact = network.outOfContact(plan.redisNodes());
        return plan.redisNodes().stream().filter(n -> !outOfContact.contains(n))
                .filter(n -> container(n).isAnswering()).toList();
    }

    /** The shard's Redis nodes other than {@code master}. */
    public static List<NodePlan> replicasOf(ShardPlan shard, NodePlan master) {
        return shard.redis().stream().filter(n -> !n.equals(master)).toList();
    }

    /**
     * {@code FLUSHALL} on the shard's current master, then {@code WAIT} until every replica that
     * {@code running} accepts has acknowledged the replication offset that includes it (a replica
     * acknowledges what it has applied). A stopped replica gets the flush when it reconnects.
     */
    public void flushAll(ShardPlan shard, Duration timeout, Predicate<NodePlan> running) {
        NodePlan master = currentMaster(shard);
        List<NodePlan> replicas = replicasOf(shard, master).stream().filter(running).toList();
        // The socket outlives WAIT's own timeout, so that WAIT answers rather than the socket timing out.
        try (RespClient client = probe.redis(master.port(), timeout.plusSeconds(1))) {
            client.call("FLUSHALL");
            if (replicas.isEmpty()) {
                return;
            }
            // Read before WAIT, whose own REPLCONF GETACK moves the master's offset on.
            String flushOffset = client.info("replication").get("master_repl_offset");
            Object acked = client.call("WAIT", String.valueOf(replicas.size()), String.valueOf(timeout.toMillis()));
            if (acked instanceof Long count && count >= replicas.size()) {
                return;
            }
            long offset;
            try {
                offset = Long.parseLong(flushOffset);
            } catch (NumberFormatException noOffset) { // also what parseLong(null) throws
                throw failure("FLUSHALL on " + master.name() + ": which replicas applied the flush is"
                        + " unknown; WAIT answered " + acked, master, "master_repl_offset in INFO replication",
                        String.valueOf(flushOffset), noOffset);
            }
            throw failure("FLUSHALL on " + master.name() + " (replication offset " + flushOffset
                    + "): " + laggingReplicas(replicas, client.info("replication"), offset)
                    + " did not apply it within " + timeout.toMillis() + " ms. A paused or unreachable replica"
                    + " cannot catch up: undo the fault (or heal(timeout)) before flushing", master,
                    "every running replica at offset " + offset, "WAIT answered " + acked, null);
        } catch (IOException | RespErrorException e) {
            throw failure("FLUSHALL on " + master.name() + " failed", master, "+OK", e.getMessage(), e);
        }
    }

    /** The replicas that the master's {@code INFO replication} shows short of {@code offset}, or not at all. */
    private static String laggingReplicas(List<NodePlan> replicas, Map<String, String> masterInfo, long offset) {
        StringBuilder lagging = new StringBuilder();
        for (NodePlan replica : replicas) {
            Optional<String> line = masterInfo.values().stream()
                    .filter(v -> v.contains("port=" + replica.port() + ",")).findFirst();
            Optional<Long> acked = line.flatMap(l -> Arrays.stream(l.split(","))
                    .filter(f -> f.startsWith("offset=")).findFirst().map(f -> Long.parseLong(f.substring(7))));
            if (acked.isEmpty() || acked.get() < offset) {
                lagging.append(lagging.length() == 0 ? "" : ", ").append(replica.name()).append(" (")
                        .append(line.map(l -> "at " + l).orElse("not connected to the master")).append(')');
            }
        }
        return lagging.length() == 0 ? "a replica" : lagging.toString();
    }

    /**
     * Waits until the given readiness checks all hold; on timeout, the diagnostics tell why. A
     * node that was running when the wait began and exits during it, other than through
     * {@code Node.kill()} or {@code Node.stop()}, ends the wait at once, reported with its logs.
     */
    public void await(List<ReadinessCheck> checks, Duration timeout, String what) {
        Set<String> watched = runningContainerIds();
        long began = System.nanoTime();
        Logs.READINESS.debug("cluster {}: awaiting {} ({} facts, within {})", plan.clusterId(), what, checks.size(),
                Logs.took(timeout.toNanos()));
        List<Problem> open = Readiness.await(checks, probe, timeout, () -> failIfExited(watched, what));
        Logs.READINESS.debug("cluster {}: {} {} after {}", plan.clusterId(), what, open.isEmpty() ? "held"
                : "did not hold", Logs.took(System.nanoTime() - began));
        if (!open.isEmpty()) {
            Problem first = open.get(0);
            throw failure(what + " did not happen within " + timeout.toMillis() + " ms", first.node(),
                    first.awaited(), first.seen(), null);
        }
    }

    /** The ids of this cluster's containers that run now (paused ones too), in one Docker call. */
    private Set<String> runningContainerIds() {
        return ClusterContainers.list(plan.clusterId(), false).stream().map(Container::getId)
                .collect(Collectors.toSet());
    }

    private void failIfExited(Set<String> watched, String what) {
        Set<String> running;
        try {
            running = runningContainerIds();
        } catch (RuntimeException dockerHiccup) {
            return; // the next tick asks again: one failed list call is no reason to end the wait
        }
        for (NodeContainer container : containers.all()) {
            String id = container.containerId();
            if (id != null && watched.contains(id) && !running.contains(id)
                    && !stoppedOnPurpose.contains(container.node())) {
                throw new ClusterFailure(FailureReport.of(container.describe() + " exited while waiting for " + what
                        + " (" + exitStatus(id) + "); it was not stopped through kill() or stop()")
                        .logs(container).then(diagnostics()).toString());
            }
        }
    }

    private static String exitStatus(String containerId) {
        try {
            return "exit code " + DockerClientFactory.lazyClient().inspectContainerCmd(containerId).exec().getState()
                    .getExitCodeLong();
        } catch (RuntimeException gone) {
            return "removed";
        }
    }

    /** An exception naming the node, what was awaited and seen, with the whole cluster's diagnostics. */
    public ClusterFailure failure(String what, NodePlan node, String awaited, String seen, Throwable cause) {
        return new ClusterFailure(FailureReport.of(what).with("node", container(node).describe())
                .with("awaited", awaited).with("last seen", seen).then(diagnostics()).toString(), cause);
    }

    /** The endpoints a client needs, in one line, for the log. */
    public String endpointsLine() {
        if (plan.isRedisCluster()) {
            return "seeds " + plan.redisNodes().stream().map(n -> host(n.port()) + ":" + n.port())
                    .collect(Collectors.joining(","));
        }
        return plan.shards().stream().map(s -> s.masterName() + " master " + haproxyHost() + ":"
                + s.haproxyMasterPort() + " replicas " + haproxyHost() + ":" + s.haproxyReplicasPort() + " sentinels "
                + s.sentinels().stream().map(n -> host(n.port()) + ":" + n.port()).collect(Collectors.joining(",")))
                .collect(Collectors.joining("; "));
    }

    public String diagnostics() {
        String dump = Diagnostics.render(plan, probe, n -> container(n).lastLogLines(NodeContainer.LOG_LINES));
        List<String> cuts = plan.spec().networkFaults() ? network.rules() : List.of();
        return cuts.isEmpty() ? dump : dump + "network faults in force (packets dropped from -> to): " + cuts + "\n";
    }
}
