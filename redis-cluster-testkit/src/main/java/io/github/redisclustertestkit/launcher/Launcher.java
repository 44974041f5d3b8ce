package io.github.redisclustertestkit.launcher;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
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

    static final String USAGE = String.join("\n",
            "Usage: redis-cluster-testkit up [options]",
            "",
            "Starts shards of a Redis master with replicas, watched by Sentinels, behind one HAProxy,",
            "with Docker host networking; prints the endpoints once replication, Sentinel agreement and",
            "HAProxy routing all hold; stays up until Ctrl-C (SIGINT) or SIGTERM, then removes every",
            "container it started.",
            "",
            "Options:",
            "  --shards N             shards (default " + Defaults.SHARDS + ")",
            "  --replicas N           replicas per shard (default " + Defaults.REPLICAS_PER_SHARD + ")",
            "  --sentinels N          Sentinels per shard (default " + Defaults.SENTINELS_PER_SHARD + ")",
            "  --quorum N             Sentinel quorum (default: a majority of the Sentinels)",
            "  --password P           requirepass/masterauth on every node (default: none)",
            "  --haproxy-base-port P  fixed HAProxy layout: shard i at P+2i (master) and P+2i+1",
            "                         (replicas), stats page at P+2*shards (default: ports per run)",
            "  --down-after-ms MS     Sentinel down-after-milliseconds (default "
                    + Defaults.DOWN_AFTER.toMillis() + ")",
            "  --redis-image IMG      Redis image (default: $" + Defaults.REDIS_IMAGE_ENV + " or "
                    + Defaults.REDIS_IMAGE + ")",
            "  --haproxy-image IMG    HAProxy image (default: $" + Defaults.HAPROXY_IMAGE_ENV + " or "
                    + Defaults.HAPROXY_IMAGE + ")",
            "  --bind ADDR            the IP address every node and HAProxy port listens on (default:",
            "                         127.0.0.1 when Docker runs on this machine, else the Docker host's",
            "                         address; 0.0.0.0 for every interface)",
            "  --endpoints-file PATH  once ready, write the endpoints as JSON to PATH (atomically)",
            "  --help                 show this help");

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
                out.println("Stopping: removing every container ...");
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
            if (!command.equals("up")) {
                throw new IllegalArgumentException("unknown command '" + command + "': the only command is 'up'");
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
                switch (option) {
                    case "--shards" -> spec.shards(number(option, value));
                    case "--replicas" -> spec.replicasPerShard(number(option, value));
                    case "--sentinels" -> spec.sentinelsPerShard(number(option, value));
                    case "--quorum" -> spec.quorum(number(option, value));
                    case "--password" -> spec.password(value);
                    case "--haproxy-base-port" -> spec.haproxyBasePort(number(option, value));
                    case "--bind" -> spec.bindAddress(value);
                    case "--down-after-ms" -> spec.downAfter(Duration.ofMillis(number(option, value)));
                    case "--redis-image" -> spec.redisImage(value);
                    case "--haproxy-image" -> spec.haproxyImage(value);
                    case "--endpoints-file" -> o.endpointsFile = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
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

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " takes a whole number (was '" + value + "')");
            }
        }
    }
}
