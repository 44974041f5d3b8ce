package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.spec.NetworkMode;

import java.util.function.BooleanSupplier;

/** Turns the requested {@link NetworkMode} into the one a start uses: {@code HOST} or {@code POD}. Pure. */
public final class NetworkModes {

    static final String HOW_TO_ENABLE = "Docker Desktop 4.34+: Settings > Resources > Network > Enable host"
            + " networking (signed in), then restart Docker Desktop";

    private NetworkModes() {
    }

    /**
     * @param requested             what the spec says
     * @param localDockerHost       whether the Docker host is this machine (the pod publishes on its 127.0.0.1)
     * @param networkFaults         whether the cluster needs host networking for its loopback rules
     * @param hostNetworkingReaches asked only for {@code HOST} and {@code AUTO}: whether a host-networked
     *                              container's port is reachable from this JVM
     * @return {@code HOST} or {@code POD}
     * @throws ClusterFailure    when {@code HOST} is requested but does not reach this JVM, or nothing works
     * @throws IllegalArgumentException when {@code POD} is requested with a Docker host that is not this machine
     */
    public static NetworkMode decide(NetworkMode requested, boolean localDockerHost, boolean networkFaults,
                                     BooleanSupplier hostNetworkingReaches) {
        if (requested == NetworkMode.POD) {
            if (!localDockerHost) {
                throw new IllegalArgumentException("networkMode POD needs a Docker host on this machine: the pod publishes"
                        + " its ports on 127.0.0.1 here, which is what the nodes announce. Use"
                        + " withNetworkMode(NetworkMode.HOST) (annotation: networkMode, CLI: up --network-mode host)"
                        + " with a remote Docker host");
            }
            return NetworkMode.POD;
        }
        if (hostNetworkingReaches.getAsBoolean()) {
            return NetworkMode.HOST;
        }
        if (requested == NetworkMode.HOST) {
            throw new ClusterFailure("networkMode HOST: a host-networked container's port is not reachable from"
                    + " this JVM, so no node would be. The cure depends on the engine. Docker Desktop: enable host"
                    + " networking (" + HOW_TO_ENABLE + "). Rootless Docker or Podman (their host network is a"
                    + " namespace of their own): use withNetworkMode(NetworkMode.POD) (annotation: networkMode ="
                    + " POD, CLI: up --network-mode pod), which publishes the ports instead, or AUTO (the"
                    + " default), which picks POD by itself. A remote engine (DOCKER_HOST=tcp://...): HOST works when"
                    + " this JVM reaches the engine's address; leave " + EngineLocality.HOST_OVERRIDE + " unset or set"
                    + " it to that address, and open the engine's ports to this machine");
        }
        if (networkFaults) {
            throw new ClusterFailure("networkFaults needs host networking, which does not reach this JVM: its"
                    + " rules cut traffic on this machine's loopback. Enable host networking (" + HOW_TO_ENABLE + "),"
                    + " or turn networkFaults off to run in a pod (NetworkMode.POD)");
        }
        if (!localDockerHost) {
            throw new ClusterFailure("a host-networked container's port on the remote Docker host is not reachable"
                    + " from this JVM, and networkMode POD needs a Docker host on this machine. Make the Docker host's"
                    + " ports reachable from here (firewall), or use a Docker engine on this machine");
        }
        return NetworkMode.POD;
    }
}
