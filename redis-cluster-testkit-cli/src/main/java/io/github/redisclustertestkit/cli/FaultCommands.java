package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisClusterShard;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The fault verbs: they act on a running cluster of either topology, found by its id or by the
 * endpoints file {@code up} wrote, so that a person can break a cluster by hand while an
 * application runs against it. Each verb attaches to the cluster ({@link AttachedCluster}) and
 * calls the library's own {@link Node}, shard and heal, so it is done when a test's call would be.
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
            return named(spec).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "name the cluster either by ID or by --endpoints-file PATH ('status' lists the ids)"));
        }

        /** The cluster named by ID or by --endpoints-file, if one is; both at once is bad input. */
        Optional<RunningCluster> named(CommandSpec spec) {
            if (id != null && endpointsFile != null) {
                throw new ParameterException(spec.commandLine(), "name the cluster either by ID or by --endpoints-file"
                        + " PATH, not both");
            }
            return id == null && endpointsFile == null ? Optional.empty()
                    : Optional.of(RunningCluster.find(id != null ? id : EndpointsJson.clusterId(endpointsFile)));
        }

        /** Attached through the container of its topology. */
        AttachedCluster attach(CommandSpec spec) {
            return AttachedCluster.attach(find(spec));
        }
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
            @Option(names = "--master", required = true, description = "the shard's master, as its Sentinels (a native"
                    + " cluster: a majority of its nodes) agree now")
            boolean master;

            @Option(names = "--replica", required = true,
                    description = "a replica of the shard: the first running Redis node that is not its master")
            boolean replica;

            @Option(names = "--sentinel", paramLabel = "K", required = true,
                    description = "the shard's Sentinel K (Sentinel topology)")
            Integer sentinel;

            @Option(names = "--node", paramLabel = "NAME", required = true,
                    description = "a node of the shard by name, like redis-1 or sentinel-0")
            String node;

            @Option(names = "--haproxy", required = true,
                    description = "the HAProxy that serves every shard (Sentinel topology)")
            boolean haproxy;
        }

        @Spec
        CommandSpec spec;

        /** What the verb does to the node; the past tense for the report, like "Killed". */
        abstract String act(Node node);

        @Override
        public Integer call() {
            AttachedCluster cluster = target.attach(spec);
            Node node = select(cluster);
            String shardName = which.haproxy ? "" : cluster.shardName(shard);
            String role = which.master ? ", the master of " + shardName
                    : which.replica ? ", a replica of " + shardName : "";
            String did = act(node);
            spec.commandLine().getOut().println(did + " " + node.name() + " (" + node.endpoint().host() + ":"
                    + node.endpoint().port() + role + ") of cluster " + cluster.clusterId() + ".");
            return Cli.EXIT_OK;
        }

        private Node select(AttachedCluster cluster) {
            if (which.haproxy) {
                return cluster.haproxy();
            }
            cluster.requireShard(shard);
            if (which.master) {
                return cluster.master(shard);
            }
            if (which.replica) {
                return cluster.replicas(shard).stream().filter(Node::isRunning).findFirst()
                        .orElseThrow(() -> new IllegalStateException(cluster.shardName(shard) + " has no running replica"));
            }
            String name = which.sentinel != null ? "sentinel-" + which.sentinel : which.node;
            List<Node> nodes = cluster.nodes(shard);
            return nodes.stream().filter(n -> n.name().equals("shard-" + shard + " " + name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("shard " + shard + " has no node " + name
                            + ": it has " + nodes.stream().map(n -> n.name().substring(n.name().indexOf(' ') + 1))
                            .toList()));
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
            "HAProxy's ports follow the new master, as the library's Shard.failover() does.",
            "On a native Redis Cluster: CLUSTER FAILOVER on a replica of the shard's master; returns once",
            "every node agrees on the new master and the cluster is ready, as RedisClusterShard.failover()."})
    static final class Failover implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Mixin
        Target target;

        @Option(names = "--shard", paramLabel = "N", defaultValue = "0", description = "the shard (default 0)")
        int shard;

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "how long to wait (default ${DEFAULT-VALUE})")
        long timeoutMillis = Defaults.FAILOVER_WAIT.toMillis();

        @ArgGroup
        How how;

        /** How a native Redis Cluster's replica takes over; without either, coordinated with its master. */
        static final class How {
            @Option(names = "--force", required = true, description = "native cluster: CLUSTER FAILOVER FORCE, without"
                    + " the master (killed, paused or cut off); the other masters still vote")
            boolean force;

            @Option(names = "--takeover", required = true, description = "native cluster: CLUSTER FAILOVER TAKEOVER,"
                    + " without any vote")
            boolean takeover;

            RedisClusterShard.Failover mode() {
                return force ? RedisClusterShard.Failover.FORCE : RedisClusterShard.Failover.TAKEOVER;
            }
        }

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AttachedCluster cluster = target.attach(spec);
            String shardName = cluster.shardName(shard);
            Node before = cluster.master(shard);
            Node after = cluster.failover(shard, how == null ? RedisClusterShard.Failover.COORDINATED : how.mode(),
                    Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println(shardName + " failed over from " + before.name() + " to "
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
            AttachedCluster cluster = AttachedCluster.attach(found);
            cluster.heal(Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println("Healed cluster " + cluster.clusterId() + ": " + (broken.isEmpty()
                    ? "nothing was stopped or paused" : "brought back " + broken)
                    + "; every shard is healthy again.");
            return Cli.EXIT_OK;
        }
    }
}
