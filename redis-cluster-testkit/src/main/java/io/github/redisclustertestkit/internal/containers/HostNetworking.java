package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.internal.plan.PortSource;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a host-networked container's port reaches this JVM: true on Linux engines, false on
 * Docker Desktop unless host networking is enabled there (its containers then listen inside the
 * desktop's VM). Asked once per Docker host and JVM: a server listens host-networked and this JVM
 * tries to reach it for a bounded time.
 */
public final class HostNetworking {

    /** Started on a Linux engine, the server answers within milliseconds; this bounds the "no". */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    /** A probe that exited (its port taken meanwhile) tells nothing: another port is tried. */
    private static final int PROBES = 3;
    private static final Map<String, Boolean> BY_DOCKER_HOST = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(HostNetworking.class);

    private HostNetworking() {
    }

    /**
     * @param dockerHost    as Testcontainers names it: the cache key, and decides the probe's owner labels
     * @param image         the Redis image (present), whose server listens
     * @param serverProgram {@code redis-server} or {@code valkey-server}
     * @param addresses     what a host-networked cluster would bind and be reached at
     * @param ports         where the probe's port comes from (released afterwards)
     */
    public static boolean reaches(String dockerHost, String image, String serverProgram, Addresses addresses,
                                  PortSource ports) {
        Boolean known = BY_DOCKER_HOST.get(dockerHost);
        if (known != null) {
            return known;
        }
        for (int probe = 1; probe <= PROBES; probe++) {
            List<Integer> port = ports.take(1);
            try {
                Boolean answer = probe(dockerHost, image, serverProgram, addresses, port.get(0));
                if (answer != null) {
                    BY_DOCKER_HOST.put(dockerHost, answer);
                    if (!answer) {
                        LOG.info("Host networking does not reach this JVM (Docker host {}): clusters without an"
                                + " explicit network mode run in a pod of their own (NetworkMode.POD)", dockerHost);
                    }
                    return answer;
                }
            } finally {
                PortBlocks.release(port);
            }
        }
        // Could not tell: host networking, whose failures the start explains (port taken, bind address).
        return true;
    }

    /** True if reached, false if not within {@link #ANSWER_WAIT}, null if the probe exited first. */
    private static Boolean probe(String dockerHost, String image, String serverProgram, Addresses addresses, int port) {
        DockerClient docker = DockerClientFactory.lazyClient();
        String probeId = "host-network-probe-" + Long.toHexString(System.nanoTime());
        List<String> command = new ArrayList<>(List.of(serverProgram, "--port", String.valueOf(port), "--bind"));
        command.addAll(addresses.bindAll());
        command.addAll(List.of("--save", "", "--appendonly", "no", "--protected-mode", "no"));
        String id = null;
        try {
            id = docker.createContainerCmd(image)
                    .withName("rct-" + probeId)
                    .withLabels(ClusterContainers.labels(probeId, dockerHost))
                    .withEntrypoint(command)
                    .withCmd(List.of())
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try (RespClient client = RespClient.connect(addresses.clientHost(), port, null, CONNECT_TIMEOUT)) {
                    client.call("PING");
                    return true;
                } catch (IOException | RespErrorException notYet) {
                    if (!Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                        return null;
                    }
                    ClusterContainers.sleep(20);
                }
            }
            return false;
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    // its labels let Ryuk or a later start's sweep remove it
                }
            }
        }
    }
}
