package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.ClusterContainer;
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ServerVersion;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.cli.EndpointsJson.ClusterNode;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.RunningCluster;
import io.github.redisclustertestkit.internal.containers.StartProgress;
import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.internal.plan.AclUser;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code up [options]}: starts the topology, shows progress, prints its endpoints (and writes them
 * as JSON), stays up until SIGINT/SIGTERM or until {@code down} removes it, then removes every
 * container and exits 0. Its spec options are added from {@link SpecOptions#ALL} by {@link Cli}.
 */
@Command(name = "up", sortOptions = false,
        header = "Starts a cluster, prints its endpoints, keeps it up until Ctrl-C, SIGTERM or 'down'.",
        description = {"Starts shards of a Redis master with replicas, watched by Sentinels, behind one HAProxy,",
                "or with --topology cluster a native Redis Cluster (--masters N --replicas R: hash slots, no",
                "Sentinel, no HAProxy), with host networking or in a pod of their own (--network-mode); prints",
                "the endpoints once every readiness fact holds; stays up until Ctrl-C (SIGINT), SIGTERM or",
                "'down', then removes every container it started."})
final class UpCommand implements Callable<Integer> {

    /** How often a running {@code up} looks whether {@code down} removed its cluster. */
    private static final Duration REMOVED_POLL = Duration.ofSeconds(2);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--endpoints-file", paramLabel = "PATH",
            description = "once ready, write the endpoints as JSON to PATH (atomically); fault verbs find the"
                    + " cluster by it")
    Path endpointsFile;

    @Option(names = "--json", description = "print the endpoints as JSON instead of a table; every other line goes"
            + " to stderr, so that stdout is JSON only")
    boolean json;

    @Spec
    CommandSpec spec;

    /**
     * The spec the command line asks for, validated: from the defaults of the topology it names
     * ({@code --topology}, default SENTINEL), with every option given.
     *
     * @throws ParameterException naming the option, for a value that does not parse or is invalid,
     *                            or an option of the other topology
     */
    static ClusterSpec spec(CommandSpec up) {
        Map<SpecOption, Given> given = given(up);
        SpecOption topologyOption = SpecOptions.named("topology");
        Topology topology = given.containsKey(topologyOption)
                ? (Topology) parse(up, topologyOption, given.get(topologyOption).texts().get(0))
                : ClusterSpec.defaults().topology();
        // Before anything is applied: left to validation, a Sentinel count on a native cluster equal to
        // its default would pass in silence, and an invalid one would be named for the wrong reason.
        given.forEach((option, g) -> {
            if (!option.appliesTo(topology)) {
                throw new ParameterException(up.commandLine(), SpecOptions.notApplicable(option, topology).getMessage());
            }
            if (!g.name().equals(option.cliName()) && !g.name().equals(option.cliName(topology))) {
                throw new ParameterException(up.commandLine(), "option " + g.name() + " is the name of "
                        + option.cliName() + " with --topology " + lower(option.cliAliases().entrySet().stream()
                        .filter(e -> e.getValue().equals(g.name())).findFirst().orElseThrow().getKey())
                        + " only: for topology " + topology + " use " + option.cliName());
            }
        });
        ClusterSpec.Builder b = defaults(topology).toBuilder();
        given.forEach((option, g) -> g.texts().forEach(text -> option.apply(b, parse(up, option, text))));
        try {
            return b.build().validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(up.commandLine(), withOption(e.getMessage(), topology));
        }
    }

    /** What the line gave for an option: under which of its names, and each value as text. */
    private record Given(String name, List<String> texts) {
    }

    /**
     * The options the line gave, each once: giving one under two names (like {@code --shards} and
     * {@code --masters}) is bad input, as the second would silently win.
     */
    private static Map<SpecOption, Given> given(CommandSpec up) {
        Map<SpecOption, Given> given = new LinkedHashMap<>();
        for (SpecOption option : SpecOptions.ALL) {
            List<String> names = new ArrayList<>(List.of(option.cliName()));
            names.addAll(option.cliAliases().values());
            for (String name : names) {
                Object value = up.findOption(name).getValue();
                if (value == null) {
                    continue;
                }
                List<String> texts = (value instanceof List<?> list ? list : List.of(value)).stream()
                        .map(String::valueOf).toList();
                Given before = given.putIfAbsent(option, new Given(name, texts));
                if (before != null) {
                    throw new ParameterException(up.commandLine(), "options " + before.name() + " and " + name
                            + " are the same option: give one of them");
                }
            }
        }
        return given;
    }

    private static Object parse(CommandSpec up, SpecOption option, String text) {
        try {
            return option.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(up.commandLine(), "option " + option.cliName() + " " + e.getMessage());
        }
    }

    /** The defaults of a topology's container: a native Redis Cluster has masters and replicas of its own. */
    static ClusterSpec defaults(Topology topology) {
        return topology == Topology.CLUSTER ? new RedisClusterContainer().spec() : ClusterSpec.defaults();
    }

    private static String lower(Topology topology) {
        return topology.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The spec's message speaks of its component in the topology's words ({@code shards must be
     * ...}, {@code masters must be ...}); a shell user typed {@code --shards} or {@code --masters}.
     * A message that names no component first stays as it is.
     */
    static String withOption(String message, Topology topology) {
        return SpecOptions.ALL.stream().filter(o -> message.startsWith(o.name(topology) + " ")).findFirst()
                .map(o -> "option " + o.cliName(topology) + ": " + message).orElse(message);
    }

    /** What {@code up} does with the container of either topology. */
    private interface Front {
        /** The library's container: what both topologies do alike. */
        ClusterContainer cluster();

        /** What the command line asked for. */
        ClusterSpec spec();

        /** The line before starting, like {@code Starting 7 containers (...) with IMAGES ...}. */
        String starting(boolean pod);

        default void start() {
            cluster().start();
        }

        default void stop() {
            cluster().stop();
        }

        default String clusterId() {
            return cluster().clusterId();
        }

        /** A reused cluster stays when {@code up} ends, for the next start. */
        default boolean isReused() {
            return cluster().isReused();
        }

        default ServerVersion serverVersion() {
            return cluster().serverVersion();
        }

        default NetworkMode networkMode() {
            return cluster().networkMode();
        }

        String endpointsJson();

        String table();

        /** The files a client of a TLS cluster needs, or null for a plain cluster. */
        default EndpointsJson.Tls tls() {
            return spec().tls() ? EndpointsJson.Tls.of(cluster().tls()) : null;
        }
    }

    /** The Sentinel topology: shards with Sentinels, behind one HAProxy. */
    private record Sentinels(ClusterSpec spec, RedisShardedClusterContainer cluster) implements Front {
        @Override
        public String starting(boolean pod) {
            int containers = spec.shards() * (1 + spec.replicasPerShard() + spec.sentinelsPerShard()) + 1
                    + (pod ? 1 : 0);
            return "Starting " + containers + " containers (" + spec.shards() + " shards x (1 master + "
                    + spec.replicasPerShard() + " replicas + " + spec.sentinelsPerShard() + " Sentinels) + HAProxy"
                    + (pod ? " + the pod" : "") + ") with " + spec.redisImage() + " and " + spec.haproxyImage() + " ...";
        }

        @Override
        public String endpointsJson() {
            return EndpointsJson.render(cluster.clusterId(), spec.password(), tls(),
                    "http://" + cluster.haproxyStats() + "/", cluster.endpoints());
        }

        @Override
        public String table() {
            return UpCommand.table(cluster, cluster.endpoints(), redisCliLogin(spec), tls());
        }
    }

    /** A native Redis Cluster: masters sharing the hash slots, with their replicas. */
    private record Native(ClusterSpec spec, RedisClusterContainer cluster) implements Front {
        @Override
        public String starting(boolean pod) {
            int containers = spec.shards() * (1 + spec.replicasPerShard()) + (pod ? 1 : 0);
            return "Starting " + containers + " containers (a native Redis Cluster: " + spec.shards() + " masters x "
                    + spec.replicasPerShard() + " replicas" + (pod ? " + the pod" : "") + ") with " + spec.redisImage()
                    + " ...";
        }

        @Override
        public String endpointsJson() {
            return EndpointsJson.renderCluster(cluster.clusterId(), spec.password(), tls(), nodes());
        }

        /** Every Redis node, shard by shard, with its role at start, as the containers' labels record them. */
        private List<ClusterNode> nodes() {
            RunningCluster found = RunningCluster.find(cluster.clusterId());
            return found.members().keySet().stream().filter(n -> n.kind() == NodeKind.REDIS)
                    .sorted(Comparator.comparingInt(NodePlan::shard).thenComparingInt(NodePlan::index))
                    .map(n -> new ClusterNode(new Endpoint(found.hostOf(n.port()), n.port()), n.roleAtStart()))
                    .toList();
        }

        @Override
        public String table() {
            return clusterTable(cluster.clusterId(), nodes(), redisCliLogin(spec), tls());
        }
    }

    /** The container of the spec's topology. */
    private static Front front(ClusterSpec spec) {
        return spec.topology() == Topology.CLUSTER ? new Native(spec, redisCluster(spec))
                : new Sentinels(spec, new RedisShardedClusterContainer(spec));
    }

    /**
     * A native Redis Cluster configured as the spec says, through its public options: it takes only
     * those of its topology, which {@link #spec} checked ({@code CliTest} checks that each arrives).
     */
    static RedisClusterContainer redisCluster(ClusterSpec spec) {
        RedisClusterContainer cluster = new RedisClusterContainer()
                .withMasters(spec.shards())
                .withReplicasPerMaster(spec.replicasPerShard())
                .withClusterNodeTimeout(spec.clusterNodeTimeout())
                .withAppendOnly(spec.appendOnly())
                .withRedisConf(spec.redisConf().toArray(String[]::new))
                .withNetworkFaults(spec.networkFaults())
                .withNetworkMode(spec.networkMode())
                .withStartupTimeout(spec.startupTimeout())
                .withRedisImage(spec.redisImage())
                .withReuse(spec.reuse())
                .withTls(spec.tls())
                .withMutualTls(spec.mutualTls())
                .withUsers(spec.users().toArray(String[]::new))
                .withDefaultUserDisabled(spec.defaultUserDisabled());
        if (spec.password() != null) {
            cluster.withPassword(spec.password());
        }
        if (spec.bindAddress() != null) {
            cluster.withBindAddress(spec.bindAddress());
        }
        return cluster;
    }

    @Override
    public Integer call() throws InterruptedException {
        ClusterSpec spec = spec(this.spec);
        PrintWriter out = this.spec.commandLine().getOut();
        PrintWriter err = this.spec.commandLine().getErr();
        // With --json, stdout carries the JSON only, so that it can be piped into a parser.
        PrintWriter info = json ? err : out;
        boolean pod = spec.networkMode() == NetworkMode.POD;
        Front cluster = front(spec);
        info.println(cluster.starting(pod));
        long started = System.nanoTime();
        try {
            StartProgress.during(new Progress(info), cluster::start);
        } catch (RuntimeException e) {
            err.println(Cli.NAME + ": the cluster failed to start; every container was removed.");
            err.println(e.getMessage());
            return Cli.EXIT_FAILED;
        }
        // SIGINT and SIGTERM run the shutdown hooks; this one removes the cluster and makes the
        // exit status 0 (the JVM's own would be 130 or 143).
        Thread stopOnSignal = new Thread(() -> {
            info.println(cluster.isReused() ? "Stopping: leaving the reused cluster " + cluster.clusterId()
                    + " running for the next start ('down' removes it) ..." : "Stopping: removing every container ...");
            cluster.stop();
            info.println("Stopped.");
            info.flush();
            Runtime.getRuntime().halt(Cli.EXIT_OK);
        }, "redis-cluster-testkit-up-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        String clusterId = cluster.clusterId();
        String endpoints = cluster.endpointsJson();
        if (json) {
            out.print(endpoints);
            out.flush();
        } else {
            // AUTO decides on the pod only while starting: the count above left its container out.
            out.printf("Ready in %.1f s, running %s%s.%n%n", (System.nanoTime() - started) / 1e9,
                    cluster.serverVersion(), !pod && cluster.networkMode() == NetworkMode.POD
                            ? ", in a pod of its own (one container more)" : "");
            out.println(cluster.table());
        }
        if (endpointsFile != null) {
            try {
                writeAtomically(endpointsFile, endpoints);
            } catch (IOException e) {
                err.println(Cli.NAME + ": could not write the endpoints file: " + e.getMessage());
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                cluster.stop();
                return Cli.EXIT_FAILED;
            }
            info.println("Endpoints written to " + endpointsFile);
        }
        info.println("Cluster " + clusterId + " is up until Ctrl-C, SIGTERM or '" + Cli.NAME + " down " + clusterId
                + "'.");
        info.flush();
        while (stillThere(clusterId)) {
            Thread.sleep(REMOVED_POLL.toMillis());
        }
        // Nothing is left to stop on exit: without the hook, no "Stopping" line follows this one.
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        info.println("Cluster " + clusterId + " was removed (down): exiting.");
        info.flush();
        cluster.stop();
        return Cli.EXIT_OK;
    }

    /** A Docker error is no news of a removal: removing the cluster for it would end the user's session. */
    private static boolean stillThere(String clusterId) {
        try {
            return ClusterContainers.count(clusterId) > 0;
        } catch (RuntimeException dockerHiccup) {
            return true;
        }
    }

    /** One line per container started and per readiness fact that holds. */
    private record Progress(PrintWriter out) implements StartProgress {

        @Override
        public void containerStarted(String node, int started, int total) {
            synchronized (out) {
                out.printf("  containers started %d/%d: %s%n", started, total, node);
                out.flush();
            }
        }

        @Override
        public void factHolds(String fact, int holding, int total) {
            synchronized (out) {
                out.printf("  readiness facts holding %d/%d: %s%n", holding, total, fact);
                out.flush();
            }
        }
    }

    /** @param login {@link #redisCliLogin} */
    static String table(RedisShardedClusterContainer cluster, List<ShardEndpoints> shards, String login,
                        EndpointsJson.Tls tls) {
        StringBuilder t = new StringBuilder();
        String row = "%-10s %-22s %-22s %-22s %-46s %s%n";
        t.append(String.format(row, "shard", "HAProxy master", "HAProxy replicas", "master", "replicas", "sentinels"));
        for (ShardEndpoints s : shards) {
            t.append(String.format(row, s.masterName(), s.haproxyMaster(), s.haproxyReplicas(), s.master(),
                    join(s.replicas()), join(s.sentinels())));
        }
        t.append("\nHAProxy stats page: http://").append(cluster.haproxyStats()).append("/\n");
        t.append(tlsLines(tls));
        t.append("\nTry:\n");
        String auth = redisCliTls(tls) + login;
        ShardEndpoints first = shards.get(0);
        t.append("  redis-cli -h ").append(first.haproxyMaster().host()).append(" -p ")
                .append(first.haproxyMaster().port()).append(auth).append(" set hello world    # ")
                .append(first.masterName()).append(" master, via HAProxy\n");
        t.append("  redis-cli -h ").append(first.haproxyReplicas().host()).append(" -p ")
                .append(first.haproxyReplicas().port()).append(auth).append(" get hello            # ")
                .append(first.masterName()).append(" replicas, via HAProxy\n");
        Endpoint sentinel = first.sentinels().get(0);
        t.append("  redis-cli -h ").append(sentinel.host()).append(" -p ").append(sentinel.port())
                .append(redisCliTls(tls)).append(" sentinel get-master-addr-by-name ").append(first.masterName()).append('\n');
        t.append("  ").append(Cli.NAME).append(" kill ").append(cluster.clusterId())
                .append(" --shard 0 --master   # then watch the failover with: ").append(Cli.NAME)
                .append(" status\n");
        return t.toString();
    }

    /** The nodes of a native Redis Cluster, with what to try first. */
    static String clusterTable(String clusterId, List<ClusterNode> nodes, String login, EndpointsJson.Tls tls) {
        StringBuilder t = new StringBuilder();
        String row = "%-22s %s%n";
        t.append(String.format(row, "node", "role at start"));
        for (ClusterNode n : nodes) {
            t.append(String.format(row, n.endpoint(), n.role()));
        }
        t.append("\nSeeds for a cluster client: ").append(join(nodes.stream().map(ClusterNode::endpoint).toList()))
                .append('\n');
        t.append(tlsLines(tls));
        t.append("\nTry:\n");
        String auth = redisCliTls(tls) + login;
        Endpoint first = nodes.get(0).endpoint();
        t.append("  redis-cli -c -h ").append(first.host()).append(" -p ").append(first.port()).append(auth)
                .append(" set hello world    # -c follows MOVED to the slot's master\n");
        t.append("  redis-cli -h ").append(first.host()).append(" -p ").append(first.port()).append(auth)
                .append(" cluster shards\n");
        t.append("  ").append(Cli.NAME).append(" kill ").append(clusterId)
                .append(" --shard 0 --master   # then watch the failover with: ").append(Cli.NAME)
                .append(" status\n");
        return t.toString();
    }

    /** For a TLS cluster, what a client must trust (and present), before the commands to try. */
    static String tlsLines(EndpointsJson.Tls tls) {
        if (tls == null) {
            return "";
        }
        StringBuilder t = new StringBuilder("\nTLS only, on every port above: trust the CA ")
                .append(tls.caCertificate()).append('\n');
        tls.clientCertificate().ifPresent(certificate -> t.append("Mutual TLS: present the client certificate ")
                .append(certificate).append(" with its key ").append(tls.clientKey().orElseThrow()).append('\n'));
        // The store password is shown as the Redis password is, in the Try lines: see EndpointsJson#tls.
        t.append(tls.storeType()).append(" stores of the same, password ").append(tls.storePassword())
                .append(": ").append(tls.trustStore()).append(tls.keyStore().map(k -> ", " + k).orElse(""))
                .append('\n');
        t.append("These files are readable by you only, and removed with the cluster.\n");
        return t.toString();
    }

    /**
     * redis-cli's login options, with a leading space: the default user's password, or, with the
     * default user off, the first declared user's name and password. The default user (when on)
     * rather than a declared one, as only it surely may run every command the Try lines show.
     */
    static String redisCliLogin(ClusterSpec spec) {
        if (spec.defaultUserDisabled()) {
            return AclUser.of(spec).stream().findFirst().map(u -> " --user " + u.name() + " -a " + u.password()
                    + " --no-auth-warning").orElse("");
        }
        return spec.password() == null ? "" : " -a " + spec.password() + " --no-auth-warning";
    }

    /** redis-cli's options for a TLS cluster, with a leading space; none for a plain one. */
    static String redisCliTls(EndpointsJson.Tls tls) {
        if (tls == null) {
            return "";
        }
        return " --tls --cacert " + tls.caCertificate() + tls.clientCertificate().map(c -> " --cert " + c
                + " --key " + tls.clientKey().orElseThrow()).orElse("");
    }

    private static String join(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::toString).collect(Collectors.joining(","));
    }

    /** Written to a temporary file, then renamed, so a reader never sees half a file. */
    static void writeAtomically(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
