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

    /**
     * How long the probe's server may take to say it listens: seconds on a loaded machine. The
     * answer waits for that fact, not for a clock: a server that is slow to start is not a "no".
     */
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(30);
    /** Once the server listens, a host-networked port is reached at once; this bounds the "no". */
    private static final Duration REACH_WAIT = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
    /** What redis-server and valkey-server (6.0 to 8.x) log once they listen. */
    private static final String LISTENING = "Ready to accept connections";
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

    /**
     * True if reached; false if the server listens but is not reached within {@link #REACH_WAIT};
     * null if it exited first, or never said it listens.
     */
    static Boolean probe(String dockerHost, String image, String serverProgram, Addresses addresses, int port) {
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
            long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
            boolean listening = false;
            while (System.nanoTime() - deadline < 0) {
                try (RespClient client = RespClient.connect(addresses.clientHost(), port, null, CONNECT_TIMEOUT)) {
                    client.call("PING");
                    return true;
                } catch (IOException | RespErrorException notYet) {
                    if (!Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                        return null;
                    }
                    if (!listening && NodeContainer.logTail(docker, id, 20).contains(LISTENING)) {
                        listening = true;
                        deadline = System.nanoTime() + REACH_WAIT.toNanos();
                    }
                    ClusterContainers.sleep(20);
                }
            }
            // Listening but not reached: its port is elsewhere. Never listening: nothing to tell.
            return listening ? false : null;
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
