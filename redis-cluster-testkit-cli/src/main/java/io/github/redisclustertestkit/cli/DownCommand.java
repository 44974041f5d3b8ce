package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.RunningCluster;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code down <id>...} or {@code down --all}: removes clusters; an {@code up} that ran one then exits. */
@Command(name = "down", header = "Removes clusters by id, or all of them.",
        description = {"Removes clusters: every container, whichever process started them.",
        "An 'up' whose cluster is removed exits."})
final class DownCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "the cluster id ('status' lists them)")
        List<String> ids;

        @Option(names = "--all", required = true, description = "every cluster on this Docker engine, also those"
                + " other processes started and still use")
        boolean all;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RunningCluster> clusters = which.all ? RunningCluster.all()
                : which.ids.stream().map(RunningCluster::find).toList();
        int exit = Cli.EXIT_OK;
        for (RunningCluster cluster : clusters) {
            // Counted by the cluster label, so that a pod's container counts too.
            int containers = ClusterContainers.count(cluster.clusterId());
            try {
                // Returns only once nothing of the cluster is left: containers, pod container, network.
                cluster.remove();
                out.println("Removed cluster " + cluster.clusterId() + " (" + containers + " containers).");
            } catch (ClusterFailure notAll) {
                spec.commandLine().getErr().println("Not removed: " + notAll.getMessage());
                exit = Cli.EXIT_FAILED;
            }
        }
        if (clusters.isEmpty()) {
            out.println("No clusters on this Docker engine.");
        }
        return exit;
    }
}
