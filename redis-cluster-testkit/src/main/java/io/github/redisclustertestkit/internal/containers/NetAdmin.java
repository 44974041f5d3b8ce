package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.spec.Defaults;
import org.testcontainers.DockerClientFactory;

import java.util.List;

/**
 * Runs iptables on the Docker host: a short-lived helper container on the host network with
 * NET_ADMIN, from {@link Defaults#NETADMIN_IMAGE}. About a fifth of a second per run.
 */
public final class NetAdmin {

    /** Marks helper containers; not the cluster label, so that they never count as a cluster's nodes. */
    static final String HELPER_LABEL = "redis-cluster-testkit.netadmin";
    private static final long TIMEOUT_SECONDS = 30;
    private static final String STILL_WORKS = " Kill, stop and pause of nodes still work.";

    private NetAdmin() {
    }

    /**
     * Fails at once, saying why, where rules on this machine's loopback cannot cut a cluster's
     * traffic: an engine that is not Linux, Docker Desktop (its host network is a VM's), rootless
     * Docker (its host network is a namespace of its own, and NET_ADMIN there is not the host's).
     */
    public static void requireSupported() {
        Info info;
        try {
            info = DockerClientFactory.instance().getInfo();
        } catch (RuntimeException e) {
            throw new ClusterFailure("network faults: the Docker engine's info could not be read ("
                    + e.getMessage() + ")." + STILL_WORKS, e);
        }
        String os = String.valueOf(info.getOperatingSystem());
        if (!"linux".equalsIgnoreCase(String.valueOf(info.getOsType()))) {
            throw unsupported("the Docker engine runs " + info.getOsType() + " containers, and partitions are"
                    + " iptables rules on a Linux host's loopback");
        }
        if (os.contains("Docker Desktop")) {
            throw unsupported("the Docker engine is Docker Desktop (" + os + "): its host network is the one of a"
                    + " virtual machine, not of this machine, where the tests connect from");
        }
        List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
        if (security.stream().anyMatch(o -> o.contains("rootless"))) {
            throw unsupported("the Docker engine is rootless: it cannot grant NET_ADMIN on this machine's network");
        }
    }

    private static ClusterFailure unsupported(String why) {
        return new ClusterFailure("network faults are not possible here: " + why + "." + STILL_WORKS);
    }

    /**
     * Runs {@code script} with {@code sh -c} in the helper and returns what it printed.
     *
     * @throws ClusterFailure for every failure, naming the cause (no image, no NET_ADMIN, a failing
     *                               command, a Docker error)
     */
    public static String run(String script) {
        try {
            return runInHelper(script);
        } catch (ClusterFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClusterFailure("network faults: the iptables helper container ("
                    + InternalDefaults.netadminImage() + ") could not run: " + e + "." + STILL_WORKS, e);
        }
    }

    private static String runInHelper(String script) {
        DockerClient docker = DockerClientFactory.lazyClient();
        String image = InternalDefaults.netadminImage();
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            throw new ClusterFailure("network faults need the helper image " + image + ", which is not"
                    + " present: build it with scripts/docker-env.sh (it adds iptables to a Debian image), or name an"
                    + " image with iptables in " + Defaults.NETADMIN_IMAGE_ENV + "." + STILL_WORKS, missing);
        }
        try {
            ScriptContainer.Result result = ScriptContainer.run(docker, docker.createContainerCmd(image)
                    .withLabels(ClusterContainers.helperLabels(DockerClientFactory.instance().dockerHostIpAddress(),
                            HELPER_LABEL))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")
                            .withCapAdd(Capability.NET_ADMIN)), script, TIMEOUT_SECONDS);
            if (result.status() != 0) {
                String printed = result.output().strip();
                if (printed.contains("Permission denied") || printed.contains("Operation not permitted")) {
                    throw unsupported("the helper container (" + image + ", host network, cap-add NET_ADMIN) was"
                            + " refused by the kernel (" + printed + "): the engine cannot grant NET_ADMIN on the"
                            + " host's network (rootless Docker, a user namespace, or a security policy)");
                }
                throw new ClusterFailure("iptables in the helper container " + image + " failed with status "
                        + result.status() + ": " + printed);
            }
            return result.output();
        } catch (InterruptedException e) {
            throw ClusterFailure.interrupted("running iptables", e);
        }
    }
}
