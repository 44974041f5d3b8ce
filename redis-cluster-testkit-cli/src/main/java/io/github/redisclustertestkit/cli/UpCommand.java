package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.StartProgress;
import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
import java.util.List;
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
                "with host networking or in a pod of their own (--network-mode); prints the endpoints once",
                "replication, Sentinel agreement and HAProxy routing all hold; stays up until Ctrl-C (SIGINT),",
                "SIGTERM or 'down', then removes every container it started."})
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
     * The spec the command line asks for, validated.
     *
     * @throws ParameterException naming the option, for a value that does not parse or is invalid
     */
    static ClusterSpec spec(CommandSpec up) {
        ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
        for (SpecOption option : SpecOptions.ALL) {
            OptionSpec given = up.findOption(option.cliName());
            Object value = given.getValue();
            List<?> texts = value == null ? List.of() : value instanceof List<?> list ? list : List.of(value);
            for (Object text : texts) {
                try {
                    option.apply(b, option.parse(String.valueOf(text)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(up.commandLine(), "option " + option.cliName() + " " + e.getMessage());
                }
            }
        }
        try {
            return b.build().validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(up.commandLine(), withOption(e.getMessage()));
        }
    }

    /**
     * The spec's message speaks of its component ({@code shards must be ...}); a shell user typed
     * {@code --shards}. A message that names no component first stays as it is.
     */
    static String withOption(String message) {
        return SpecOptions.ALL.stream().filter(o -> message.startsWith(o.name() + " ")).findFirst()
                .map(o -> "option " + o.cliName() + ": " + message).orElse(message);
    }

    @Override
    public Integer call() throws InterruptedException {
        ClusterSpec spec = spec(this.spec);
        PrintWriter out = this.spec.commandLine().getOut();
        PrintWriter err = this.spec.commandLine().getErr();
        // With --json, stdout carries the JSON only, so that it can be piped into a parser.
        PrintWriter info = json ? err : out;
        boolean pod = spec.networkMode() == NetworkMode.POD;
        int containers = spec.shards() * (1 + spec.replicasPerShard() + spec.sentinelsPerShard()) + 1 + (pod ? 1 : 0);
        RedisShardedClusterContainer cluster = new RedisShardedClusterContainer(spec);
        info.println("Starting " + containers + " containers (" + spec.shards() + " shards x (1 master + "
                + spec.replicasPerShard() + " replicas + " + spec.sentinelsPerShard() + " Sentinels) + HAProxy"
                + (pod ? " + the pod" : "") + ") with " + spec.redisImage() + " and " + spec.haproxyImage() + " ...");
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
        List<ShardEndpoints> shards = cluster.endpoints();
        String endpoints = EndpointsJson.render(clusterId, spec.password(), "http://" + cluster.haproxyStats() + "/",
                shards);
        if (json) {
            out.print(endpoints);
            out.flush();
        } else {
            // AUTO decides on the pod only while starting: the count above left its container out.
            out.printf("Ready in %.1f s, running %s%s.%n%n", (System.nanoTime() - started) / 1e9,
                    cluster.serverVersion(), !pod && cluster.networkMode() == NetworkMode.POD
                            ? ", in a pod of its own (one container more)" : "");
            out.println(table(cluster, shards, spec.password()));
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

    static String table(RedisShardedClusterContainer cluster, List<ShardEndpoints> shards, String password) {
        StringBuilder t = new StringBuilder();
        String row = "%-10s %-22s %-22s %-22s %-46s %s%n";
        t.append(String.format(row, "shard", "HAProxy master", "HAProxy replicas", "master", "replicas", "sentinels"));
        for (ShardEndpoints s : shards) {
            t.append(String.format(row, s.masterName(), s.haproxyMaster(), s.haproxyReplicas(), s.master(),
                    join(s.replicas()), join(s.sentinels())));
        }
        t.append("\nHAProxy stats page: http://").append(cluster.haproxyStats()).append("/\n");
        t.append("\nTry:\n");
        String auth = password == null ? "" : " -a " + password + " --no-auth-warning";
        ShardEndpoints first = shards.get(0);
        t.append("  redis-cli -h ").append(first.haproxyMaster().host()).append(" -p ")
                .append(first.haproxyMaster().port()).append(auth).append(" set hello world    # ")
                .append(first.masterName()).append(" master, via HAProxy\n");
        t.append("  redis-cli -h ").append(first.haproxyReplicas().host()).append(" -p ")
                .append(first.haproxyReplicas().port()).append(auth).append(" get hello            # ")
                .append(first.masterName()).append(" replicas, via HAProxy\n");
        Endpoint sentinel = first.sentinels().get(0);
        t.append("  redis-cli -h ").append(sentinel.host()).append(" -p ").append(sentinel.port())
                .append(" sentinel get-master-addr-by-name ").append(first.masterName()).append('\n');
        t.append("  ").append(Cli.NAME).append(" kill ").append(cluster.clusterId())
                .append(" --shard 0 --master   # then watch the failover with: ").append(Cli.NAME)
                .append(" status\n");
        return t.toString();
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
