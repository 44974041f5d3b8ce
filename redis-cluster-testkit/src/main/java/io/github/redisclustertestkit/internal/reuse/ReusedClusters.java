package io.github.redisclustertestkit.internal.reuse;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import org.testcontainers.DockerClientFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reused clusters on the Docker host, found by their labels: what a start takes over, and
 * what {@code redis-cluster-testkit down} removes. They carry neither Testcontainers'
 * session labels (Ryuk would remove them when the JVM ends) nor owner labels (the orphan sweep
 * would remove them once their first JVM is gone).
 */
public final class ReusedClusters {

    private ReusedClusters() {
    }

    /**
     * One reused cluster.
     *
     * @param clusterId  as in its container names
     * @param key        the {@link ReuseKey} of the spec it was started for
     * @param slot       its lease slot
     * @param containers its containers; every one carries the same reuse labels
     */
    public record ReusedCluster(String clusterId, String key, int slot, List<Container> containers) {

        public ReusedCluster {
            containers = List.copyOf(containers);
        }

        /** What its labels record; empty if they are malformed (then it is not taken over). */
        public Optional<ReuseLabels> recorded() {
            return ReuseLabels.parse(containers.get(0).getLabels());
        }

        /** How many of its containers run (paused ones count), out of all. */
        public long running() {
            return containers.stream().filter(c -> "running".equals(c.getState()) || "paused".equals(c.getState()))
                    .count();
        }
    }

    /** Every reused cluster on the Docker host, by cluster id, in one Docker call. */
    public static List<ReusedCluster> list() {
        return find(Map.of());
    }

    /** The reused cluster started for {@code key} in {@code slot}, if there is one. */
    public static Optional<ReusedCluster> find(String key, int slot) {
        return find(Map.of(ReuseLabels.KEY_LABEL, key, ReuseLabels.SLOT_LABEL, Integer.toString(slot))).stream().findFirst();
    }

    private static List<ReusedCluster> find(Map<String, String> labels) {
        var list = DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true);
        List<Container> all = (labels.isEmpty() ? list.withLabelFilter(List.of(ReuseLabels.KEY_LABEL)) : list.withLabelFilter(labels))
                .exec();
        Map<String, List<Container>> byCluster = all.stream()
                .filter(c -> c.getLabels().containsKey(ReuseLabels.KEY_LABEL))
                .collect(Collectors.groupingBy(c -> c.getLabels().get(NodeContainer.CLUSTER_LABEL), TreeMap::new,
                        Collectors.toList()));
        return byCluster.entrySet().stream()
                .map(e -> {
                    Map<String, String> l = e.getValue().get(0).getLabels();
                    return new ReusedCluster(e.getKey(), l.get(ReuseLabels.KEY_LABEL), slot(l), e.getValue());
                })
                .sorted(Comparator.comparing(ReusedCluster::key).thenComparing(ReusedCluster::slot))
                .toList();
    }

    private static int slot(Map<String, String> labels) {
        try {
            return Integer.parseInt(labels.getOrDefault(ReuseLabels.SLOT_LABEL, "-1"));
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    /**
     * Removes one reused cluster, whether or not a JVM uses it now.
     *
     * @return false if there is no reused cluster with that id
     */
    public static boolean remove(String clusterId) {
        boolean found = list().stream().anyMatch(c -> c.clusterId().equals(clusterId));
        if (found) {
            ClusterContainers.removeAll(clusterId);
        }
        return found;
    }
}
