package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.faults.NetworkRules;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.Formation;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.ResourceReaper;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The containers of one run of a plan: starts them in parallel, tells which died, removes them all.
 */
public final class ClusterContainers implements AutoCloseable {

    /** How long start waits for a node to answer before going on (readiness then reports it). */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration IMAGE_PULL_TIMEOUT = Duration.ofMinutes(5);
    /** How long reading Docker's record of the containers' events may take. */
    private static final int EVENTS_TIMEOUT_SECONDS = 5;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Removals at once: the Docker daemon does the work; more threads than containers in a large cluster gain nothing. */
    private static final int MAX_PARALLEL_REMOVALS = 32;
    /** A refused removal is tried this often, waiting 0.2 s more each time (3 s in all). */
    private static final int REMOVAL_ATTEMPTS = 5;
    private static final long REMOVAL_BACKOFF_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterContainers.class);

    private final ClusterPlan plan;
    private final String host;
    /** The cluster's own network in {@code NetworkMode.POD}, or null under host networking. */
    private final PodNetwork pod;
    private final Map<String, String> labels;
    /** The library's own connections to a TLS cluster go through it; null for a plain cluster. */
    private final SSLSocketFactory tls;
    private final Map<NodePlan, NodeContainer> containers = new LinkedHashMap<>();
    /** Per node: {@link System#nanoTime()} before create and after start, for the startup timeline. */
    private final Map<NodePlan, long[]> startTimes = new ConcurrentHashMap<>();
    /** The same for the pod container, if any. */
    private volatile long[] podStartTimes;
    /** Captured on the thread that builds the cluster: the start threads report to it. */
    private final StartProgress progress = StartProgress.current();
    private final AtomicInteger started = new AtomicInteger();

    /**
     * @param pod         the network made by {@link #createPodNetwork} for this plan, or null for host networking
     * @param reuseLabels empty, or the labels of a reused cluster: these replace the session and
     *                    owner labels, so that neither Ryuk nor the orphan sweep removes it
     * @param nodeLabels  more labels for every node container: the record another process rebuilds the plan from
     * @param tls         a TLS cluster's certificates, or null for a plain cluster
     */
    public ClusterContainers(ClusterPlan plan, String host, PodNetwork pod, Map<String, String> reuseLabels,
                             Map<String, String> nodeLabels, ClusterTls tls) {
        this.plan = plan;
        this.tls = tls == null ? null : tls.socketFactory();
        this.host = host;
        this.pod = pod;
        DockerClient docker = DockerClientFactory.lazyClient();
        Map<String, String> clusterLabels = new HashMap<>(clusterLabels(plan.clusterId(), host, reuseLabels));
        if (plan.spec().networkFaults()) {
            clusterLabels.put(NodeContainer.NETWORK_FAULTS_LABEL, "true");
        }
        labels = Map.copyOf(clusterLabels);
        String networkMode = pod == null ? "host" : "container:" + Pod.containerName(plan.clusterId());
        for (NodePlan node : plan.nodes()) {
            String image = (node.kind() == NodeKind.HAPROXY ? plan.spec().haproxyImage() : plan.spec().redisImage())
                    .asCanonicalNameString();
            Map<String, String> all = new HashMap<>(labels);
            all.putAll(nodeLabels);
            all.putAll(RunningCluster.labels(plan, node, plan.clientHost(node.port())));
            containers.put(node, new NodeContainer(node, image, plan.clusterId(), Map.copyOf(all), networkMode,
                    tls == null || tls.isAttached() ? Map.of() : tls.environment(node.kind()), docker));
        }
    }

    /**
     * Creates the bridge network of a cluster in {@code NetworkMode.POD}, labelled like its
     * containers so that {@link #removeAll} and the sweep of clusters left behind remove it too.
     *
     * @param firstPort   the first port of the cluster's block: decides the first subnet tried
     * @param bindAddress the user's {@code bindAddress}, or null
     * @param reuseLabels empty, or a reused cluster's labels: as for its containers, these replace the
     *                    session and owner labels, so that neither Ryuk nor the orphan sweep removes it
     */
    public static PodNetwork createPodNetwork(String clusterId, String host, int firstPort, String bindAddress,
                                              Map<String, String> reuseLabels) {
        return Pod.createNetwork(DockerClientFactory.lazyClient(), clusterId, firstPort, bindAddress,
                clusterLabels(clusterId, host, reuseLabels), hostRoutes(host));
    }

    /** The labels of a cluster's containers and network: its id, and its reuse labels or else its session and owner. */
    private static Map<String, String> clusterLabels(String clusterId, String host, Map<String, String> reuseLabels) {
        if (reuseLabels.isEmpty()) {
            return labels(clusterId, host);
        }
        Map<String, String> labels = new HashMap<>(reuseLabels);
        labels.put(NodeContainer.CLUSTER_LABEL, clusterId);
        return labels;
    }

    /**
     * This machine's routes, where the Docker engine runs on it (Linux): a pod network must not
     * shadow one. Elsewhere (a remote engine, Docker Desktop's VM) none: its bridges are not here.
     */
    private static List<PodNetwork.Route> hostRoutes(String host) {
        if (Owner.forDockerHost(host).isEmpty()) {
            return List.of();
        }
        try {
            return PodNetwork.routes(Files.readString(Path.of("/proc/net/route")));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    /**
     * The cluster id, Testcontainers' session labels (see {@link RyukSession}), and, with a
     * Docker host on this machine, the {@link Owner} labels, so that where Ryuk is disabled a
     * later start removes the cluster once this process is gone ({@link OrphanClusters}).
     */
    static Map<String, String> labels(String clusterId, String host) {
        Map<String, String> labels = new HashMap<>(RyukSession.labels());
        Owner.forDockerHost(host).ifPresent(owner -> labels.putAll(owner.labels()));
        labels.put(NodeContainer.CLUSTER_LABEL, clusterId);
        return Map.copyOf(labels);
    }

    /**
     * Labels of a short-lived helper container ({@link NetAdmin}): no cluster id, so that it never
     * counts as a node, but Testcontainers' session labels and the {@link Owner} labels, so that
     * one left behind by a process killed mid-call is removed by Ryuk or by {@link OrphanClusters}.
     */
    static Map<String, String> helperLabels(String host, String helperLabel) {
        Map<String, String> labels = new HashMap<>(RyukSession.labels());
        Owner.forDockerHost(host).ifPresent(owner -> labels.putAll(owner.labels()));
        labels.put(helperLabel, "true");
        return Map.copyOf(labels);
    }

    /**
     * The labels by which Ryuk removes this JVM's containers once the JVM is gone, as it does
     * Testcontainers' own. None where Ryuk is disabled: Testcontainers' shutdown hook would then
     * remove them too, racing ours ("removal already in progress" at every exit).
     */
    private static final class RyukSession {
        /** Testcontainers decides by this variable alone, in 1.20 to 2.0 ({@code ResourceReaper.instance()}). */
        private static final boolean DISABLED = Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        private static Map<String, String> labels;

        /** Decided once, at the first start rather than at class initialisation, which must not fail. */
        static synchronized Map<String, String> labels() {
            if (labels == null) {
                labels = DISABLED ? Map.of() : register();
            }
            return labels;
        }

        private static Map<String, String> register() {
            Map<String, String> labels = new HashMap<>(DockerClientFactory.DEFAULT_LABELS);
            labels.put(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID);
            try {
                // Ryuk already watches these; registering them also starts Ryuk where Testcontainers
                // defers it until its first container (with reuse enabled), which may never come.
                ResourceReaper.instance().registerLabelsFilterForCleanup(labels);
            } catch (RuntimeException e) {
                LOG.warn("Ryuk could not be started ({}): clusters carry no Testcontainers session labels, so a"
                        + " cluster left behind by this process is removed only by a later start on this machine"
                        + " (owner labels), if at all", e.toString());
                return Map.of();
            }
            return Map.copyOf(labels);
        }
    }

    /**
     * Starts every container. Masters and HAProxy start at once; a shard's replicas and Sentinels
     * as soon as its master answers, because a replica that finds no master, and a Sentinel that
     * cannot reach a node, try again only a second later.
     *
     * @throws NodeStartException for the first container that failed to start
     */
    public void start() {
        if (pod != null) {
            startPod();
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "redis-cluster-testkit-start-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            if (plan.isRedisCluster()) {
                // Nodes of a native cluster depend on none until formation: all start at once.
                for (NodePlan node : plan.nodes()) {
                    all.add(startAsync(node, pool).thenRunAsync(() -> awaitAnswer(node, true), pool));
                }
            } else {
                all.add(startAsync(plan.haproxy(), pool));
            }
            for (ShardPlan shard : plan.isRedisCluster() ? List.<ShardPlan>of() : plan.shards()) {
                CompletableFuture<Void> masterAnswers = startAsync(shard.initialMaster(), pool)
                        .thenRunAsync(() -> awaitAnswer(shard.initialMaster(), true), pool);
                all.add(masterAnswers);
                for (NodePlan replica : shard.initialReplicas()) {
                    all.add(masterAnswers.thenRunAsync(() -> startNow(replica), pool));
                }
                for (NodePlan sentinel : shard.sentinels()) {
                    all.add(masterAnswers.thenRunAsync(() -> startNow(sentinel), pool)
                            .thenRunAsync(() -> tuneSentinel(sentinel), pool));
                }
            }
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                // Let the others finish, so that close() finds every container that was created.
                all.forEach(f -> f.handle((ok, err) -> null).join());
                Throwable cause = e.getCause();
                if (cause instanceof NodeStartException) {
                    throw (NodeStartException) cause;
                }
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
        if (plan.isRedisCluster()) {
            form();
        }
    }

    /**
     * Sends the {@link Formation} steps in order. A replica that does not know its master's id yet
     * (the MEET gossip has not reached it: {@code ERR Unknown node}) is asked again until
     * {@link #ANSWER_WAIT} has passed.
     */
    private void form() {
        Map<NodePlan, String> ids = new HashMap<>();
        for (Formation.Step step : Formation.of(plan)) {
            NodeContainer container = containers.get(step.on());
            String masterId = null;
            long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
            while (true) {
                List<String> command = List.of();
                try {
                    if (step instanceof Formation.Replicate replicate && masterId == null) {
                        masterId = ids.computeIfAbsent(replicate.master(), this::clusterId);
                    }
                    command = step.command(masterId);
                    try (RespClient client = RespClient.connect(plan.addresses().clientHost(step.on().port()),
                            step.on().port(), plan.authUser(), plan.authPassword(), PROBE_TIMEOUT, tls)) {
                        client.call(command.toArray(String[]::new));
                    }
                    break;
                } catch (RespErrorException e) {
                    if (!(step instanceof Formation.Replicate) || !e.getMessage().contains("Unknown node")
                            || System.nanoTime() - deadline >= 0) {
                        throw NodeStartException.formationFailed(container, String.join(" ", command), e);
                    }
                    sleep(20);
                } catch (IOException | UncheckedIOException e) {
                    throw NodeStartException.formationFailed(container, String.join(" ", command), e);
                }
            }
        }
    }

    /** {@code CLUSTER MYID} of a started node. */
    private String clusterId(NodePlan node) {
        try (RespClient client = RespClient.connect(plan.addresses().clientHost(node.port()), node.port(),
                plan.authUser(), plan.authPassword(), PROBE_TIMEOUT, tls)) {
            return String.valueOf(client.call("CLUSTER", "MYID"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Before any node: they join its namespace. A port published by another process fails here. */
    private void startPod() {
        long begin = System.nanoTime();
        try {
            Pod.start(DockerClientFactory.lazyClient(), pod, plan.spec().redisImage().asCanonicalNameString(),
                    plan.clusterId(), labels, plan.ports());
            podStartTimes = new long[]{begin, System.nanoTime()};
        } catch (RuntimeException e) {
            throw new PodStartException(pod, e);
        }
    }

    private CompletableFuture<Void> startAsync(NodePlan node, ExecutorService pool) {
        return CompletableFuture.runAsync(() -> startNow(node), pool);
    }

    private void startNow(NodePlan node) {
        NodeContainer container = containers.get(node);
        long begin = System.nanoTime();
        try {
            container.createAndStart();
            startTimes.put(node, new long[]{begin, System.nanoTime()});
            progress.containerStarted(node.name(), started.incrementAndGet(), containers.size());
        } catch (RuntimeException e) {
            throw NodeStartException.failedToStart(container, e);
        }
    }

    /**
     * Sets the Sentinel periods of {@link InternalDefaults} that only {@code SENTINEL DEBUG} can set, as
     * soon as the Sentinel answers. Also needed again after a Sentinel restarts. Redis 6 has no
     * {@code SENTINEL DEBUG}: its Sentinels keep their built-in periods.
     */
    public void tuneSentinel(NodePlan sentinel) {
        if (!plan.server().hasSentinelDebug() || !awaitAnswer(sentinel, false)) {
            return; // nothing to set on Redis 6; and readiness reports a Sentinel that never answered
        }
        try {
            setSentinelPeriods(plan.addresses().clientHost(sentinel.port()), sentinel.port(), tls);
        } catch (IOException | RespErrorException e) {
            throw NodeStartException.failedToStart(containers.get(sentinel), e);
        }
    }

    static void setSentinelPeriods(String host, int port, SSLSocketFactory tls) throws IOException {
        try (RespClient client = RespClient.connect(host, port, null, PROBE_TIMEOUT, tls)) {
            client.call("SENTINEL", "DEBUG",
                    "ping-period", String.valueOf(InternalDefaults.SENTINEL_PING_PERIOD.toMillis()),
                    "info-period", String.valueOf(InternalDefaults.SENTINEL_INFO_PERIOD.toMillis()),
                    "publish-period", String.valueOf(InternalDefaults.SENTINEL_PUBLISH_PERIOD.toMillis()));
        }
    }

    /**
     * Polls until the node answers PING (bounded); false if it never did.
     *
     * @param redis a Redis node, which the library authenticates to; a Sentinel has no password
     */
    private boolean awaitAnswer(NodePlan node, boolean redis) {
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (RespClient client = RespClient.connect(plan.addresses().clientHost(node.port()), node.port(),
                    redis ? plan.authUser() : null, redis ? plan.authPassword() : null, PROBE_TIMEOUT, tls)) {
                client.call("PING");
                return true;
            } catch (IOException | RespErrorException notYet) {
                sleep(5);
            }
        }
        return false;
    }

    /**
     * Makes sure both images are present, pulling a missing one (bounded), and that the Redis
     * image runs a supported Redis or Valkey, so that a wrong image fails once, clearly, before
     * any container starts.
     *
     * @param dockerHost as Testcontainers names it: decides the owner labels of the probe container
     * @return the server the Redis image runs
     * @throws ClusterFailure naming the image and how to choose another, if an image is missing and
     *                               cannot be pulled, or the Redis image runs no supported server
     */
    public static Server requireImages(ClusterSpec spec, String dockerHost) {
        String howToChoose = "withRedisImage(..) or " + Defaults.REDIS_IMAGE_ENV;
        String redisImage = spec.redisImage().asCanonicalNameString();
        requireImage(redisImage, howToChoose);
        if (spec.topology() == Topology.SENTINEL) { // a native Redis Cluster has no HAProxy
            requireImage(spec.haproxyImage().asCanonicalNameString(), "withHaproxyImage(..) or " + Defaults.HAPROXY_IMAGE_ENV);
        }
        String minimum = "Redis " + ServerFlavour.REDIS.minimumVersion() + " or Valkey " + ServerFlavour.VALKEY.minimumVersion();
        // Labelled like a cluster of its own, so that the sweep of clusters left behind covers it too.
        String probeId = "server-probe-" + Long.toHexString(System.nanoTime());
        String output;
        try {
            output = ServerImages.probe(redisImage, probeId, labels(probeId, dockerHost));
        } catch (IllegalStateException e) {
            throw new ClusterFailure(e.getMessage() + ". Choose an image that runs " + minimum + " or newer"
                    + " with " + howToChoose, e);
        }
        Optional<Server> found;
        try {
            found = Server.parseProbe(output);
        } catch (IllegalArgumentException e) {
            throw new ClusterFailure("image " + redisImage + ": " + e.getMessage()
                    + ". Choose an image that runs " + minimum + " or newer with " + howToChoose, e);
        }
        Server server = found.orElseThrow(() ->
                new ClusterFailure("image " + redisImage + " has neither "
                        + ServerFlavour.VALKEY.serverProgram() + " nor " + ServerFlavour.REDIS.serverProgram()
                        + " on its PATH (the probe printed '" + output.strip() + "'). Choose an image that runs "
                        + minimum + " or newer with the official redis or valkey/valkey image's contract (such as "
                        + Defaults.REDIS_IMAGE + ") with " + howToChoose));
        if (spec.tls() && !Server.tlsBuiltIn(output)) {
            throw new ClusterFailure("tls needs a server built with TLS, and the " + server + " of image " + redisImage
                    + " refuses tls-port (it said: " + Server.tlsProbeAnswer(output) + "). Choose an image built with"
                    + " TLS (the official redis and valkey/valkey images are) with " + howToChoose
                    + ", or turn tls off (withTls(false), annotation: tls, CLI: --tls false)");
        }
        if (!server.isSupported()) {
            throw new ClusterFailure("image " + redisImage + " runs " + server + ", older than the"
                    + " oldest supported " + server.flavour().displayName() + " " + server.flavour().minimumVersion()
                    + ". Choose an image that runs " + minimum + " or newer with " + howToChoose);
        }
        return server;
    }

    /**
     * The ids of the Redis and the HAProxy image, pulling a missing one: a reused cluster's key
     * names them, so that a tag that now means another image does not take an old cluster over.
     */
    public static List<String> requireImageIds(ClusterSpec spec) {
        return List.of(requireImage(spec.redisImage().asCanonicalNameString(),
                        "withRedisImage(..) or " + Defaults.REDIS_IMAGE_ENV),
                spec.topology() == Topology.CLUSTER ? "none" : requireImage(spec.haproxyImage().asCanonicalNameString(),
                        "withHaproxyImage(..) or " + Defaults.HAPROXY_IMAGE_ENV));
    }

    /** The image's id, after pulling it if it is missing. */
    private static String requireImage(String image, String howToChoose) {
        DockerClient docker = DockerClientFactory.lazyClient();
        try {
            return docker.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException missing) {
            // pull it below
        }
        try {
            if (!docker.pullImageCmd(image).start().awaitCompletion(IMAGE_PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("pulling took longer than " + IMAGE_PULL_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            throw ClusterFailure.interrupted("pulling " + image, e);
        } catch (RuntimeException e) {
            throw new ClusterFailure("image " + image + " is not present and could not be pulled ("
                    + e.getMessage() + "). Pull or build it, or choose another image with " + howToChoose, e);
        }
        return docker.inspectImageCmd(image).exec().getId();
    }

    /**
     * Takes over the containers of a reused cluster, as listed by Docker.
     *
     * @return false if a node of the plan has no container among them
     */
    public boolean attach(List<Container> found) {
        Map<String, String> idsByName = new HashMap<>();
        for (Container c : found) {
            for (String name : c.getNames()) {
                idsByName.put(name.startsWith("/") ? name.substring(1) : name, c.getId());
            }
        }
        for (NodeContainer container : containers.values()) {
            String id = idsByName.get(container.name());
            if (id == null) {
                return false;
            }
            container.attach(id);
        }
        return true;
    }

    /** {@link System#nanoTime()} before create and after start of each node started by {@link #start()}. */
    public Map<NodePlan, long[]> startTimes() {
        return Map.copyOf(startTimes);
    }

    /** {@link System#nanoTime()} before create and after start of the pod container; empty without a pod. */
    public Optional<long[]> podStartTimes() {
        return Optional.ofNullable(podStartTimes);
    }

    public NodeContainer container(NodePlan node) {
        return containers.get(node);
    }

    /**
     * One thing Docker did to a node's container.
     *
     * @param action     Docker's word: {@code start}, {@code die}, {@code pause}, {@code unpause}, ...
     * @param attributes what Docker adds, such as {@code exitCode} of a {@code die}
     */
    public record ContainerEvent(NodePlan node, String action, Instant at, Map<String, String> attributes) {
    }

    /**
     * Docker's record of what happened to the nodes' containers, whoever did it (this process,
     * another one, a shell), as far back as the engine keeps it (it keeps the last thousand or so
     * events of all containers); empty if the engine does not answer in time.
     */
    public List<ContainerEvent> containerEvents() {
        Map<String, NodePlan> byId = new HashMap<>();
        containers.forEach((node, container) -> {
            if (container.containerId() != null) {
                byId.put(container.containerId(), node);
            }
        });
        List<ContainerEvent> events = Collections.synchronizedList(new ArrayList<>());
        try {
            DockerClientFactory.lazyClient().eventsCmd().withSince("0")
                    .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1))
                    .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, plan.clusterId()))
                    .withEventTypeFilter(EventType.CONTAINER)
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event e) {
                            NodePlan node = e.getActor() == null ? null : byId.get(e.getActor().getId());
                            if (node != null && e.getAction() != null && e.getTimeNano() != null) {
                                Map<String, String> attributes = e.getActor().getAttributes();
                                events.add(new ContainerEvent(node, e.getAction(),
                                        Instant.EPOCH.plusNanos(e.getTimeNano()),
                                        attributes == null ? Map.of() : Map.copyOf(attributes)));
                            }
                        }
                    }).awaitCompletion(EVENTS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException unanswered) {
            LOG.debug("cluster {}: Docker's events not read: {}", plan.clusterId(), unanswered.toString());
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<NodeContainer> all() {
        return List.copyOf(containers.values());
    }

    /** A container that was started and is no longer running, if any. */
    public Optional<NodeContainer> firstExited() {
        return containers.values().stream()
                .filter(c -> c.containerId() != null && !runningOrUnknown(c))
                .findFirst();
    }

    /** A Docker error while inspecting is no news of an exit: the next poll asks again. */
    private static boolean runningOrUnknown(NodeContainer container) {
        try {
            return container.isRunning();
        } catch (RuntimeException unknown) {
            return true;
        }
    }

    /**
     * Removes every container of this cluster, found by label, so that one whose start failed
     * half-way goes too, then its network. Idempotent. Synchronized: on SIGTERM, {@code stop()} on
     * one shutdown hook and this cluster's own hook remove at the same time, and the network can only
     * go once its containers are gone; whoever comes second waits, so neither returns before the
     * network is.
     *
     * @throws ClusterFailure naming what is left and the engine's refusal, when something is
     */
    @Override
    public synchronized void close() {
        // Not removeAll: stop() and the shutdown hook have removed this JVM's rules already.
        requireRemoved(plan.clusterId(), removeInOrder(DockerClientFactory.lazyClient(), plan.clusterId(),
                list(plan.clusterId(), true)));
    }

    /**
     * Removes every container labelled with {@code clusterId}, then its network (pod mode). For a
     * cluster started with network faults, first its iptables chain: whoever removes it here
     * ({@code down}, a reused cluster that is not fit) may not be the JVM that made the rules.
     *
     * @throws ClusterFailure naming what is left and the engine's refusal, when something is
     */
    public static void removeAll(String clusterId) {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<Container> found = list(clusterId, true);
        if (found.stream().anyMatch(c -> c.getLabels() != null
                && c.getLabels().containsKey(NodeContainer.NETWORK_FAULTS_LABEL))) {
            try {
                NetAdmin.run(NetworkRules.remove(clusterId));
            } catch (RuntimeException e) {
                LOG.warn("The network-fault rules of cluster {} were not removed ({}); the next start with"
                        + " networkFaults removes them", clusterId, e.getMessage());
            }
        }
        requireRemoved(clusterId, removeInOrder(docker, clusterId, found));
        // A TLS cluster's files, when its owner is gone; a live owner removes them itself, and tolerates this.
        found.stream().filter(c -> c.getLabels() != null)
                .anyMatch(c -> ClusterTls.deleteLeftBehind(clusterId, c.getLabels()));
    }

    private static void requireRemoved(String clusterId, List<String> left) {
        if (!left.isEmpty()) {
            throw new ClusterFailure("cluster " + clusterId + " was not removed completely; left on the Docker"
                    + " engine: " + String.join("; ", left) + ". Remove them by hand (docker rm -fv, docker network"
                    + " rm), or run 'bin/redis-cluster-testkit down " + clusterId + "' again");
        }
    }

    /** The containers labelled with {@code clusterId}: all of them, or only those running (paused too). */
    public static List<Container> list(String clusterId, boolean stoppedToo) {
        return DockerClientFactory.lazyClient().listContainersCmd()
                .withShowAll(stoppedToo)
                .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, clusterId))
                .exec();
    }

    /**
     * Removes a cluster in dependency order, each container with its anonymous volumes (the redis
     * image declares {@code VOLUME /data}): the nodes, then the pod container whose namespace they
     * share, then the cluster's networks once nothing of it is left. Podman refuses to remove a pod
     * container with dependent containers, and removes an in-use network when asked by id, leaving
     * its bridge and NAT rules behind; Docker allows both, so only the order keeps both clean.
     *
     * @param found the cluster's containers as listed
     * @return what is left, each with the engine's last refusal; empty when nothing of the cluster is
     */
    static List<String> removeInOrder(DockerClient docker, String clusterId, List<Container> found) {
        String podName = "/" + Pod.containerName(clusterId);
        Map<Boolean, List<Container>> byPod = found.stream().collect(Collectors.partitioningBy(
                c -> c.getNames() != null && List.of(c.getNames()).contains(podName)));
        Map<String, String> refused = new ConcurrentHashMap<>();
        remove(docker, byPod.get(false), refused);
        remove(docker, byPod.get(true), refused);
        List<String> left = new ArrayList<>();
        for (Container c : list(clusterId, true)) {
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].substring(1);
            left.add("container " + name + " (" + refused.getOrDefault(c.getId(), "still listed after its removal")
                    + ")");
        }
        List<Network> networks = docker.listNetworksCmd()
                .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + clusterId)).exec();
        if (!left.isEmpty()) {
            networks.forEach(n -> left.add("network " + n.getName() + " (kept: containers of the cluster remain)"));
            return left;
        }
        for (Network network : networks) {
            String refusal = retried(() -> {
                // Asked first, not left to the engine: Podman removes an in-use network when asked by id.
                Map<String, Network.ContainerNetworkConfig> attached =
                        docker.inspectNetworkCmd().withNetworkId(network.getId()).exec().getContainers();
                if (attached != null && !attached.isEmpty()) {
                    throw new IllegalStateException("in use by container(s) " + attached.values().stream()
                            .map(Network.ContainerNetworkConfig::getName).sorted().collect(Collectors.joining(", ")));
                }
                docker.removeNetworkCmd(network.getId()).exec();
            }, () -> docker.inspectNetworkCmd().withNetworkId(network.getId()).exec());
            if (refusal != null) {
                left.add("network " + network.getName() + " (" + refusal + ")");
            }
        }
        return left;
    }

    /**
     * Removes the containers, all at once, recording each refusal the retries did not overcome. Not
     * with a parallel stream: the common pool runs as many removals as there are cores, and on two
     * cores 19 containers took over a second.
     */
    private static void remove(DockerClient docker, List<Container> found, Map<String, String> refused) {
        if (found.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(found.size(), MAX_PARALLEL_REMOVALS), r -> {
            Thread t = new Thread(r, "redis-cluster-testkit-remove-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture.allOf(found.stream().map(c -> CompletableFuture.runAsync(() -> {
                String refusal = retried(
                        () -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec(),
                        () -> docker.inspectContainerCmd(c.getId()).exec());
                if (refusal != null) {
                    refused.put(c.getId(), refusal);
                }
            }, pool)).toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }

    /** Removes containers left behind by others (the sweep): in order, and what is left is logged. */
    static void remove(DockerClient docker, List<Container> found) {
        Map<String, List<Container>> byCluster = found.stream().collect(Collectors.groupingBy(
                c -> c.getLabels() == null ? "" : c.getLabels().getOrDefault(NodeContainer.CLUSTER_LABEL, "")));
        byCluster.forEach((clusterId, containers) -> {
            if (clusterId.isEmpty()) {
                Map<String, String> refused = new ConcurrentHashMap<>();
                remove(docker, containers, refused);
                refused.values().forEach(r -> LOG.warn("A container left behind was not removed: {}", r));
                return;
            }
            List<String> left = removeInOrder(docker, clusterId, containers);
            if (!left.isEmpty()) {
                LOG.warn("Cluster {}, left behind, was not removed completely: {}", clusterId, String.join("; ", left));
            }
        });
    }

    /**
     * Runs a removal, retrying a refusal ({@link #REMOVAL_ATTEMPTS} times, backing off) until the
     * thing is gone, as {@code exists} tells by failing with "not found".
     *
     * @return null once it is gone, else the engine's last refusal
     */
    private static String retried(Runnable removal, Runnable exists) {
        String refusal = null;
        for (int attempt = 1; attempt <= REMOVAL_ATTEMPTS; attempt++) {
            try {
                removal.run();
                return null;
            } catch (NotFoundException gone) {
                return null;
            } catch (RuntimeException e) {
                // "removal already in progress" ends in "not found"; a refusal may pass once a dependant is gone.
                refusal = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            }
            try {
                exists.run();
            } catch (NotFoundException gone) {
                return null;
            } catch (RuntimeException unknown) {
                // the engine did not answer: try the removal again
            }
            sleep(REMOVAL_BACKOFF_MILLIS * attempt);
        }
        return refusal;
    }

    /** How many containers labelled with {@code clusterId} exist. */
    public static int count(String clusterId) {
        return list(clusterId, true).size();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw ClusterFailure.interrupted("waiting", e);
        }
    }
}
