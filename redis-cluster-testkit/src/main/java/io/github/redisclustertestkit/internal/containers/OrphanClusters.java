package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.faults.NetworkRules;
import io.github.redisclustertestkit.internal.tls.CertificateIssuer;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Clusters left behind by a process that died without stopping them (kill -9, a fork timeout, an
 * IDE's stop button). Ryuk removes those where it runs, through Testcontainers' session labels;
 * where it is disabled, the next start removes them (and their pod networks) by their {@link Owner} labels.
 */
public final class OrphanClusters {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanClusters.class);

    private OrphanClusters() {
    }

    /**
     * Removes every cluster on a Docker host on this machine whose owning process is surely
     * gone; leaves alone live owners' clusters, those whose owner cannot be judged, and those
     * without owner labels; also network-fault helper containers of owners surely gone, and this
     * user's TLS files of clusters that have no container left. Four label-filtered list calls
     * (containers, pod networks, helpers, every cluster's containers) when there is nothing to remove.
     */
    /**
     * How old the TLS files of a cluster without containers here must be before a sweep removes them:
     * older than their certificates' validity, so that nothing can use them any more, not even a
     * cluster this user runs on another engine, whose containers this sweep does not see.
     */
    private static final Duration ABANDONED_TLS_AGE = CertificateIssuer.DEFAULT_VALIDITY.plusHours(1);

    public static void remove(String dockerHost) {
        Optional<Owner> self = Owner.forDockerHost(dockerHost);
        if (self.isEmpty()) {
            return;
        }
        DockerClient docker = DockerClientFactory.lazyClient();
        Map<String, List<Container>> byCluster = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(NodeContainer.CLUSTER_LABEL, Owner.PID_LABEL))
                .exec().stream()
                .collect(Collectors.groupingBy(c -> c.getLabels().get(NodeContainer.CLUSTER_LABEL),
                        TreeMap::new, Collectors.toList()));
        boolean[] hadNetworkFaults = {false};
        byCluster.forEach((clusterId, containers) -> Owner.fromLabels(containers.get(0).getLabels()).ifPresent(owner -> {
            Long created = containers.get(0).getCreated();
            Owner.Liveness liveness = self.get().judge(owner,
                    created == null ? OptionalLong.empty() : OptionalLong.of(created), Owner.BOOT_TIME,
                    Owner.ProcessTable.PROC);
            if (liveness.gone()) {
                ClusterContainers.remove(docker, containers);
                ClusterTls.deleteLeftBehind(clusterId, containers.get(0).getLabels());
                hadNetworkFaults[0] |= containers.get(0).getLabels().containsKey(NodeContainer.NETWORK_FAULTS_LABEL);
                LOG.info("Removed the {} containers of cluster {}, left behind by {}: {}",
                        containers.size(), clusterId, owner, liveness.whyGone());
            }
        }));
        if (hadNetworkFaults[0]) {
            removeRulesOfGoneClusters();
        }
        removeNetworks(docker, self.get());
        removeHelpers(docker, self.get());
        // TLS files of clusters gone without their owner's teardown (a JVM killed after its containers went).
        ClusterTls.deleteAbandoned(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(NodeContainer.CLUSTER_LABEL)).exec().stream()
                .map(c -> c.getLabels().get(NodeContainer.CLUSTER_LABEL)).collect(Collectors.toSet()), ABANDONED_TLS_AGE);
    }

    /**
     * {@link NetAdmin}'s helper containers (host network, NET_ADMIN) left behind by a process
     * killed while one ran. Only those whose owner is surely gone, and exited ones without owner
     * labels (made before helpers had them): an exited helper of a live process may be having its
     * output read this very moment.
     */
    private static void removeHelpers(DockerClient docker, Owner self) {
        List<Container> leftBehind = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(NetAdmin.HELPER_LABEL))
                .exec().stream()
                .filter(c -> helperLeftBehind(c.getLabels(), c.getState(), c.getCreated(), self, Owner.BOOT_TIME,
                        Owner.ProcessTable.PROC))
                .toList();
        if (!leftBehind.isEmpty()) {
            ClusterContainers.remove(docker, leftBehind);
            LOG.info("Removed {} network-fault helper container(s) left behind by processes that are gone",
                    leftBehind.size());
        }
    }

    /** Whether a helper container with these labels and Docker state ("running", "exited", ..) may go. */
    static boolean helperLeftBehind(Map<String, String> labels, String state, Long created, Owner self,
                                    OptionalLong bootTime, Owner.ProcessTable processes) {
        Optional<Owner> owner = Owner.fromLabels(labels == null ? Map.of() : labels);
        if (owner.isEmpty()) {
            return "exited".equals(state) || "created".equals(state) || "dead".equals(state);
        }
        return self.judge(owner.get(), created == null ? OptionalLong.empty() : OptionalLong.of(created), bootTime,
                processes).gone();
    }

    /**
     * Pod networks ({@code NetworkMode.POD}) of owners surely gone, once their containers went
     * above; also those of a start that died between creating the network and its pod.
     */
    private static void removeNetworks(DockerClient docker, Owner self) {
        docker.listNetworksCmd().withFilter("label", List.of(NodeContainer.CLUSTER_LABEL, Owner.PID_LABEL)).exec()
                .forEach(network -> Owner.fromLabels(network.getLabels()).ifPresent(owner -> {
                    Owner.Liveness liveness = self.judge(owner, OptionalLong.empty(), Owner.BOOT_TIME,
                            Owner.ProcessTable.PROC);
                    String clusterId = network.getLabels().get(NodeContainer.CLUSTER_LABEL);
                    // Never under containers still attached: Podman would remove it by id and leave its plumbing.
                    if (liveness.gone() && ClusterContainers.count(clusterId) == 0) {
                        Pod.removeNetwork(docker, network.getId());
                        LOG.info("Removed the network {} of cluster {}, left behind by {}: {}", network.getName(),
                                network.getLabels().get(NodeContainer.CLUSTER_LABEL), owner, liveness.whyGone());
                    }
                }));
    }

    /**
     * Removes the network-fault rules of every cluster that has no container left on this
     * machine: its owner died before stopping it (a live cluster's rules go before its
     * containers, and exist only once it has started). Best effort: where the helper cannot run,
     * there were no rules either.
     */
    public static void removeRulesOfGoneClusters() {
        try {
            for (String clusterId : NetworkRules.clusterIds(NetAdmin.run(NetworkRules.list()))) {
                if (ClusterContainers.count(clusterId) == 0) {
                    NetAdmin.run(NetworkRules.remove(clusterId));
                    LOG.info("Removed the network-fault rules of cluster {}, whose containers are gone", clusterId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Network-fault rules of clusters that are gone were not swept: {}", e.getMessage());
        }
    }
}
