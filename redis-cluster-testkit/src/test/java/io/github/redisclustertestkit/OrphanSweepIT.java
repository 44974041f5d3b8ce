package io.github.redisclustertestkit;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ryuk is disabled here, so a cluster whose owner JVM is killed stays until the next start on
 * this machine removes it; that start must leave a live owner's cluster alone.
 */
class OrphanSweepIT {

    private static final boolean POD = ClusterFacts.NETWORK_MODE == NetworkMode.POD;
    private static final int CONTAINERS = POD ? 5 : 4; // master, replica, Sentinel, HAProxy (and the pod)
    private static final String HELPER_LABEL = "redis-cluster-testkit.netadmin";

    /** A JVM that starts a small cluster, prints its id, and keeps it until its stdin closes. */
    public static final class ClusterOwner {
        public static void main(String[] args) throws IOException {
            try (RedisShardedClusterContainer cluster = small()) {
                cluster.start();
                System.out.println(ClusterFacts.OWNER_READY + cluster.clusterId());
                System.out.flush();
                while (System.in.read() != -1) {
                    // the test closes stdin (or dies) to let this owner go
                }
            }
        }
    }

    private static RedisShardedClusterContainer small() {
        return new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1).withSentinelsPerShard(1)
                .withNetworkMode(ClusterFacts.NETWORK_MODE);
    }

    @Test
    void aStartRemovesTheClusterOfAKilledOwnerAndLeavesALiveOwnersClusterAlone(@TempDir Path dir) throws Exception {
        List<String> ours = new ArrayList<>();
        ChildJvm.Started dead = startOwner(dir.resolve("dead.log"));
        ChildJvm.Started live = startOwner(dir.resolve("live.log"));
        String helper = null;
        try {
            String deadCluster = dead.awaitLineAfter(ClusterFacts.OWNER_READY, ClusterFacts.OWNER_START);
            String liveCluster = live.awaitLineAfter(ClusterFacts.OWNER_READY, ClusterFacts.OWNER_START);

            Map<String, String> deadOwnerLabels = containers(deadCluster).get(0).getLabels();
            assertThat(ClusterContainers.count(deadCluster)).as("the doomed owner's cluster").isEqualTo(CONTAINERS);
            dead.close(); // SIGKILL: no shutdown hook runs
            assertThat(dead.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            // What is left is not counted here: any JVM's start sweeps it, and under scripts/stress
            // another fork starts clusters at the same time. The start below must leave none of it.
            // What a JVM killed while its iptables helper ran leaves: a helper with the owner's labels.
            helper = leftBehindHelper(deadOwnerLabels);

            try (RedisShardedClusterContainer cluster = small()) {
                cluster.start();
                ours.add(cluster.clusterId());
                assertThat(ClusterContainers.count(deadCluster)).as("the killed owner's cluster").isZero();
                assertThat(DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                        .withIdFilter(List.of(helper)).exec()).as("the killed owner's helper container").isEmpty();
                assertThat(networks(deadCluster)).as("the killed owner's pod network").isEmpty();
                assertThat(networks(liveCluster)).as("the live owner's pod network").hasSize(POD ? 1 : 0);
                assertThat(states(liveCluster)).as("the live owner's cluster")
                        .hasSize(CONTAINERS).containsOnly("running");
                assertThat(live.process().isAlive()).isTrue();
                for (Container c : containers(cluster.clusterId())) {
                    assertThat(c.getLabels()).containsEntry("redis-cluster-testkit.owner.pid",
                            Long.toString(ProcessHandle.current().pid()));
                    if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                        assertThat(c.getLabels()).as("no work for Testcontainers' shutdown hook, which would race ours")
                                .doesNotContainKey(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL);
                    } else {
                        assertThat(c.getLabels()).as("Testcontainers' labels, so that Ryuk removes them")
                                .containsAllEntriesOf(DockerClientFactory.DEFAULT_LABELS)
                                .containsEntry(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL,
                                        DockerClientFactory.SESSION_ID);
                    }
                }
            }
        } finally {
            dead.close();
            live.process().getOutputStream().close();
            if (!live.process().waitFor(60, TimeUnit.SECONDS)) {
                live.close();
            }
            dead.lineAfter(ClusterFacts.OWNER_READY).ifPresent(ours::add);
            live.lineAfter(ClusterFacts.OWNER_READY).ifPresent(ours::add);
            ours.forEach(ClusterContainers::removeAll);
            if (helper != null) {
                try {
                    DockerClientFactory.lazyClient().removeContainerCmd(helper).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException removedBySweep) {
                    // gone, as it should be
                }
            }
        }
        assertThat(live.process().exitValue()).as("the live owner stops its cluster itself").isZero();
        for (String clusterId : ours) {
            assertThat(ClusterContainers.count(clusterId)).as(clusterId).isZero();
            assertThat(networks(clusterId)).as(clusterId).isEmpty();
        }
    }

    /** A stand-in for a network-fault helper container (labels as NetAdmin gives them), idle; returns its id. */
    private static String leftBehindHelper(Map<String, String> clusterLabels) {
        Map<String, String> labels = new HashMap<>();
        clusterLabels.forEach((k, v) -> {
            if (k.startsWith("redis-cluster-testkit.owner.")) {
                labels.put(k, v);
            }
        });
        labels.put(HELPER_LABEL, "true");
        var docker = DockerClientFactory.lazyClient();
        String id = docker.createContainerCmd(InternalDefaults.netadminImage()).withEntrypoint("sleep", "300")
                .withCmd(new String[0]).withLabels(labels).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            throw e;
        }
        return id;
    }

    private static ChildJvm.Started startOwner(Path log) throws IOException {
        return ChildJvm.of(ClusterOwner.class)
                .withJvmOptions("-D" + TestNetworkMode.PROPERTY + "=" + ClusterFacts.NETWORK_MODE).start(log);
    }

    private static List<Container> containers(String clusterId) {
        return DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, clusterId)).exec();
    }

    private static List<Network> networks(String clusterId) {
        return DockerClientFactory.lazyClient().listNetworksCmd()
                .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + clusterId)).exec();
    }

    private static List<String> states(String clusterId) {
        return containers(clusterId).stream().map(Container::getState).toList();
    }
}
