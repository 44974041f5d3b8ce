package io.github.redisclustertestkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Teardown in dependency order, every step checked: a removal the engine refuses is reported, not
 * ignored, and what the cluster made (its anonymous volumes too) is gone once teardown says so.
 * A pod-mode cluster, so that there is a network to refuse.
 */
class TeardownIT {

    @Test
    void aNetworkTheEngineRefusesToRemoveIsReportedAndEveryContainerGoesWithItsVolumes() {
        DockerClient docker = DockerClientFactory.lazyClient();
        var cluster = new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1)
                .withSentinelsPerShard(1).withNetworkMode(NetworkMode.POD);
        String squatter = null;
        String clusterId = null;
        try {
            ClusterFacts.start(cluster);
            clusterId = cluster.clusterId();
            String image = ClusterContainers.list(clusterId, true).get(0).getImage();
            List<String> volumes = ClusterContainers.list(clusterId, true).stream()
                    .flatMap(c -> docker.inspectContainerCmd(c.getId()).exec().getMounts().stream())
                    .map(m -> m.getName()).filter(Objects::nonNull).toList();
            assertThat(volumes).as("the redis image's VOLUME /data, one per redis node").isNotEmpty();
            // Someone else's container on the cluster's network: the engine refuses to remove the network.
            String network = networks(clusterId).get(0).getName();
            squatter = docker.createContainerCmd(image)
                    .withEntrypoint("sleep", "60")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                    .exec().getId();
            docker.startContainerCmd(squatter).exec();

            assertThatThrownBy(cluster::stop)
                    .isInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("cluster " + clusterId + " was not removed completely; left on the"
                            + " Docker engine: network " + network + " (")
                    .hasMessageContaining("in use by container(s) ");
            assertThat(ClusterContainers.list(clusterId, true)).as("nodes and pod container").isEmpty();
            assertThat(docker.listVolumesCmd().exec().getVolumes()).extracting(v -> v.getName())
                    .as("the nodes' anonymous volumes").doesNotContainAnyElementsOf(volumes);

            docker.removeContainerCmd(squatter).withForce(true).withRemoveVolumes(true).exec();
            squatter = null;
            ClusterContainers.removeAll(clusterId);
            assertThat(networks(clusterId)).isEmpty();
        } finally {
            if (squatter != null) {
                docker.removeContainerCmd(squatter).withForce(true).withRemoveVolumes(true).exec();
            }
            try {
                cluster.close();
            } finally {
                if (clusterId != null) {
                    ClusterContainers.removeAll(clusterId);
                }
            }
        }
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    private static List<Network> networks(String clusterId) {
        return DockerClientFactory.lazyClient().listNetworksCmd()
                .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + clusterId)).exec();
    }
}
