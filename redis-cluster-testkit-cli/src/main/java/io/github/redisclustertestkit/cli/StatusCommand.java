package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.containers.RunningCluster;
import io.github.redisclustertestkit.internal.reuse.ReuseLabels;
import io.github.redisclustertestkit.internal.containers.RunningCluster.Member;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.spec.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code status [--json]}: the clusters on this Docker engine, found by their labels. */
@Command(name = "status", header = "Lists the clusters on this Docker engine, with each shard's master.",
        description = {"Lists the clusters on this Docker engine (found by their labels), of either topology:",
        "containers by state, each shard's master as its Sentinels agree (a native Redis Cluster: as a",
        "majority of its nodes names it), HAProxy ports, owner pid. With an ID (or --endpoints-file), that",
        "cluster only. With --timeline FILE, writes the cluster's timeline page: what Docker did to its",
        "containers (whoever did it), each Sentinel's decisions, where HAProxy's ports routed."})
final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "write the cluster's timeline as an HTML page to FILE (the only cluster, or the one named)")
    Path timeline;

    /** Optional here: without it, every cluster. */
    @Mixin
    FaultCommands.Target target;

    @Spec
    CommandSpec spec;

    /** What status tells of one shard. */
    record ShardStatus(int index, String masterName, Optional<NodePlan> master, int haproxyMasterPort,
                       int haproxyReplicasPort) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RunningCluster> clusters = target.named(spec).map(List::of).orElseGet(RunningCluster::all);
        if (timeline != null) {
            return writeTimeline(out, clusters);
        }
        Map<RunningCluster, List<ShardStatus>> shards = new java.util.LinkedHashMap<>();
        for (RunningCluster c : clusters) {
            Function<ShardPlan, Optional<NodePlan>> master = AttachedCluster.topologyOf(c) == Topology.CLUSTER
                    ? clusterMasters(c) : c::agreedMaster;
            List<ShardStatus> list = new ArrayList<>();
            for (ShardPlan s : c.shards()) {
                list.add(new ShardStatus(s.index(), s.masterName(), master.apply(s), s.haproxyMasterPort(),
                        s.haproxyReplicasPort()));
            }
            shards.put(c, list);
        }
        out.print(json ? json(shards) : table(shards));
        out.flush();
        return Cli.EXIT_OK;
    }

    /** {@code --timeline FILE}: the page of the one cluster there is, or of the one named. */
    private int writeTimeline(PrintWriter out, List<RunningCluster> clusters) {
        if (clusters.size() != 1) {
            throw new ParameterException(spec.commandLine(), (clusters.isEmpty() ? "no cluster runs on this Docker engine"
                    : clusters.size() + " clusters run (" + clusters.stream().map(RunningCluster::clusterId)
                    .collect(Collectors.joining(", ")) + ")") + ": --timeline writes the page of one; name it by ID"
                    + " or by --endpoints-file PATH");
        }
        AttachedCluster attached = AttachedCluster.attach(clusters.get(0));
        Path file = attached.writeTimeline(timeline).toAbsolutePath();
        // The one line on stdout is the file, as --json keeps stdout for what a script reads.
        spec.commandLine().getErr().println("cluster " + attached.clusterId() + ": " + attached.timelineEvents()
                + " events");
        out.println(file);
        out.flush();
        return Cli.EXIT_OK;
    }

    /**
     * A native Redis Cluster's masters, as the library's {@code RedisClusterShard.masterNode()} tells
     * them: the node a majority of all nodes names master of the shard's slots (where they do not
     * agree, the last one seen). None for a cluster that cannot be attached to, such as one that
     * lost a container.
     */
    private static Function<ShardPlan, Optional<NodePlan>> clusterMasters(RunningCluster c) {
        AttachedCluster attached;
        try {
            attached = AttachedCluster.attach(c);
        } catch (RuntimeException notWhole) {
            return s -> Optional.empty();
        }
        return s -> {
            int index = attached.master(s.index()).index();
            return s.redis().stream().filter(n -> n.index() == index).findFirst();
        };
    }

    /** A reused cluster has no owner: it waits for the next start with the same options. */
    private static boolean reused(RunningCluster cluster) {
        return cluster.members().values().stream().anyMatch(m -> m.labels().containsKey(ReuseLabels.KEY_LABEL));
    }

    static String table(Map<RunningCluster, List<ShardStatus>> clusters) {
        if (clusters.isEmpty()) {
            return "No clusters on this Docker engine.\n";
        }
        StringBuilder t = new StringBuilder();
        String row = "%-10s %-9s %-8s %-32s %-10s %s%n";
        t.append(String.format(row, "cluster", "topology", "shards", "containers", "owner pid",
                "masters (as the Sentinels, or a native cluster's nodes, agree)"));
        clusters.forEach((c, shards) -> t.append(String.format(row, c.clusterId(), lower(AttachedCluster.topologyOf(c)),
                shards.size(), states(c),
                c.ownerPid().map(String::valueOf).orElse(reused(c) ? "reused" : "-"),
                shards.stream().map(s -> s.masterName() + "=" + s.master().map(m -> m.name().replace("shard-"
                        + s.index() + " ", "") + "@" + c.hostOf(m.port()) + ":" + m.port()).orElse("none agreed"))
                        .collect(Collectors.joining(" ")))));
        return t.toString();
    }

    private static String lower(Topology topology) {
        return topology.name().toLowerCase(Locale.ROOT);
    }

    /** Like {@code 22 running, 1 paused, 1 exited}. */
    private static String states(RunningCluster c) {
        Map<String, Long> byState = c.members().values().stream()
                .collect(Collectors.groupingBy(Member::state, TreeMap::new, Collectors.counting()));
        return byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    static String json(Map<RunningCluster, List<ShardStatus>> clusters) {
        StringBuilder j = new StringBuilder("[");
        String sep = "\n";
        for (Map.Entry<RunningCluster, List<ShardStatus>> e : clusters.entrySet()) {
            RunningCluster c = e.getKey();
            // A native Redis Cluster has no HAProxy: no HAProxy ports, rather than zeros.
            boolean sentinels = AttachedCluster.topologyOf(c) == Topology.SENTINEL;
            j.append(sep).append("  {\"clusterId\": ").append(EndpointsJson.string(c.clusterId()))
                    .append(", \"topology\": ").append(EndpointsJson.string(lower(AttachedCluster.topologyOf(c))))
                    .append(", \"host\": ").append(EndpointsJson.string(c.host()))
                    .append(", \"ownerPid\": ").append(c.ownerPid().map(String::valueOf).orElse("null"));
            if (sentinels) {
                j.append(", \"haproxyRuntimeApiPort\": ").append(c.haproxy().map(h -> String.valueOf(h.port()))
                        .orElse("null"));
            }
            j.append(",\n   \"shards\": [");
            String shardSep = "";
            for (ShardStatus s : e.getValue()) {
                j.append(shardSep).append("{\"index\": ").append(s.index())
                        .append(", \"masterName\": ").append(EndpointsJson.string(s.masterName()))
                        .append(", \"master\": ").append(s.master().map(m -> "{\"node\": "
                                + EndpointsJson.string(m.name()) + ", \"host\": " + EndpointsJson.string(c.hostOf(m.port()))
                                + ", \"port\": " + m.port() + "}").orElse("null"));
                if (sentinels) {
                    j.append(", \"haproxyMasterPort\": ").append(s.haproxyMasterPort())
                            .append(", \"haproxyReplicasPort\": ").append(s.haproxyReplicasPort());
                }
                j.append('}');
                shardSep = ",\n              ";
            }
            j.append("],\n   \"nodes\": [");
            String nodeSep = "";
            for (Map.Entry<NodePlan, Member> n : c.members().entrySet()) {
                j.append(nodeSep).append("{\"node\": ").append(EndpointsJson.string(n.getKey().name()))
                        .append(", \"port\": ").append(n.getKey().port())
                        .append(", \"state\": ").append(EndpointsJson.string(n.getValue().state())).append('}');
                nodeSep = ",\n             ";
            }
            j.append("]}");
            sep = ",\n";
        }
        return j.append(clusters.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
