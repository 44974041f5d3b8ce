package io.github.redisclustertestkit.internal.runtime;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.spec.NetworkMode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running cluster that another process started, rebuilt here from its {@link ClusterRecord}:
 * the same plan, containers and probe, so every fault and wait works on it as in the process that
 * owns it. Nothing here removes it: its owner does.
 */
public final class Attach {

    /** The runtime and how the cluster's network was set up. */
    public record Attached(ClusterRuntime runtime, NetworkMode mode) {
    }

    private Attach() {
    }

    /**
     * @throws ClusterFailure if no container of the cluster exists, its labels hold no record (a
     *                        cluster of an older version), or some of its containers are gone
     */
    public static Attached attach(String clusterId) {
        List<Container> found = ClusterContainers.list(clusterId, true);
        if (found.isEmpty()) {
            throw new ClusterFailure("no cluster " + clusterId + " exists on this Docker engine");
        }
        // The pod container, where there is one, carries no record: the nodes do.
        ClusterRecord record = found.stream().map(c -> ClusterRecord.parse(c.getLabels())).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new ClusterFailure("cluster " + clusterId + " does not record its plan"
                        + " in its labels: an older version of redis-cluster-testkit started it. Act on it with that"
                        + " version, or start a new cluster"));
        ClusterPlan plan = record.plan(clusterId);
        ClusterContainers containers = new ClusterContainers(plan, record.host(), record.pod(), Map.of(), Map.of());
        if (!containers.attach(found)) {
            throw new ClusterFailure("cluster " + clusterId + " is not whole: some of its containers are gone."
                    + " Remove it ('down " + clusterId + "' or RedisShardedClusterContainer.close()) and start a new one");
        }
        return new Attached(new ClusterRuntime(plan, containers, new Probe(plan::clientHost, plan.spec().password()),
                null), record.mode());
    }
}
