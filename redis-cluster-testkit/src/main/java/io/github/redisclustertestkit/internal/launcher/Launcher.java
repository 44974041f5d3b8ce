package io.github.redisclustertestkit.internal.launcher;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code redis-cluster-testkit up [options]}: starts the topology, prints its endpoints (and
 * writes them as JSON), stays up until SIGINT/SIGTERM, then removes every container and exits 0.
 * Exit codes: 0 after a signal, 1 when the cluster failed to start, 2 for bad options.
 */
public final class Launcher {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /**
     * Every option, declared once: the usage text and the parser are both made from this list.
     * {@code example} is a valid value that differs from the default (tests apply each one).
     */
    static final List<Option> OPTIONS = List.of(
            new Option("--shards", "N", "2", "shards (default " + Defaults.SHARDS + ")",
                    (spec, o, name, value) -> spec.shards(number(name, value))),
            new Option("--replicas", "N", "1", "replicas per shard (default " + Defaults.REPLICAS_PER_SHARD + ")",
                    (spec, o, name, value) -> spec.replicasPerShard(number(name, value))),
            new Option("--sentinels", "N", "5", "Sentinels per shard (default " + Defaults.SENTINELS_PER_SHARD + ")",
                    (spec, o, name, value) -> spec.sentinelsPerShard(number(name, value))),
            new Option("--quorum", "N", "1", "Sentinel quorum (default: a majority of the Sentinels)",
                    (spec, o, name, value) -> spec.quorum(number(name, value))),
            new Option("--password", "P", "pw", "requirepass/masterauth on every node (default: none)",
                    (spec, o, name, value) -> spec.password(value)),
            new Option("--haproxy-base-port", "P", "5000",
                    "fixed HAProxy layout: shard i at P+2i (master) and P+2i+1\n"
                            + "(replicas), stats page at P+2*shards (default: ports per run)",
                    (spec, o, name, value) -> spec.haproxyBasePort(number(name, value))),
            new Option("--down-after-ms", "MS", "500",
                    "Sentinel down-after-milliseconds (default " + Defaults.DOWN_AFTER.toMillis() + ")",
                    (spec, o, name, value) -> spec.downAfter(Duration.ofMillis(number(name, value)))),
            new Option("--redis-image", "IMG", "r:1",
                    "Redis image (default: $" + Defaults.REDIS_IMAGE_ENV + " or " + Defaults.REDIS_IMAGE + ")",
                    (spec, o, name, value) -> spec.redisImage(value)),
            new Option("--haproxy-image", "IMG", "h:1",
                    "HAProxy image (default: $" + Defaults.HAPROXY_IMAGE_ENV + " or " + Defaults.HAPROXY_IMAGE + ")",
                    (spec, o, name, value) -> spec.haproxyImage(value)),
            new Option("--bind", "ADDR", "127.0.0.2",
                    "the IP address every node and HAProxy port listens on (default:\n"
                            + "127.0.0.1 when Docker runs on this machine, else the Docker host's\n"
                            + "address; 0.0.0.0 for every interface)",
                    (spec, o, name, value) -> spec.bindAddress(value)),
            new Option("--reuse", "BOOL", "true",
                    "true: keep the cluster after exit for the next 'up' (or test) with the\n"
                            + "same options to take over, flushed; needs testcontainers.reuse.enable=true\n"
                            + "in ~/.testcontainers.properties; 'down --all' removes it (default false)",
                    (spec, o, name, value) -> spec.reuse(bool(name, value))),
            new Option("--endpoints-file", "PATH", "e.json",
                    "once ready, write the endpoints as JSON to PATH (atomically)",
                    (spec, o, name, value) -> o.endpointsFile = Path.of(value)));

    static final String USAGE = usage();

    private static String usage() {
        StringBuilder text = new StringBuilder(String.join("\n",
                "Usage: redis-cluster-testkit up [options]",
                "       redis-cluster-testkit down --all    removes every reused cluster (see --reuse)",
                "",
                "Starts shards of a Redis master with replicas, watched by Sentinels, behind one HAProxy,",
                "with Docker host networking; prints the endpoints once replication, Sentinel agreement and",
                "HAProxy routing all hold; stays up until Ctrl-C (SIGINT) or SIGTERM, then removes every",
                "container it started.",
                "",
                "Options:\n"));
        for (Option option : OPTIONS) {
            String[] help = option.help().split("\n");
            text.append(String.format("  %-22s %s\n", option.name() + " " + option.arg(), help[0]));
            for (int i = 1; i < help.length; i++) {
                text.append(" ".repeat(25)).append(help[i]).append('\n');
            }
        }
        return text.append(String.format("  %-22s %s", "--help", "show this help")).toString();
    }

