package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.Logs;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.ContainerStartException;
import io.github.redisclustertestkit.internal.containers.HostNetworking;
import io.github.redisclustertestkit.internal.containers.NetAdmin;
import io.github.redisclustertestkit.internal.containers.FailureReport;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.containers.NodeStartException;
import io.github.redisclustertestkit.internal.containers.OrphanClusters;
import io.github.redisclustertestkit.internal.containers.StartProgress;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.EngineLocality;
import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
import io.github.redisclustertestkit.internal.plan.NetworkModes;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.readiness.Diagnostics;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import io.github.redisclustertestkit.internal.readiness.Problem;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.ReadinessCheck;
import io.github.redisclustertestkit.internal.reuse.ReuseKey;
import io.github.redisclustertestkit.internal.reuse.ReuseLabels;
import io.github.redisclustertestkit.internal.reuse.ReuseLease;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The start pipeline every front shares, whatever the topology: checks Docker and the addresses,
 * takes over a reused cluster or decides the network mode, sweeps what dead processes left, takes
 * a port block (again on a port conflict), starts the containers the plan names and awaits the
 * plan's readiness facts. A start that does not succeed leaves nothing behind. One launcher per
 * start: {@link #phase()} tells a failure where it happened.
 */
public final class Launcher {

    private static final Random RANDOM = new SecureRandom();

    /** One step of a start, in nanoseconds from its beginning. */
    public record Step(String kind, String name, Duration begin, Duration end) {
    }

    /**
     * A started (or taken over) cluster.
     *
     * @param lease the reuse lease it runs under, or null
     */
    public record Launched(ClusterRuntime runtime, NetworkMode mode, ReuseLease lease, List<Step> timeline) {
    }

    private volatile String phase = "checking the options";

    /** What the start was doing last: for the message of a failure that names no phase itself. */
    public String phase() {
        return phase;
    }

    /**
     * Starts a cluster of the validated spec and returns once every readiness fact holds.
     *
     * @throws ClusterFailure           for what went wrong at runtime, naming the node where there is one
     * @throws IllegalArgumentException for options that cannot work together here
     */
    public Launched launch(ClusterSpec valid) {
        SpecOptions.requireApplicable(valid);
        phase = "checking Docker";
        requireDocker();
        if (valid.networkFaults()) {
            // Before any container: where rules cannot cut traffic, say so now, not at the first network() call.
            NetAdmin.requireSupported();
        }
        phase = "choosing the addresses";
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        InetAddress hostAddress = resolve(host);
        Engine engine = Engine.current();
        // A loopback Docker host address is a claim (TESTCONTAINERS_HOST_OVERRIDE can make it); an engine
        // URI naming another machine overrides it, and the probe checks the rest.
        boolean local = hostAddress != null && hostAddress.isLoopbackAddress() && !engine.knownRemote();
        Addresses addresses = valid.networkFaults() ? Addresses.perNode(host, hostAddress)
                : Addresses.resolve(valid.bindAddress(), host, hostAddress);
        phase = "looking for a cluster to reuse";
        ReuseLease lease = valid.reuse() ? Reuse.lease(valid, addresses).orElse(null) : null;
        try {
            if (lease != null) {
                long began = System.nanoTime();
                Optional<Attach.Attached> taken = Reuse.takeOver(valid, addresses, lease);
                if (taken.isPresent()) {
                    ClusterRuntime runtime = taken.get().runtime();
                    Logs.LIFECYCLE.info("cluster {} taken over for reuse and reset in {}: {}",
                            runtime.plan.clusterId(), Logs.took(System.nanoTime() - began), runtime.endpointsLine());
                    return new Launched(runtime, taken.get().mode(), lease, List.of(new Step("reuse",
                            "taken over and reset", Duration.ZERO, Duration.ofNanos(System.nanoTime() - began))));
                }
            }
            return startNew(valid, host, engine, local, addresses, lease);
        } catch (RuntimeException | Error e) {
            if (lease != null) {
                lease.close();
            }
            throw e;
        }
    }

    private Launched startNew(ClusterSpec valid, String host, Engine engine, boolean local, Addresses addresses,
                              ReuseLease lease) {
        phase = "checking the images and the network mode";
        Server server = ClusterContainers.requireImages(valid, host);
        Planner.requireServerFits(valid, server);
        Planner.sentinelTimersWarning(valid, server).ifPresent(w -> Logs.LIFECYCLE.warn("{}", w));
        NetworkMode mode = NetworkModes.decide(valid.networkMode(), local, valid.networkFaults(), () -> {
            ProbeAnswer answer = HostNetworking.reaches(String.valueOf(engine.uri()), host,
                    engine.address(), valid.redisImage().asCanonicalNameString(), server.flavour().serverProgram(),
                    addresses, ports(local));
            EngineLocality.requireOverrideAgrees(System.getenv(EngineLocality.HOST_OVERRIDE), addresses.clientHost(),
                    engine.uri(), engine.address(), answer);
            return answer.atClientHost();
        });
        if (mode != NetworkMode.POD) {
            // A pod's addresses are planned later; these are final: fail before taking ports or making anything.
            Planner.requireServerFits(addresses, server);
        }
        phase = "removing clusters left behind by processes that are gone";
        OrphanClusters.remove(host);
        if (valid.networkFaults()) {
            // Also the rules of a cluster whose containers went, but whose JVM died before its rules did.
            OrphanClusters.removeRulesOfGoneClusters();
        }
        if (valid.haproxyBasePort() != 0 && local) {
            for (int p = valid.haproxyBasePort(); p < valid.haproxyBasePort() + valid.haproxyPortCount(); p++) {
                if (!isFree(p)) {
                    throw new ClusterFailure("withHaproxyBasePort(" + valid.haproxyBasePort() + "): port " + p
                            + " is already taken on this machine. Choose another base port, or leave it unset"
                            + " to choose ports per run");
                }
            }
        }
        long began = System.nanoTime();
        long deadline = began + valid.startupTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            String clusterId = newClusterId(RANDOM);
            phase = "starting the containers";
            List<Integer> block = ports(local).take(Planner.portCount(valid));
            ClusterContainers containers = null;
            ClusterTls tls = null;
            Thread hook = null;
            boolean started = false;
            Throwable failure = null; // what ends this attempt, to keep a teardown error from hiding it
            try {
                PodNetwork pod = null;
                long networkBegan = System.nanoTime();
                if (mode == NetworkMode.POD) {
                    pod = ClusterContainers.createPodNetwork(clusterId, addresses.clientHost(), block.get(0),
                            valid.bindAddress(), lease == null ? Map.of() : Map.of(ReuseLabels.KEY_LABEL, lease.key()));
                }
                long networkCreated = System.nanoTime();
                long seed = RANDOM.nextLong();
                ClusterRecord record = new ClusterRecord(valid, server, block, seed,
                        pod == null ? addresses : Addresses.inPod(pod.podAddress()), addresses.clientHost(), mode, pod);
                ClusterPlan plan = record.plan(clusterId);
                Map<String, String> reuseLabels = lease == null ? Map.of() : new ReuseLabels(lease.key(),
                        lease.slot(), ReuseKey.fingerprint(plan)).toLabels();
                ClusterTls issued = valid.tls() ? ClusterTls.issue(plan) : null;
                tls = issued;
                Map<String, String> nodeLabels = new HashMap<>(record.toLabels());
                if (issued != null) {
                    nodeLabels.putAll(issued.labels());
                }
                ClusterContainers made = new ClusterContainers(plan, addresses.clientHost(), pod, reuseLabels,
                        nodeLabels, issued);
                containers = made;
                Probe probe = new Probe(plan, issued == null ? null : issued.socketFactory());
                hook = new Thread(() -> {
                    try {
                        NetworkCuts.removeRules(clusterId);
                    } finally {
                        try {
                            made.close();
                        } finally {
                            if (issued != null) {
                                issued.delete();
                            }
                        }
                    }
                }, "redis-cluster-testkit-shutdown-" + clusterId);
                Runtime.getRuntime().addShutdownHook(hook);
                made.start();
                phase = "awaiting readiness";
                long readinessBegan = System.nanoTime();
                Duration left = Duration.ofNanos(Math.max(0, deadline - readinessBegan));
                List<Step> timeline = new ArrayList<>();
                if (pod != null) {
                    timeline.add(new Step("container", "pod network " + pod.subnet(),
                            Duration.ofNanos(networkBegan - began), Duration.ofNanos(networkCreated - began)));
                }
                made.podStartTimes().ifPresent(t -> timeline.add(new Step("container", "pod",
                        Duration.ofNanos(t[0] - began), Duration.ofNanos(t[1] - began))));
                made.startTimes().forEach((node, t) -> timeline.add(new Step("container", node.name(),
                        Duration.ofNanos(t[0] - began), Duration.ofNanos(t[1] - began))));
                List<ReadinessCheck> checks = Readiness.checksFor(plan);
                StartProgress progress = StartProgress.current();
                List<Problem> open = Readiness.await(checks, probe, left, () -> failIfExited(made),
                        (check, at) -> {
                            timeline.add(new Step("readiness", check.name(),
                                    Duration.ofNanos(readinessBegan - began), Duration.ofNanos(at - began)));
                            progress.factHolds(check.name(), (int) timeline.stream()
                                    .filter(t -> t.kind().equals("readiness")).count(), checks.size());
                        });
                if (!open.isEmpty()) {
                    throw timedOut(open, made, plan, probe, valid.startupTimeout());
                }
                timeline.sort(Comparator.comparing(Step::begin).thenComparing(Step::end));
                if (lease != null) {
                    // Kept while starting, so that a start cut short removes what it made; now the cluster stays.
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                started = true;
                ClusterRuntime runtime = new ClusterRuntime(plan, made, probe, lease == null ? hook : null, issued);
                recordStart(runtime, mode, began);
                return new Launched(runtime, mode, lease, List.copyOf(timeline));
            } catch (ContainerStartException e) {
                if (e.portTaken() && attempt < InternalDefaults.PORT_CONFLICT_ATTEMPTS && System.nanoTime() < deadline) {
                    continue;
                }
                failure = e;
                throw e;
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                // Whatever went wrong, and however (an Error, an exception while describing it):
                // the containers (and pod network) of a start that did not succeed go, its ports are free again.
                if (!started) {
                    tearDown(clusterId, block, containers, tls, hook, failure);
                }
            }
        }
    }

    /** The containers' starts and the readiness on the cluster's timeline, and one line in the log. */
    private static void recordStart(ClusterRuntime runtime, NetworkMode mode, long began) {
        runtime.containers.startTimes().forEach((node, t) -> runtime.timeline.recordAt(t[1], Timeline.STARTED,
                node.name(), "container created and started in " + Logs.took(t[1] - t[0])));
        long ready = System.nanoTime();
        ClusterSpec spec = runtime.plan.spec();
        runtime.timeline.recordAt(ready, Timeline.READY, Timeline.WHOLE_CLUSTER, "ready, " + Logs.took(ready - began)
                + " after start()");
        String topology = runtime.plan.isRedisCluster()
                ? "native Redis Cluster of " + spec.shards() + " masters with " + spec.replicasPerShard() + " replica(s) each"
                : "Sentinel topology of " + spec.shards() + " shards, each a master with " + spec.replicasPerShard()
                + " replica(s) and " + spec.sentinelsPerShard() + " Sentinels";
        Logs.LIFECYCLE.info("cluster {} started in {} ({}, {} network): {}", runtime.plan.clusterId(),
                Logs.took(ready - began), topology, mode, runtime.endpointsLine());
        if (!runtime.plan.isRedisCluster() && !runtime.plan.downAfter().equals(spec.downAfter())) {
            Logs.LIFECYCLE.info("cluster {}: its Sentinels run with down-after {} ms, not {} ms: {}'s Sentinel"
                            + " reconnects to a node at most once a second, and a shorter down-after lets it take a"
                            + " master it has just switched to for down, and fail over again", runtime.plan.clusterId(),
                    runtime.plan.downAfter().toMillis(), spec.downAfter().toMillis(), runtime.plan.server());
        }
    }

    private static PortBlocks ports(boolean local) {
        return new PortBlocks(InternalDefaults.PORT_RANGE_START, InternalDefaults.PORT_RANGE_END,
                local ? Launcher::isFree : p -> true, RANDOM);
    }

    private static ClusterFailure timedOut(List<Problem> open, ClusterContainers containers, ClusterPlan plan,
                                           Probe probe, Duration timeout) {
        Problem first = open.get(0);
        NodeContainer node = containers.container(first.node());
        FailureReport report = FailureReport.of(node.describe() + ": readiness did not hold within the startup"
                        + " timeout (" + open.size() + " readiness fact(s) still open after " + timeout.toMillis() + " ms)")
                .with("awaited", first.awaited()).with("last seen", first.seen());
        for (Problem other : open.subList(1, open.size())) {
            report.with("also open on " + other.node().name(), other.awaited() + " (seen: " + other.seen() + ")");
        }
        // As the other wait failures: roles, the Sentinels' views, HAProxy's server states.
        return new ClusterFailure(report.logs("last log lines of " + first.node().name(),
                        node.lastLogLines(NodeContainer.LOG_LINES))
                .then(Diagnostics.render(plan, probe, n -> containers.container(n).lastLogLines(NodeContainer.LOG_LINES)))
                .toString());
    }

    private static void failIfExited(ClusterContainers containers) {
        containers.firstExited().ifPresent(c -> {
            throw NodeStartException.exited(c, "while the cluster started");
        });
    }

    /**
     * Removes a cluster this process started, its ports free again; an error while removing it is
     * added to {@code failure} (what ended the start) instead of hiding it.
     */
    public static void tearDown(ClusterRuntime runtime, Throwable failure) {
        long began = System.nanoTime();
        tearDown(runtime.plan.clusterId(), runtime.plan.ports(), runtime.containers, runtime.tls, runtime.shutdownHook,
                failure);
        long done = System.nanoTime();
        runtime.timeline.recordAt(done, Timeline.REMOVED, Timeline.WHOLE_CLUSTER, "removed in " + Logs.took(done - began));
        Logs.LIFECYCLE.info("cluster {} removed in {}", runtime.plan.clusterId(), Logs.took(done - began));
    }

    private static void tearDown(String clusterId, List<Integer> ports, ClusterContainers containers, ClusterTls tls,
                                 Thread hook, Throwable failure) {
        try {
            try {
                if (containers != null) {
                    containers.close();
                } else {
                    ClusterContainers.removeAll(clusterId); // the pod network, if it was made
                }
            } finally {
                if (tls != null) {
                    tls.delete();
                }
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        } finally {
            PortBlocks.release(ports);
            try {
                if (hook != null) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it removes the containers itself
            }
        }
    }

    private static void requireDocker() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (!available) {
            throw new ClusterFailure("Docker is not available: redis-cluster-testkit starts real containers."
                    + " Start a Docker engine (on Debian: scripts/docker-env.sh sets one up) and make it reachable"
                    + " the way Testcontainers finds it (DOCKER_HOST or /var/run/docker.sock)");
        }
    }

    /** Eight lowercase letters or digits: short enough for container names, random enough per machine. */
    static String newClusterId(Random random) {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = Character.forDigit(random.nextInt(36), 36);
        }
        return new String(id);
    }

    private record Engine(URI uri, String address, boolean knownRemote) {

        static Engine current() {
            URI uri = DockerClientFactory.instance().getTransportConfig().getDockerHost();
            String host = EngineLocality.engineHost(uri);
            InetAddress resolved = host == null ? null : resolve(host);
            boolean own;
            try {
                own = resolved != null && NetworkInterface.getByInetAddress(resolved) != null;
            } catch (IOException e) {
                own = false;
            }
            return new Engine(uri, resolved == null ? null : resolved.getHostAddress(),
                    EngineLocality.knownRemote(host, resolved != null,
                            resolved != null && resolved.isLoopbackAddress(), own));
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
