package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.internal.containers.RunningCluster;
import io.github.redisclustertestkit.spec.Defaults;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The fault verbs: they act on a running cluster, found by its id or by the endpoints file
 * {@code up} wrote, so that a person can break a cluster by hand while an application runs
 * against it. Each verb attaches to the cluster ({@link RedisShardedClusterContainer#attach}) and
 * calls the library's own {@link Node}, {@link Shard} and heal, so it is done when a test's call
 * would be.
 */
final class FaultCommands {

    /** How long {@code heal} waits, by default, for the cluster to be healthy again. */
    static final Duration HEAL_WAIT = Duration.ofSeconds(60);

    private FaultCommands() {
    }

    /** Which cluster: its id, or the endpoints file that names it. */
    static final class Target {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the cluster id ('status' lists them)")
        String id;

        @Option(names = "--endpoints-file", paramLabel = "PATH",
                description = "find the cluster by the file 'up --endpoints-file' wrote, instead of by ID")
        Path endpointsFile;

        /** The cluster's containers as listed now, which also says clearly when there is no such cluster. */
        RunningCluster find(CommandSpec spec) {
            if ((id == null) == (endpointsFile == null)) {
                throw new ParameterException(spec.commandLine(), "name the cluster either by ID or by --endpoints-file"
                        + " PATH ('status' lists the ids)");
            }
            return RunningCluster.find(id != null ? id : EndpointsJson.clusterId(endpointsFile));
        }

        RedisShardedClusterContainer attach(CommandSpec spec) {
            return RedisShardedClusterContainer.attach(find(spec).clusterId());
        }
    }

    /** The shard, or bad input (exit code 2) naming the shards there are. */
    static Shard shard(RedisShardedClusterContainer cluster, int index) {
        if (index < 0 || index >= cluster.shardCount()) {
            throw new IllegalArgumentException("cluster " + cluster.clusterId() + " has no shard " + index
                    + ": it has shards 0.." + (cluster.shardCount() - 1));
        }
        return cluster.shard(index);
    }

    /** A verb that acts on one node: a shard and a node of it, or HAProxy. */
    abstract static class NodeVerb implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Mixin
        Target target;

        @Option(names = "--shard", paramLabel = "N", defaultValue = "0", description = "the shard (default 0)")
        int shard;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--master", required = true, description = "the shard's master, as its Sentinels agree now")
            boolean master;

            @Option(names = "--replica", required = true,
                    description = "a replica of the shard: the first running Redis node that is not its master")
            boolean replica;

            @Option(names = "--sentinel", paramLabel = "K", required = true, description = "the shard's Sentinel K")
            Integer sentinel;

            @Option(names = "--node", paramLabel = "NAME", required = true,
                    description = "a node of the shard by name, like redis-1 or sentinel-0")
            String node;

            @Option(names = "--haproxy", required = true, description = "the HAProxy that serves every shard")
            boolean haproxy;
        }

        @Spec
        CommandSpec spec;

        /** What the verb does to the node; the past tense for the report, like "Killed". */
        abstract String act(Node node);

        @Override
        public Integer call() {
            RedisShardedClusterContainer cluster = target.attach(spec);
            Node node = select(cluster);
            String masterName = which.haproxy ? "" : shard(cluster, shard).masterName();
            String role = which.master ? ", the master of " + masterName
                    : which.replica ? ", a replica of " + masterName : "";
            String did = act(node);
            spec.commandLine().getOut().println(did + " " + node.name() + " (" + node.endpoint().host() + ":"
                    + node.endpoint().port() + role + ") of cluster " + cluster.clusterId() + ".");
            return Cli.EXIT_OK;
        }

        private Node select(RedisShardedClusterContainer cluster) {
            if (which.haproxy) {
                return cluster.haproxyNode();
            }
            Shard s = shard(cluster, shard);
            if (which.master) {
                return s.masterNode();
            }
            if (which.replica) {
                return s.replicaNodes().stream().filter(Node::isRunning).findFirst()
                        .orElseThrow(() -> new IllegalStateException(s.masterName() + " has no running replica"));
            }
            String name = which.sentinel != null ? "sentinel-" + which.sentinel : which.node;
            return allOf(s).filter(n -> n.name().equals("shard-" + shard + " " + name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("shard " + shard + " has no node " + name
                            + ": it has " + allOf(s).map(n -> n.name().substring(n.name().indexOf(' ') + 1))
                            .toList()));
        }

        private static Stream<Node> allOf(Shard s) {
            List<Node> redis = Stream.concat(Stream.of(s.masterNode()), s.replicaNodes().stream())
                    .sorted(Comparator.comparing(Node::index)).toList();
            return Stream.concat(redis.stream(), s.sentinelNodes().stream());
        }
    }

    @Command(name = "kill", description = "Kills a node (SIGKILL): it dies at once, as in a crash.")
    static final class Kill extends NodeVerb {
        @Override
        String act(Node node) {
            node.kill();
            return "Killed";
        }
    }

    @Command(name = "stop", description = "Stops a node gracefully (SIGTERM).")
    static final class Stop extends NodeVerb {
        @Override
        String act(Node node) {
            node.stop();
            return "Stopped";
        }
    }

    @Command(name = "start", description = "Starts a stopped or killed node again, with the config it had.")
    static final class Start extends NodeVerb {
        @Override
        String act(Node node) {
            node.start();
            return "Started";
        }
    }

    @Command(name = "pause", description = "Freezes a node (cgroup freezer): connections stay open, nothing answers.")
    static final class Pause extends NodeVerb {
        @Override
        String act(Node node) {
            node.pause();
            return "Paused";
        }
    }

    @Command(name = "unpause", description = "Unfreezes a paused node.")
    static final class Unpause extends NodeVerb {
        @Override
        String act(Node node) {
            node.unpause();
            return "Unpaused";
        }
    }

    @Command(name = "failover", header = "Fails a shard over (SENTINEL FAILOVER) and waits until everything follows.",
            description = {"SENTINEL FAILOVER on a shard; returns once its Sentinels, its replicas and",
            "HAProxy's ports follow the new master, as the library's Shard.failover() does."})
    static final class Failover implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Mixin
        Target target;

        @Option(names = "--shard", paramLabel = "N", defaultValue = "0", description = "the shard (default 0)")
        int shard;

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "how long to wait (default ${DEFAULT-VALUE})")
        long timeoutMillis = Defaults.FAILOVER_WAIT.toMillis();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RedisShardedClusterContainer cluster = target.attach(spec);
            Shard s = shard(cluster, shard);
            Node before = s.masterNode();
            Node after = s.failover(Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println(s.masterName() + " failed over from " + before.name() + " to "
                    + after.name() + " (" + after.endpoint().host() + ":" + after.endpoint().port() + ") in cluster "
                    + cluster.clusterId() + ".");
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "heal", header = "Undoes every fault, then waits until the cluster is healthy.",
            description = {"Remove network rules, unpause paused nodes, start stopped ones, then wait until",
            "the cluster is healthy again, as the library's heal() does. Shards keep their new masters."})
    static final class Heal implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Mixin
        Target target;

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "how long to wait (default ${DEFAULT-VALUE})")
        long timeoutMillis = HEAL_WAIT.toMillis();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RunningCluster found = target.find(spec);
            List<String> broken = found.members().entrySet().stream()
                    .filter(e -> !"running".equals(e.getValue().state()))
                    .map(e -> e.getKey().name()).sorted().toList();
            RedisShardedClusterContainer cluster = RedisShardedClusterContainer.attach(found.clusterId());
            cluster.heal(Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println("Healed cluster " + cluster.clusterId() + ": " + (broken.isEmpty()
                    ? "nothing was stopped or paused" : "brought back " + broken)
                    + "; every shard is healthy again.");
            return Cli.EXIT_OK;
        }
    }
}
