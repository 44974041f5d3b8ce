package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.plan.PodNetwork;

import java.util.List;
import java.util.Map;

/**
 * The network namespace of a cluster in {@code NetworkMode.POD}: a bridge network of its own and a
 * container that holds the namespace and publishes every port. Never a fault target: killing a
 * node leaves the namespace, and so the other nodes, alone.
 */
final class Pod {

    /** Holds the namespace and nothing else; any POSIX image has these. Removal is forced, so no signal handling. */
    private static final List<String> IDLE = List.of("sh", "-c", "while sleep 3600; do :; done");

    private Pod() {
    }

    /** The container name nodes join with {@code --network container:NAME}. */
    static String containerName(String clusterId) {
        return "rct-" + clusterId + "-pod";
    }

    /**
     * Creates the cluster's network, trying the next subnet while Docker reports an overlap with
     * an existing network (another tool's, or a cluster's whose owner this sweep cannot judge).
     * Subnets that overlap one of {@code routes} (this machine's) are not tried at all.
     */
    static PodNetwork createNetwork(DockerClient docker, String clusterId, int firstPort, String bindAddress,
                                    Map<String, String> labels, List<PodNetwork.Route> routes) {
        List<PodNetwork> candidates = PodNetwork.candidates(clusterId, firstPort, bindAddress, routes);
        if (candidates.isEmpty()) {
            throw new ClusterFailure("could not create the pod network rct-" + clusterId + ": every subnet"
                    + " tried in 10.128.0.0/9 overlaps a route of this machine (" + routes + "), which a bridge"
                    + " network there would shadow while the cluster runs. Use host networking"
                    + " (withNetworkMode(NetworkMode.HOST), CLI: up --network-mode host) where it reaches this JVM");
        }
        DockerException last = null;
        for (PodNetwork network : candidates) {
            try {
                docker.createNetworkCmd()
                        .withName(network.name())
                        .withDriver("bridge")
                        .withLabels(labels)
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                                .withSubnet(network.subnet()).withGateway(network.gateway())))
                        .exec();
                return network;
            } catch (DockerException e) {
                if (!String.valueOf(e.getMessage()).contains("overlap")) {
                    throw new ClusterFailure("could not create the pod network " + network.name() + " ("
                            + network.subnet() + "): " + e.getMessage(), e);
                }
                last = e;
            }
        }
        throw new ClusterFailure("could not create the pod network rct-" + clusterId + ": " + candidates.size()
                + " subnets in 10.128.0.0/9 overlap existing networks (last: " + last.getMessage() + ")."
                + " Remove unused networks (docker network prune)", last);
    }

    /** Starts the pod container, publishing each port on the same number of the publish address. */
    static String start(DockerClient docker, PodNetwork network, String image, String clusterId,
                        Map<String, String> labels, List<Integer> ports) {
        List<PortBinding> bindings = ports.stream()
                .map(p -> new PortBinding(Ports.Binding.bindIpAndPort(network.publishAddress(), p), ExposedPort.tcp(p)))
                .toList();
        String id = docker.createContainerCmd(image)
                .withName(containerName(clusterId))
                .withLabels(labels)
                .withEntrypoint(IDLE)
                .withCmd(List.of())
                .withExposedPorts(ports.stream().map(ExposedPort::tcp).toList())
                .withIpv4Address(network.podAddress())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network.name()).withPortBindings(bindings))
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    static void removeNetwork(DockerClient docker, String networkId) {
        try {
            docker.removeNetworkCmd(networkId).exec();
        } catch (RuntimeException alreadyGone) {
            // removed meanwhile: what matters is that it is gone
        }
    }
}
