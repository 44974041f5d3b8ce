package io.github.redisclustertestkit.internal.runtime;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
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
        ClusterRecord record = recorded(found).orElseThrow(() -> new ClusterFailure("cluster " + clusterId
                + " does not record its plan in its labels: an older version of redis-cluster-testkit started it."
                + " Act on it with that version, or start a new cluster"));
        ClusterTls tls = found.stream().filter(c -> ClusterRecord.parse(c.getLabels()).isPresent()).findFirst()
                .flatMap(c -> ClusterRecord.tls(record, c.getLabels())).orElse(null);
        ClusterRuntime runtime = runtime(record.plan(clusterId), record.host(), record.pod(), found, tls)
                .orElseThrow(() -> new ClusterFailure("cluster " + clusterId + " is not whole: some of its containers"
                        + " are gone. Remove it ('down " + clusterId + "' or close() of the container that started"
                        + " it) and start a new one"));
        return new Attached(runtime, record.mode());
    }

    /** The record in the labels of {@code found}: the pod container, where there is one, carries none; the nodes do. */
    static Optional<ClusterRecord> recorded(List<Container> found) {
        return found.stream().map(c -> ClusterRecord.parse(c.getLabels())).flatMap(Optional::stream).findFirst();
    }

    /**
     * The runtime of {@code plan} over the containers {@code found} (one list call's answer), for a
     * process that did not start them; empty when one of the plan's containers is gone. It has no
     * shutdown hook: whoever started the cluster removes it.
     */
    static Optional<ClusterRuntime> runtime(ClusterPlan plan, String host, PodNetwork pod, List<Container> found,
                                            ClusterTls tls) {
        ClusterContainers containers = new ClusterContainers(plan, host, pod, Map.of(), Map.of(), tls);
        if (!containers.attach(found)) {
            return Optional.empty();
        }
        return Optional.of(new ClusterRuntime(plan, containers, new Probe(plan, tls == null ? null : tls.socketFactory()),
                null, tls));
    }
}