    /** One command-line option: {@code name arg}, its help, and what its value sets. */
    record Option(String name, String arg, String example, String help, Setter setter) {
    }

    interface Setter {
        void set(ClusterSpec.Builder spec, Options options, String name, String value);
    }

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
            if (options.help) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (options.downAll) {
                return downAll(out, err);
            }
            options.spec.validate();
        } catch (IllegalArgumentException e) {
            err.println("redis-cluster-testkit: " + e.getMessage());
            err.println();
            err.println(USAGE);
            return EXIT_USAGE;
        }
        ClusterSpec spec = options.spec;
        int containers = spec.shards() * (1 + spec.replicasPerShard() + spec.sentinelsPerShard()) + 1;
        try (RedisShardedClusterContainer cluster = new RedisShardedClusterContainer(spec)) {
            out.println("Starting " + containers + " containers (" + spec.shards() + " shards x (1 master + "
                    + spec.replicasPerShard() + " replicas + " + spec.sentinelsPerShard() + " Sentinels) + HAProxy)"
                    + " with " + spec.redisImage() + " and " + spec.haproxyImage() + " ...");
            long started = System.nanoTime();
            try {
                cluster.start();
            } catch (RuntimeException e) {
                err.println("redis-cluster-testkit: the cluster failed to start; every container was removed.");
                err.println(e.getMessage());
                return EXIT_FAILED;
            }
            out.printf("Ready in %.1f s, running %s.%n%n", (System.nanoTime() - started) / 1e9, cluster.serverVersion());
            List<ShardEndpoints> shards = cluster.endpoints();
            out.println(table(cluster, shards, spec.password()));
            if (options.endpointsFile != null) {
                writeAtomically(options.endpointsFile, EndpointsJson.render(spec.password(),
                        "http://" + cluster.haproxyStats() + "/", shards));
                out.println("Endpoints written to " + options.endpointsFile);
            }
            // SIGINT and SIGTERM run the shutdown hooks; this one removes the cluster and makes the
            // exit status 0 (the JVM's own would be 130 or 143).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println(cluster.isReused() ? "Stopping: leaving the reused cluster " + cluster.clusterId()
                        + " running ('down --all' removes it) ..." : "Stopping: removing every container ...");
                cluster.stop();
                out.println("Stopped.");
                out.flush();
                Runtime.getRuntime().halt(EXIT_OK);
            }, "redis-cluster-testkit-launcher-stop"));
            out.println("Up until Ctrl-C or SIGTERM.");
            out.flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            err.println("redis-cluster-testkit: could not write the endpoints file: " + e.getMessage());
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    private static int downAll(PrintStream out, PrintStream err) {
        List<String> removed;
        try {
            removed = ReusedClusters.removeAll();
        } catch (RuntimeException e) {
            err.println("redis-cluster-testkit: could not remove the reused clusters: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println(removed.isEmpty() ? "No reused clusters." : "Removed " + removed.size() + " reused cluster"
                + (removed.size() == 1 ? "" : "s") + ": " + String.join(", ", removed));
        return EXIT_OK;
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

    /** The command line, parsed; every error names the option and what it takes. */
    static final class Options {
        ClusterSpec spec;
        Path endpointsFile;
        boolean help;
        boolean downAll;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> rest = new ArrayList<>(List.of(args));
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing command: use 'up' (or --help)");
            }
            String command = rest.remove(0);
            if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
                o.help = true;
                return o;
            }
            if (command.equals("down")) {
                if (!rest.equals(List.of("--all"))) {
                    throw new IllegalArgumentException("down takes --all, to remove every reused cluster (was "
                            + String.join(" ", rest) + ")");
                }
                o.downAll = true;
                return o;
            }
            if (!command.equals("up")) {
                throw new IllegalArgumentException("unknown command '" + command + "': the commands are 'up' and"
                        + " 'down --all'");
            }
            ClusterSpec.Builder spec = ClusterSpec.defaults().toBuilder();
            for (int i = 0; i < rest.size(); i++) {
                String option = rest.get(i);
                if (option.equals("--help") || option.equals("-h")) {
                    o.help = true;
                    return o;
                }
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException(known(option) + " needs a value");
                }
                String value = rest.get(++i);
                OPTIONS.stream().filter(declared -> declared.name().equals(option)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown option " + option))
                        .setter().set(spec, o, option, value);
            }
            o.spec = spec.build();
            return o;
        }

        private static String known(String option) {
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + option + "'");
            }
            return "option " + option;
        }
    }

    private static boolean bool(String option, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + option + " takes true or false (was '" + value + "')");
        };
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " takes a whole number (was '" + value + "')");
        }
    }
}
