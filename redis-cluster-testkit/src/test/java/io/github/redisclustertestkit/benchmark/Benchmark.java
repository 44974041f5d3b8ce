package io.github.redisclustertestkit.benchmark;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TimelineEntry;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.SentinelPeriods;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How fast the library starts, fails over and cleans up, against the plain-Docker way of the
 * original write-up. Run with {@code scripts/benchmark [--runs N]}; writes
 * {@code benchmarks/results.md}, {@code benchmarks/results.json} and
 * {@code benchmarks/startup-timeline.svg}.
 */
public final class Benchmark {

    private static final Duration WRITE_ATTEMPT_TIMEOUT = Duration.ofMillis(200);
    /** The pause between a client's attempts after a failed one, as in the measurement. */
    private static final Duration CLIENT_RETRY_PAUSE = Duration.ofMillis(20);
    private static final Duration BASELINE_WAIT = Duration.ofSeconds(120);
    private static final Duration CHILD_JVM_WAIT = Duration.ofSeconds(60);
    private static final String READY = "ready, default topology";
    private static final String TEARDOWN = "teardown: close() -> no container left";

    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    /** The same metrics, measured on the plain-Docker baseline in the same runs. */
    private final Map<String, List<Double>> baseline = new LinkedHashMap<>();
    private List<TimelineEntry> timeline = List.of();

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path out = Path.of("benchmarks");
        boolean redisClusterOnly = false;
        boolean tlsOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--redis-cluster-only" -> redisClusterOnly = true;
                case "--tls-only" -> tlsOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: benchmark [--runs N] [--out DIR] [--redis-cluster-only | --tls-only]");
            }
        }
        Benchmark benchmark = new Benchmark();
        if (tlsOnly) {
            benchmark.tlsRuns(runs);
            benchmark.writeTls(out, runs);
            System.exit(0);
        }
        if (redisClusterOnly) {
            benchmark.redisClusterRuns(runs);
        } else {
            benchmark.run(runs);
        }
        benchmark.write(out, runs, redisClusterOnly);
        System.exit(0);
    }

    private void run(int runs) throws Exception {
        log("warm-up (JVM and Testcontainers start-up, not measured)");
        try (var warmUp = new RedisShardedClusterContainer().withShards(1)) {
            warmUp.start();
            // Loads Jedis' classes, which would otherwise count in the first measured attempt.
            Endpoint master = warmUp.shard(0).haproxyMaster();
            try (Jedis jedis = new Jedis(master.host(), master.port())) {
                jedis.set("warm-up", "1");
            }
        }
        for (int i = 1; i <= runs; i++) {
            log("library run " + i + "/" + runs);
            libraryRun(i == 1);
            log("pod mode run " + i + "/" + runs);
            podModeRun();
            log("baseline run " + i + "/" + runs);
            baselineRun();
            for (int shards : new int[]{1, 6}) {
                try (var cluster = new RedisShardedClusterContainer().withShards(shards)) {
                    record("scaling: ready, " + shards + " shard(s)", time(cluster::start));
                }
            }
            try (var cluster = new RedisShardedClusterContainer().withShards(1).withNetworkFaults(true)) {
                record("network faults: ready, 1 shard(s)", time(cluster::start));
                Shard shard = cluster.shard(0);
                record("network faults: isolate(master) in force",
                        time(() -> cluster.network().isolate(shard.masterNode())));
                record("network faults: heal() done", time(() -> cluster.network().heal()));
                record("network faults: partition(master, replicas) in force", time(() -> cluster.network()
                        .partition(Set.of(shard.masterNode()), Set.copyOf(shard.replicaNodes()))));
                record("network faults: heal() done", time(() -> cluster.network().heal()));
            }
            log("Redis Cluster run " + i + "/" + runs);
            redisClusterRun();
            log("Redis Cluster baseline run " + i + "/" + runs);
            redisClusterBaselineRun();
            for (String image : matrixRedisImages()) {
                try (var cluster = new RedisShardedClusterContainer()
                        .withRedisImage(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))) {
                    double ready = time(cluster::start);
                    record("flavour: ready, " + cluster.serverVersion() + " (" + image + ")", ready);
                }
            }
        }
        reusedRuns(runs);
    }

    /**
     * start() of the default topology with withReuse(true), taking over the cluster the previous
     * start left, with a key to flush, as the next test JVM would. Needs Testcontainers' reuse
     * switch (scripts/benchmark sets TESTCONTAINERS_REUSE_ENABLE=true for this JVM only).
     */
    private void reusedRuns(int runs) throws Exception {
        if (!TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
            log("ready (reused): not measured, reuse is not enabled (TESTCONTAINERS_REUSE_ENABLE=true)");
            return;
        }
        // A master-name prefix of its own, so that the benchmark neither takes a user's reused cluster over nor removes it.
        String prefix = "bench" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-";
        String clusterId = null;
        try {
            for (int i = 0; i <= runs; i++) {
                log(i == 0 ? "reused cluster: first start (not measured)" : "reused run " + i + "/" + runs);
                try (var cluster = new RedisShardedClusterContainer().withMasterNamePrefix(prefix).withReuse(true)) {
                    double ready = time(cluster::start);
                    if (i > 0) {
                        if (!cluster.isReused() || !cluster.clusterId().equals(clusterId)) {
                            throw new IllegalStateException("run " + i + " did not take cluster " + clusterId + " over");
                        }
                        record("ready (reused)", ready);
                    }
                    clusterId = cluster.clusterId();
                    Endpoint master = cluster.shard(0).haproxyMaster();
                    try (RespClient client = RespClient.connect(master.host(), master.port(), null, WRITE_ATTEMPT_TIMEOUT)) {
                        client.call("SET", "left-for-the-next-run", "x");
                    }
                }
            }
            for (int i = 1; i <= runs; i++) {
                log("reused run in a new JVM " + i + "/" + runs);
                reusedStartInNewJvm(prefix, clusterId);
            }
        } finally {
            if (clusterId != null) {
                removeReusedClustersLike(clusterId);
            }
        }
    }

    /**
     * What the next test JVM sees: a child JVM ({@link ReusedStartInNewJvm}, this JVM's java and
     * class path) takes the cluster over. Records its start() alone, and its whole life from spawn
     * to exit (JVM start, Testcontainers' Docker client, start(), close()).
     */
    private void reusedStartInNewJvm(String prefix, String clusterId) throws Exception {
        Path output = Files.createTempFile("rct-benchmark-child", ".log");
        try {
            ChildJvm child = ChildJvm.of(ReusedStartInNewJvm.class)
                    .withJvmOptions("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").withArgs(prefix)
                    .withEnvironment("TESTCONTAINERS_REUSE_ENABLE", "true");
            long began = System.nanoTime();
            Process process;
            boolean exited;
            double wall;
            try (ChildJvm.Started started = child.start(output)) {
                process = started.process();
                exited = process.waitFor(CHILD_JVM_WAIT.toSeconds(), TimeUnit.SECONDS);
                wall = (System.nanoTime() - began) / 1e9;
            }
            String log = Files.readString(output);
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException("the child JVM " + (exited ? "exited with " + process.exitValue()
                        : "did not exit within " + CHILD_JVM_WAIT) + ":\n" + log);
            }
            String[] result = log.lines().filter(l -> l.startsWith(ReusedStartInNewJvm.RESULT))
                    .map(l -> l.substring(ReusedStartInNewJvm.RESULT.length()).split(" ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the child JVM printed no result:\n" + log));
            if (!result[0].equals(clusterId) || !Boolean.parseBoolean(result[1])) {
                throw new IllegalStateException("the child JVM did not take cluster " + clusterId + " over:\n" + log);
            }
            record("ready (reused, new JVM): start()", Double.parseDouble(result[2]));
            record("ready (reused, new JVM): whole child JVM, spawn to exit", wall);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Removes the benchmark's reused cluster and any other started for the same spec (another
     * lease slot, taken by a child JVM that found the slot busy): its master-name prefix is the
     * benchmark's own, so none of them is a user's.
     */
    private static void removeReusedClustersLike(String clusterId) {
        List<ReusedClusters.ReusedCluster> all = ReusedClusters.list();
        all.stream().filter(c -> c.clusterId().equals(clusterId)).map(ReusedClusters.ReusedCluster::key).findFirst()
                .ifPresent(key -> all.stream().filter(c -> c.key().equals(key))
                        .forEach(c -> ReusedClusters.remove(c.clusterId())));
    }

    /** The Redis images of the version matrix (scripts/docker-env.sh, RCT_MATRIX), if any. */
    private static List<String> matrixRedisImages() {
        String listed = System.getenv("RCT_REDIS_IMAGES");
        return listed == null || listed.isBlank() ? List.of() : Arrays.asList(listed.trim().split("\\s+"));
    }

    private void libraryRun(boolean keepTimeline) throws Exception {
        var cluster = new RedisShardedClusterContainer();
        try {
            double ready = time(cluster::start);
            record(READY, ready);
            record("scaling: ready, 3 shard(s)", ready);
            int containers = ClusterContainers.count(cluster.clusterId());
            record(perContainer(containers), ready / containers);
            profile(cluster.startupTimeline());
            if (keepTimeline) {
                timeline = cluster.startupTimeline();
            }
            record("memory: resident MiB of all containers", memoryMiB(cluster.clusterId()));
            Shard manual = cluster.shard(0);
            record("manual failover: failover() returns", time(manual::failover));
            // Two kills per run: the time varies by up to a second with the phase of Sentinel's INFO.
            for (Shard killed : List.of(cluster.shard(1), cluster.shard(2))) {
                killAndTimeWrites(() -> killed.masterNode().kill(), killed.haproxyMaster(), null, null, samples, "");
            }
        } finally {
            String id = cluster.clusterId();
            double teardown = time(() -> {
                cluster.close();
                if (ClusterContainers.count(id) != 0) {
                    throw new IllegalStateException("containers left after close()");
                }
            });
            record(TEARDOWN, teardown);
        }
    }

    /**
     * TLS against plain, in the same runs: the default topology and the default native cluster, each
     * started plain and with {@code withTls(true)}; the plain figures go in the baseline column, so
     * that the ratio is TLS / plain. Kills as in {@link #libraryRun}, with the clients over TLS.
     */
    private void tlsRuns(int runs) throws Exception {
        log("warm-up (JVM, Testcontainers, Jedis and the TLS stack, not measured)");
        try (var warmUp = new RedisShardedClusterContainer().withShards(1).withTls(true)) {
            warmUp.start();
            Endpoint master = warmUp.shard(0).haproxyMaster();
            try (Jedis jedis = jedis(master, warmUp.tls().sslSocketFactory())) {
                jedis.set("warm-up", "1");
            }
        }
        for (int i = 1; i <= runs; i++) {
            for (boolean tls : new boolean[]{false, true}) {
                log((tls ? "TLS" : "plain") + " run " + i + "/" + runs);
                Map<String, List<Double>> into = tls ? samples : baseline;
                try (var cluster = new RedisShardedClusterContainer().withTls(tls)) {
                    add(into, "default topology: ready", time(cluster::start));
                    SSLSocketFactory factory = tls ? cluster.tls().sslSocketFactory() : null;
                    for (Shard killed : List.of(cluster.shard(1), cluster.shard(2))) {
                        killAndTimeWrites(() -> killed.masterNode().kill(), killed.haproxyMaster(), null, factory,
                                into, "");
                    }
                }
                try (var cluster = new RedisClusterContainer().withTls(tls)) {
                    add(into, "native Redis Cluster 3x1: ready", time(cluster::start));
                }
            }
        }
    }

    private void writeTls(Path out, int runs) throws IOException {
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("# TLS against plain\n\n");
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" with `scripts/benchmark --runs ")
                .append(runs).append(" --tls-only` on ").append(machine()).append(".\n\n")
                .append("The same clusters started plain and with `withTls(true)`, one after the other in each run:")
                .append(" the default topology (19 containers) and the default native cluster (6). Kills as in the")
                .append(" main benchmark, with the probe and Jedis connecting over TLS. Times in seconds; median, min")
                .append(" and max over the runs. Ratio = TLS median / plain median.\n\n")
                .append("| metric | TLS median | min | max | plain median | ratio | runs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
            List<Double> v = e.getValue();
            List<Double> plain = baseline.getOrDefault(e.getKey(), List.of());
            md.append("| ").append(e.getKey()).append(" | ").append(stats(v, " | ")).append(" | ")
                    .append(plain.isEmpty() ? "" : format(median(plain))).append(" | ")
                    .append(plain.isEmpty() || v.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f",
                            median(v) / median(plain))).append(" | ").append(v.size()).append(" |\n");
        }
        Files.writeString(out.resolve("results.md"), md.toString());
        System.out.println();
        System.out.println(md);
    }

    private static Jedis jedis(Endpoint endpoint, SSLSocketFactory tls) {
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), tls == null
                ? DefaultJedisClientConfig.builder().build()
                : DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls).build());
    }

    private static String perContainer(int containers) {
        return "per-container cost: ready / " + containers + " containers";
    }

    /**
     * Where start() spent its time: creating and starting the containers (first create to last
     * started), and the readiness facts that still had to hold after that.
     */
    private void profile(List<TimelineEntry> entries) {
        double containersDone = entries.stream().filter(e -> e.kind().equals("container"))
                .mapToDouble(e -> e.end().toNanos() / 1e9).max().orElse(0);
        double readyAt = entries.stream().mapToDouble(e -> e.end().toNanos() / 1e9).max().orElse(0);
        double meanStart = entries.stream().filter(e -> e.kind().equals("container"))
                .mapToDouble(e -> (e.end().toNanos() - e.begin().toNanos()) / 1e9).average().orElse(0);
        record("start-up profile: all containers created and started", containersDone);
        record("start-up profile: one container, create to started (mean)", meanStart);
        record("start-up profile: readiness after the last container started", readyAt - containersDone);
    }

    /**
     * The default topology in {@link NetworkMode#POD}, beside the host-networked library run: one
     * network namespace per cluster, ports published by Docker's proxy.
     */
    private void podModeRun() throws Exception {
        var cluster = new RedisShardedClusterContainer().withNetworkMode(NetworkMode.POD);
        try {
            record("pod mode: ready", time(cluster::start));
            Shard killed = cluster.shard(1);
            killAndTimeWrites(() -> killed.masterNode().kill(), killed.haproxyMaster(), null, null, samples, "pod mode: ");
        } finally {
            String id = cluster.clusterId();
            record("pod mode: teardown, close() -> no container or network left", time(() -> {
                cluster.close();
                if (ClusterContainers.count(id) != 0 || !DockerClientFactory.lazyClient().listNetworksCmd()
                        .withNameFilter("rct-" + id).exec().isEmpty()) {
                    throw new IllegalStateException("containers or the pod network left after close()");
                }
            }));
        }
    }

    /**
     * The write-up's way: plain {@code docker run} of every node, one after another, the
     * write-up's timings (Sentinel defaults, HAProxy role check every second), Sentinels that
     * discover replicas and peers themselves; then polling until the same facts hold.
     */
    private void baselineRun() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults().toBuilder()
                .downAfter(Duration.ofSeconds(30)).failoverTimeout(Duration.ofMinutes(3))
                .haproxyCheckInterval(Duration.ofSeconds(1)).routing(Routing.ROLE_CHECK).build().validate();
        String id = "base" + Long.toString(System.nanoTime() % 100000, 36);
        String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
        Addresses addresses = Addresses.resolve(null, dockerHost, InetAddress.getByName(dockerHost));
        String host = addresses.clientHost();
        ClusterPlan plan = Planner.plan(spec, ClusterContainers.requireImages(spec, dockerHost), id, addresses, new PortBlocks(InternalDefaults.PORT_RANGE_START,
                InternalDefaults.PORT_RANGE_END, p -> true, new Random()), new Random());
        Path dir = Files.createTempDirectory("rct-baseline");
        try {
            long began = System.nanoTime();
            for (NodePlan node : plan.nodes()) {
                dockerRun(plan, node, dir);
            }
            Readiness.await(Readiness.checksFor(plan, SentinelPeriods.builtIn(spec.downAfter())), new Probe(host, null),
                    BASELINE_WAIT, () -> { });
            double ready = (System.nanoTime() - began) / 1e9;
            recordBaseline(READY, ready);
            recordBaseline(perContainer(plan.nodes().size()), ready / plan.nodes().size());
            NodePlan master = plan.shards().get(1).initialMaster();
            killAndTimeWrites(() -> docker("kill", "-s", "KILL", containerName(plan, master)),
                    new Endpoint(host, plan.shards().get(1).haproxyMasterPort()), null, null, baseline, "");
        } finally {
            List<String> names = plan.nodes().stream().map(n -> containerName(plan, n)).toList();
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(names);
            recordBaseline(TEARDOWN, time(() -> docker(rm.toArray(String[]::new))));
            docker("run", "--rm", "--network", "host", "-v", dir + ":/cleanup", "--entrypoint", "sh",
                    spec.redisImage().asCanonicalNameString(), "-c", "rm -rf /cleanup/*");
            Files.deleteIfExists(dir);
        }
    }

    /** Only the native Redis Cluster's rows, with their baseline: {@code --redis-cluster-only}. */
    private void redisClusterRuns(int runs) throws Exception {
        try (var warmUp = new RedisClusterContainer().withMasters(1).withReplicasPerMaster(0)) {
            warmUp.start(); // JVM, Testcontainers and Jedis start-up, not measured
            killAndTimeClusterWrite(() -> { }, warmUp.nodes(), "warm-up");
        }
        for (int i = 1; i <= runs; i++) {
            log("Redis Cluster run " + i + "/" + runs);
            redisClusterRun();
            log("Redis Cluster baseline run " + i + "/" + runs);
            redisClusterBaselineRun();
        }
    }

    private static final String CLUSTER_READY = "Redis Cluster: ready, 3 masters x 1 replica";
    private static final String CLUSTER_KILL = "Redis Cluster: killed master -> its slots take a JedisCluster write";
    private static final String CLUSTER_TEARDOWN = "Redis Cluster: teardown, no container left";

    /** The native cluster: ready 3x1 and 3x2, memory, failover(), kill -> write through JedisCluster, teardown. */
    private void redisClusterRun() throws Exception {
        try (var bigger = new RedisClusterContainer().withReplicasPerMaster(2)) {
            record("Redis Cluster: ready, 3 masters x 2 replicas", time(bigger::start));
        }
        var cluster = new RedisClusterContainer();
        try {
            record(CLUSTER_READY, time(cluster::start));
            record("Redis Cluster: memory, resident MiB of all containers", memoryMiB(cluster.clusterId()));
            record("Redis Cluster: failover() returns", time(() -> cluster.shard(0).failover()));
            RedisClusterShard shard = cluster.shard(1);
            List<Endpoint> seeds = cluster.nodes();
            add(samples, CLUSTER_KILL, killAndTimeClusterWrite(() -> shard.masterNode().kill(), seeds, keyIn(
                    shard.firstSlot(), shard.lastSlot())));
        } finally {
            String id = cluster.clusterId();
            record(CLUSTER_TEARDOWN, time(() -> {
                cluster.close();
                if (ClusterContainers.count(id) != 0) {
                    throw new IllegalStateException("containers left after close()");
                }
            }));
        }
    }

    /**
     * The plain-Docker way teams script a cluster: {@code docker run} each node (the same
     * cluster-mode configs), {@code redis-cli --cluster create --cluster-replicas 1}, then poll
     * {@code CLUSTER INFO} on every node until {@code cluster_state:ok}; Redis's default node
     * timeout (15 s).
     */
    private void redisClusterBaselineRun() throws Exception {
        ClusterSpec spec = new RedisClusterContainer().spec().toBuilder()
                .clusterNodeTimeout(Duration.ofSeconds(15)).build().validate();
        String id = "base" + Long.toString(System.nanoTime() % 100000, 36);
        String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
        Addresses addresses = Addresses.resolve(null, dockerHost, InetAddress.getByName(dockerHost));
        String host = addresses.clientHost();
        ClusterPlan plan = Planner.plan(spec, ClusterContainers.requireImages(spec, dockerHost), id, addresses,
                new PortBlocks(InternalDefaults.PORT_RANGE_START, InternalDefaults.PORT_RANGE_END, p -> true,
                        new Random()), new Random());
        Path dir = Files.createTempDirectory("rct-cluster-baseline");
        try {
            long began = System.nanoTime();
            for (NodePlan node : plan.nodes()) {
                dockerRun(plan, node, dir);
            }
            List<String> create = new ArrayList<>(List.of("exec", containerName(plan, plan.nodes().get(0)),
                    "redis-cli", "--cluster", "create"));
            plan.nodes().forEach(n -> create.add(host + ":" + n.port()));
            create.addAll(List.of("--cluster-replicas", String.valueOf(spec.replicasPerShard()), "--cluster-yes"));
            // redis-cli asks its nodes until they answer: it fails on a node still starting, so retry as a script would.
            long deadline = System.nanoTime() + BASELINE_WAIT.toNanos();
            while (true) {
                try {
                    docker(create.toArray(String[]::new));
                    break;
                } catch (IllegalStateException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(100);
                }
            }
            for (NodePlan node : plan.nodes()) {
                while (true) {
                    try (RespClient client = RespClient.connect(host, node.port(), null, WRITE_ATTEMPT_TIMEOUT)) {
                        if (String.valueOf(client.call("CLUSTER", "INFO")).contains("cluster_state:ok")) {
                            break;
                        }
                    } catch (IOException | RespErrorException notYet) {
                        // ask again
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the baseline cluster was not ok within " + BASELINE_WAIT);
                    }
                    Thread.sleep(100);
                }
            }
            recordBaseline(CLUSTER_READY, (System.nanoTime() - began) / 1e9);
            NodePlan victim = ownerOf(host, plan, 6000);
            List<Endpoint> seeds = plan.nodes().stream().map(n -> new Endpoint(host, n.port())).toList();
            add(baseline, CLUSTER_KILL, killAndTimeClusterWrite(() -> docker("kill", "-s", "KILL",
                    containerName(plan, victim)), seeds, keyIn(6000, 6000)));
        } finally {
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
            plan.nodes().forEach(n -> rm.add(containerName(plan, n)));
            recordBaseline(CLUSTER_TEARDOWN, time(() -> docker(rm.toArray(String[]::new))));
            docker("run", "--rm", "--network", "host", "-v", dir + ":/cleanup", "--entrypoint", "sh",
                    spec.redisImage().asCanonicalNameString(), "-c", "rm -rf /cleanup/*");
            Files.deleteIfExists(dir);
        }
    }

    /** The master that owns {@code slot}, as the first node sees it (redis-cli chose the roles). */
    private static NodePlan ownerOf(String host, ClusterPlan plan, int slot) throws IOException {
        try (RespClient client = RespClient.connect(host, plan.nodes().get(0).port(), null, Duration.ofSeconds(2))) {
            for (String line : String.valueOf(client.call("CLUSTER", "NODES")).split("\n")) {
                String[] f = line.trim().split(" ");
                for (int i = 8; i < f.length; i++) {
                    String[] range = f[i].split("-");
                    if (!f[i].startsWith("[") && Integer.parseInt(range[0]) <= slot
                            && slot <= Integer.parseInt(range[range.length - 1])) {
                        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                        return plan.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
                    }
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    private static String keyIn(int firstSlot, int lastSlot) {
        for (int i = 0; ; i++) {
            int slot = RedisClusterContainer.slotOf("bench-" + i);
            if (slot >= firstSlot && slot <= lastSlot) {
                return "bench-" + i;
            }
        }
    }

    /**
     * Seconds from the kill until a JedisCluster client (one client throughout, its defaults but a
     * 500 ms timeout) writes {@code key} again, the write begun after the kill returned.
     */
    private static double killAndTimeClusterWrite(ThrowingRunnable kill, List<Endpoint> seeds, String key)
            throws Exception {
        Set<HostAndPort> nodes = seeds.stream().map(e -> new HostAndPort(e.host(), e.port())).collect(Collectors.toSet());
        try (JedisCluster jedis = new JedisCluster(nodes, 500, 500)) {
            jedis.set(key, "before");
            long began = System.nanoTime();
            kill.run();
            long killed = System.nanoTime();
            long deadline = began + BASELINE_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                long attempt = System.nanoTime();
                try {
                    jedis.set(key, "after");
                    if (attempt > killed) {
                        return (System.nanoTime() - began) / 1e9;
                    }
                } catch (RuntimeException notYet) {
                    // the next attempt follows
                }
                Thread.sleep(CLIENT_RETRY_PAUSE.toMillis());
            }
        }
        throw new IllegalStateException("JedisCluster wrote no " + key + " within " + BASELINE_WAIT);
    }

    private static String containerName(ClusterPlan plan, NodePlan node) {
        return "rct-" + plan.clusterId() + "-" + node.slug();
    }

    private static void dockerRun(ClusterPlan plan, NodePlan node, Path dir) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve(node.slug()));
        String config = node.config();
        if (node.kind() == NodeKind.SENTINEL) {
            // The write-up's Sentinels know only whom to monitor.
            config = config.lines().filter(l -> !l.startsWith("sentinel myid") && !l.startsWith("sentinel known-"))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
        if (node.kind() == NodeKind.HAPROXY) {
            // The write-up's HAProxy retries a refused connect 3 times, a second apart.
            config = config.lines().filter(l -> !l.trim().equals("retries 0"))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
        String file = Path.of(node.configPath()).getFileName().toString();
        Files.writeString(nodeDir.resolve(file), config);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--network", "host", "--name", containerName(plan, node),
                "--label", "redis-cluster-testkit.baseline=" + plan.clusterId()));
        if (node.kind() == NodeKind.HAPROXY) {
            run.addAll(List.of("-v", nodeDir + ":/usr/local/etc/haproxy", plan.spec().haproxyImage().asCanonicalNameString(),
                    "haproxy", "-f", "/usr/local/etc/haproxy/" + file));
        } else {
            run.addAll(List.of("-v", nodeDir + ":/data", plan.spec().redisImage().asCanonicalNameString(),
                    plan.server().flavour().serverProgram(), "/data/" + file));
            if (node.kind() == NodeKind.SENTINEL) {
                run.add("--sentinel");
            }
        }
        docker(run.toArray(String[]::new));
    }

    private static void docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + output);
        }
    }

    /**
     * Kills a master and measures, from the moment the kill is issued, two ways at once:
     * <ul>
     * <li>the routing switch: our probe, on a fresh connection every 10 ms with a 200 ms timeout,
     *     until the master port takes a write;</li>
     * <li>what a client sees: Jedis with its defaults (2 s connect and read timeouts), on a fresh
     *     connection, {@link #CLIENT_RETRY_PAUSE} after each failed attempt, until a write
     *     succeeds; and the longest single attempt, which shows whether HAProxy held a
     *     connection instead of answering it.</li>
     * </ul>
     * A write counts only from an attempt that began after the kill returned: one that began
     * earlier may have reached the old master before it died.
     */
    private void killAndTimeWrites(ThrowingRunnable kill, Endpoint masterPort, String password, SSLSocketFactory tls,
                                   Map<String, List<Double>> into, String metricPrefix) throws Exception {
        long began = System.nanoTime();
        CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> {
            try {
                kill.run();
            } catch (Exception e) {
                throw new IllegalStateException("kill failed", e);
            }
            return System.nanoTime();
        });
        CompletableFuture<double[]> client = CompletableFuture.supplyAsync(() -> jedisUntilWrite(masterPort, tls, began,
                killed));
        double routing = probeUntilWrite(masterPort, password, tls, began, killed);
        double[] seen = client.join();
        add(into, metricPrefix + "killed master -> master port takes a write (routing switch)", routing);
        add(into, metricPrefix + "killed master -> first write, fresh Jedis connection every 20 ms", seen[0]);
        add(into, metricPrefix + "killed master -> longest single Jedis attempt", seen[1]);
    }

    private static double probeUntilWrite(Endpoint masterPort, String password, SSLSocketFactory tls, long began,
                                          CompletableFuture<Long> killed) throws InterruptedException {
        long deadline = began + BASELINE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long attempt = System.nanoTime();
            try (RespClient client = RespClient.connect(masterPort.host(), masterPort.port(), password,
                    WRITE_ATTEMPT_TIMEOUT, tls)) {
                if ("OK".equals(client.call("SET", "benchmark", "1")) && afterKill(attempt, killed)) {
                    return (System.nanoTime() - began) / 1e9;
                }
            } catch (IOException | RespErrorException notYet) {
                // the next attempt follows
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the master port took no write within " + BASELINE_WAIT);
    }

    /** Seconds from {@code began} to the first write, and the longest single attempt. */
    private static double[] jedisUntilWrite(Endpoint masterPort, SSLSocketFactory tls, long began,
                                            CompletableFuture<Long> killed) {
        long deadline = began + BASELINE_WAIT.toNanos();
        long longest = 0;
        while (System.nanoTime() < deadline) {
            long attempt = System.nanoTime();
            boolean written;
            try (Jedis jedis = jedis(masterPort, tls)) {
                written = "OK".equals(jedis.set("benchmark-client", "1")) && afterKill(attempt, killed);
            } catch (RuntimeException notYet) {
                written = false;
            }
            long now = System.nanoTime();
            longest = Math.max(longest, now - attempt);
            if (written) {
                return new double[]{(now - began) / 1e9, longest / 1e9};
            }
            try {
                Thread.sleep(CLIENT_RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no Jedis write through the master port within " + BASELINE_WAIT);
    }

    private static boolean afterKill(long attemptBegan, CompletableFuture<Long> killed) {
        return killed.isDone() && attemptBegan > killed.join();
    }

    private static double memoryMiB(String clusterId) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "docker stats --no-stream --format '{{.MemUsage}}' $(docker ps -q"
                + " --filter label=redis-cluster-testkit.cluster=" + clusterId + ")").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        double total = 0;
        for (String line : out.split("\n")) {
            String used = line.split("/")[0].trim();
            if (used.isEmpty()) {
                continue;
            }
            double value = Double.parseDouble(used.replaceAll("[^0-9.]", ""));
            total += used.endsWith("GiB") ? value * 1024 : used.endsWith("KiB") || used.endsWith("kB") ? value / 1024
                    : value;
        }
        return total;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static double time(ThrowingRunnable action) throws Exception {
        long began = System.nanoTime();
        action.run();
        return (System.nanoTime() - began) / 1e9;
    }

    private void record(String metric, double value) {
        add(samples, metric, value);
    }

    private void recordBaseline(String metric, double value) {
        add(baseline, metric, value);
    }

    private void add(Map<String, List<Double>> into, String metric, double value) {
        // The library's rows first, in the order measured; a baseline-only row would come last.
        samples.computeIfAbsent(metric, k -> new ArrayList<>());
        into.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
        log(String.format(Locale.ROOT, "  %s%s: %.3f", metric, into == baseline ? " (baseline)" : "", value));
    }

    private static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // --- output ------------------------------------------------------------------------------------

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void write(Path out, int runs, boolean redisClusterOnly) throws IOException {
        Files.createDirectories(out);
        String machine = machine();
        StringBuilder md = new StringBuilder();
        md.append("# redis-cluster-testkit benchmark\n\n");
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" with `scripts/benchmark --runs ")
                .append(runs).append(redisClusterOnly ? " --redis-cluster-only" : "").append("` on ").append(machine)
                .append(".\n\n");
        if (redisClusterOnly) {
            md.append("Native Redis Cluster (`RedisClusterContainer`): 3 masters x 1 replica = 6 containers, node")
                    .append(" timeout 500 ms. Times in seconds, memory in MiB; median, with min and max over the runs.")
                    .append("\n\nThe baseline is how teams script it, measured in the same runs: plain `docker run`")
                    .append(" of every node (the same configs), `redis-cli --cluster create --cluster-replicas 1`,")
                    .append(" then `CLUSTER INFO` polled on every node until `cluster_state:ok`; Redis's default")
                    .append(" node timeout (15 s). Ratio = library median / baseline median.\n\n");
        } else {
            md.append("Default topology: 3 shards x (1 master + 2 replicas + 3 Sentinels) + HAProxy = 19 containers.")
                    .append(" Times in seconds, memory in MiB; median, with min and max over the runs.\n\n");
            md.append("The baseline is the original write-up's way, measured in the same runs: plain `docker run` of")
                    .append(" every node one after another, Sentinel defaults (down-after 30 s), HAProxy role check every")
                    .append(" second. Ratio = library median / baseline median.\n\n");
        }
        md.append("| metric | median | min | max | baseline median | ratio | runs |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder json = new StringBuilder("{\n  \"machine\": \"").append(machine.replace("\"", "'"))
                .append("\",\n  \"runs\": ").append(runs).append(",\n  \"metrics\": {\n");
        int i = 0;
        for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
            List<Double> v = e.getValue();
            List<Double> base = baseline.getOrDefault(e.getKey(), List.of());
            md.append("| ").append(e.getKey()).append(" | ").append(stats(v, " | ")).append(" | ")
                    .append(base.isEmpty() ? "" : format(median(base))).append(" | ")
                    .append(base.isEmpty() || v.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f",
                            median(v) / median(base))).append(" | ").append(v.size()).append(" |\n");
            json.append("    \"").append(e.getKey()).append("\": {").append(jsonStats(v));
            if (!base.isEmpty()) {
                json.append(", \"baseline\": {").append(jsonStats(base)).append('}');
            }
            json.append('}').append(++i < samples.size() ? "," : "").append('\n');
        }
        if (!redisClusterOnly) {
            md.append("\nStartup timeline of the first measured run: [startup-timeline.svg](startup-timeline.svg)\n");
        }
        json.append("  }\n}\n");
        Files.writeString(out.resolve("results.md"), md.toString());
        Files.writeString(out.resolve("results.json"), json.toString());
        if (!redisClusterOnly) {
            Files.writeString(out.resolve("startup-timeline.svg"), svg(timeline));
        }
        System.out.println();
        System.out.println(md);
    }

    private static String stats(List<Double> v, String separator) {
        if (v.isEmpty()) {
            return separator + separator;
        }
        return format(median(v)) + separator + format(Collections.min(v)) + separator + format(Collections.max(v));
    }

    private static String jsonStats(List<Double> v) {
        if (v.isEmpty()) {
            return "\"samples\": []";
        }
        return String.format(Locale.ROOT, "\"median\": %.4f, \"min\": %.4f, \"max\": %.4f, \"samples\": %s", median(v),
                Collections.min(v), Collections.max(v), v.stream().map(d -> String.format(Locale.ROOT, "%.4f", d)).toList());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Math.round(Runtime.getRuntime().maxMemory() / 1e9 * 4) + " GB JVM heap limit, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version") + ", Docker " + DockerClientFactory.instance().getActiveApiVersion()
                + " API";
    }

    /** One bar per container (create to started) and per readiness fact (until it first held). */
    static String svg(List<TimelineEntry> entries) {
        double end = entries.stream().mapToDouble(e -> e.end().toNanos() / 1e9).max().orElse(1);
        int left = 230;
        int width = 760;
        int row = 16;
        int height = 40 + row * entries.size() + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + width + 20).append("\" height=\"")
                .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"13\">start() of the default topology:"
                + " containers (blue, create to started), readiness facts (green, until first held); ready at %.2f s</text>%n",
                end));
        for (double t = 0; t <= end + 1e-9; t += 0.5) {
            double x = left + width * t / end;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%.1fs</text>%n", x, x, height - 25, x - 8, height - 10, t));
        }
        int y = 36;
        for (TimelineEntry e : entries) {
            double x0 = left + width * e.begin().toNanos() / 1e9 / end;
            double x1 = left + width * e.end().toNanos() / 1e9 / end;
            String color = e.kind().equals("container") ? "#4a7bd0" : "#3c9a5f";
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                            + " height=\"%d\" fill=\"%s\"/>%n", y + 11, e.name().replace("&", "&amp;").replace("<", "&lt;"),
                    x0, y, Math.max(1.5, x1 - x0), row - 4, color));
            y += row;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
