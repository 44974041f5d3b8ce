package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.containers.RunningCluster;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
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
import java.util.concurrent.Callable;

/**
 * The fault verbs: they act on a running cluster, found by its id or by the endpoints file
 * {@code up} wrote, so that a person can break a cluster by hand while an application runs
 * against it.
 */
final class FaultCommands {

    /** How long {@code start} waits for the node to answer again. */
    static final Duration START_WAIT = Duration.ofSeconds(30);
    /** How long {@code heal} waits, by default, for every shard's Sentinels to agree on a running master. */
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

        RunningCluster find(CommandSpec spec) {
            if ((id == null) == (endpointsFile == null)) {
                throw new ParameterException(spec.commandLine(), "name the cluster either by ID or by --endpoints-file"
                        + " PATH ('status' lists the ids)");
            }
            return RunningCluster.find(id != null ? id : EndpointsJson.clusterId(endpointsFile));
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
        abstract String act(RunningCluster cluster, NodePlan node);

        @Override
        public Integer call() {
            RunningCluster cluster = target.find(spec);
            NodePlan node = select(cluster);
            String role = which.master ? ", the master of " + cluster.shard(shard).masterName()
                    : which.replica ? ", a replica of " + cluster.shard(shard).masterName() : "";
            spec.commandLine().getOut().println(act(cluster, node) + " " + node.name() + " (" + cluster.hostOf(node.port()) + ":"
                    + node.port() + role + ") of cluster " + cluster.clusterId() + ".");
            return Cli.EXIT_OK;
        }

        private NodePlan select(RunningCluster cluster) {
            if (which.haproxy) {
                return cluster.haproxy().orElseThrow(() -> new IllegalArgumentException("cluster "
                        + cluster.clusterId() + " has no HAProxy container"));
            }
            ShardPlan s = cluster.shard(shard);
            if (which.master) {
                return cluster.agreedMaster(s).orElseThrow(() -> new IllegalStateException("the Sentinels of "
                        + s.masterName() + " do not agree on a master now (a failover may be under way): try again,"
                        + " or name the node with --node"));
            }
            if (which.replica) {
                NodePlan master = cluster.agreedMaster(s).orElse(null);
                return s.redis().stream().filter(n -> !n.equals(master) && cluster.isRunning(n)).findFirst()
                        .orElseThrow(() -> new IllegalStateException(s.masterName() + " has no running replica"));
            }
            List<NodePlan> nodes = which.sentinel != null ? s.sentinels() : allOf(s);
            String name = which.sentinel != null ? "sentinel-" + which.sentinel : which.node;
            return nodes.stream().filter(n -> n.name().equals("shard-" + shard + " " + name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("shard " + shard + " has no node " + name
                            + ": it has " + allOf(s).stream().map(n -> n.name().substring(n.name().indexOf(' ') + 1))
                            .toList()));
        }

        private static List<NodePlan> allOf(ShardPlan s) {
            return java.util.stream.Stream.concat(s.redis().stream(), s.sentinels().stream()).toList();
        }
    }

    @Command(name = "kill", description = "Kills a node (SIGKILL): it dies at once, as in a crash.")
    static final class Kill extends NodeVerb {
        @Override
        String act(RunningCluster cluster, NodePlan node) {
            cluster.kill(node);
            return "Killed";
        }
    }

    @Command(name = "stop", description = "Stops a node gracefully (SIGTERM).")
    static final class Stop extends NodeVerb {
        @Override
        String act(RunningCluster cluster, NodePlan node) {
            cluster.stop(node);
            return "Stopped";
        }
    }

    @Command(name = "start", description = "Starts a stopped or killed node again, with the config it had.")
    static final class Start extends NodeVerb {
        @Override
        String act(RunningCluster cluster, NodePlan node) {
            cluster.start(node, START_WAIT);
            return "Started";
        }
    }

    @Command(name = "pause", description = "Freezes a node (cgroup freezer): connections stay open, nothing answers.")
    static final class Pause extends NodeVerb {
        @Override
        String act(RunningCluster cluster, NodePlan node) {
            cluster.pause(node);
            return "Paused";
        }
    }

    @Command(name = "unpause", description = "Unfreezes a paused node.")
    static final class Unpause extends NodeVerb {
        @Override
        String act(RunningCluster cluster, NodePlan node) {
            cluster.unpause(node);
            return "Unpaused";
        }
    }

    @Command(name = "failover", header = "Fails a shard over (SENTINEL FAILOVER) and waits for the new master.",
            description = {"SENTINEL FAILOVER on a shard; returns once its Sentinels name the",
            "new master."})
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
            RunningCluster cluster = target.find(spec);
            ShardPlan s = cluster.shard(shard);
            NodePlan before = cluster.agreedMaster(s).orElse(null);
            NodePlan after = cluster.failover(s, Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println(s.masterName() + " failed over from "
                    + (before == null ? "?" : before.name()) + " to " + after.name() + " (" + cluster.hostOf(after.port()) + ":"
                    + after.port() + ") in cluster " + cluster.clusterId() + ".");
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "heal", header = "Unpauses and starts every node a fault hit, then waits for the Sentinels.",
            description = {"Undo the faults: unpause paused nodes, start stopped ones, then wait until",
            "every shard's Sentinels agree on a running master. Shards keep their new masters."})
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
            RunningCluster cluster = target.find(spec);
            List<NodePlan> healed = cluster.heal(Duration.ofMillis(timeoutMillis));
            spec.commandLine().getOut().println("Healed cluster " + cluster.clusterId() + ": " + (healed.isEmpty()
                    ? "nothing was stopped or paused" : "brought back " + healed.stream().map(NodePlan::name).toList())
                    + "; every shard's Sentinels agree on a running master.");
            return Cli.EXIT_OK;
        }
    }
}
