package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a host-networked container's port reaches this JVM: on Linux engines at 127.0.0.1, on a
 * remote engine at its own address, on Docker Desktop nowhere unless host networking is enabled
 * there (its containers then listen inside the desktop's VM), under rootless Docker nowhere (they
 * listen inside RootlessKit's namespace). Asked once per engine start ({@link HostNetworkingMemory}
 * keeps the answer across JVMs): a server listens host-networked on the cluster's addresses,
 * 127.0.0.1 and the engine's address, and this JVM tries each for a bounded time.
 */
public final class HostNetworking {

    /**
     * How long the probe's server may take to say it listens. A first container on a fresh or busy
     * engine took over 2 s here, and seconds more on a loaded machine; a "no" is only said of a
     * server that listens.
     */
    private static final Duration SERVER_WAIT = Duration.ofSeconds(30);
    /** Once the server listens, an address that reaches it answers within milliseconds; this bounds the "no". */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(1);
    /** What redis-server and valkey-server log once every listener is open (6.0 to 8.x). */
    private static final String LISTENING = "Ready to accept connections";
    /** A refused connection fails at once; this only bounds a slow PONG on a loaded machine. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
    /** A probe that exited (its port taken meanwhile, an address it cannot bind) tells nothing: retried. */
    private static final int PROBES = 3;
    private static final String LOOPBACK = "127.0.0.1";
    private static final Map<String, ProbeAnswer> BY_ENGINE = new ConcurrentHashMap<>();
    private static final HostNetworkingMemory MEMORY = HostNetworkingMemory.inUserCache();
    /** The answer when the probe could not tell (compared by identity): used, but never remembered. */
    private static final ProbeAnswer ASSUMED_HOST = new ProbeAnswer(true, false, false);
    private static final Logger LOG = LoggerFactory.getLogger(HostNetworking.class);

    private HostNetworking() {
    }

    /**
     * @param engineUri     how this JVM reaches the engine: with the client host, the key in this JVM
     * @param dockerHost    as Testcontainers names it: decides the probe's owner labels
     * @param engineAddress the engine's own IP address (from a {@code tcp://} URI), or null
     * @param image         the Redis image (present), whose server listens
     * @param serverProgram {@code redis-server} or {@code valkey-server}
     * @param addresses     what a host-networked cluster would bind and be reached at
     * @param ports         where the probe's port comes from (released afterwards)
     */
    public static ProbeAnswer reaches(String engineUri, String dockerHost, String engineAddress, String image,
                                      String serverProgram, Addresses addresses, PortSource ports) {
        String engineKey = engineUri + " as " + addresses.clientHost();
        ProbeAnswer known = BY_ENGINE.get(engineKey);
        if (known != null) {
            return known;
        }
        Optional<String> startKey = HostNetworkingMemory.key(engineId(), engineStarted(), engineUri,
                addresses.clientHost());
        Optional<ProbeAnswer> remembered = startKey.flatMap(MEMORY::recall);
        if (remembered.isPresent()) {
            LOG.debug("Host networking answer for {} remembered from an earlier JVM: {}", engineKey, remembered.get());
            BY_ENGINE.put(engineKey, remembered.get());
            return remembered.get();
        }
        boolean withExtras = true;
        for (int probe = 1; probe <= PROBES; probe++) {
            List<Integer> port = ports.take(1);
            try {
                ProbeAnswer answer = probe(dockerHost, engineAddress, image, serverProgram, addresses, port.get(0),
                        withExtras);
                if (answer != null) {
                    BY_ENGINE.put(engineKey, answer);
                    if (answer != ASSUMED_HOST) {
                        startKey.ifPresent(key -> MEMORY.remember(key, answer));
                    }
                    if (!answer.atClientHost()) {
                        LOG.info("Host networking does not reach this JVM at {} (engine {}; answered: {})",
                                addresses.clientHost(), engineKey, answer);
                    }
                    return answer;
                }
                // An extra address the engine's host lacks makes the server exit: the cluster's own suffice.
                withExtras = false;
            } finally {
                PortBlocks.release(port);
            }
        }
        // Could not tell: host networking, whose failures the start explains (port taken, bind address).
        return ASSUMED_HOST;
    }

    /** What answered within {@link #ANSWER_WAIT}, or null if the probe exited first. */
    static ProbeAnswer probe(String dockerHost, String engineAddress, String image, String serverProgram,
                                     Addresses addresses, int port, boolean withExtras) {
        DockerClient docker = DockerClientFactory.lazyClient();
        String probeId = "host-network-probe-" + Long.toHexString(System.nanoTime());
        Set<String> bind = new LinkedHashSet<>(addresses.bindAll());
        // A wildcard already covers them; binding them besides would fail with "address in use".
        boolean wildcard = bind.stream().anyMatch(a -> a.chars().allMatch(c -> c == '0' || c == '.' || c == ':'));
        if (withExtras && !wildcard) {
            bind.add(LOOPBACK);
            if (engineAddress != null) {
                bind.add(engineAddress);
            }
        }
        List<String> command = new ArrayList<>(List.of(serverProgram, "--port", String.valueOf(port), "--bind"));
        command.addAll(bind);
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
            long deadline = System.nanoTime() + SERVER_WAIT.toNanos();
            long listeningSince = 0;
            while (System.nanoTime() < deadline) {
                if (answers(addresses.clientHost(), port)) {
                    return new ProbeAnswer(true, answers(LOOPBACK, port),
                            engineAddress != null && answers(engineAddress, port));
                }
                // Answering elsewhere only is what contradicts the address endpoints would name.
                boolean atLoopback = withExtras && answers(LOOPBACK, port);
                boolean atEngine = withExtras && engineAddress != null && answers(engineAddress, port);
                if (atLoopback || atEngine) {
                    // The server listens now, so this answer is final: it may have begun listening just
                    // after the first attempt (two JVMs starting at once saw "not at 127.0.0.1, but at
                    // 127.0.0.1"), and a remembered answer must not be that one.
                    return new ProbeAnswer(answers(addresses.clientHost(), port), atLoopback, atEngine);
                }
                if (!Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                    return null;
                }
                if (listeningSince == 0 && NodeContainer.logTail(docker, id, 50, false).contains(LISTENING)) {
                    listeningSince = System.nanoTime();
                }
                if (listeningSince != 0 && System.nanoTime() - listeningSince > ANSWER_WAIT.toNanos()) {
                    return ProbeAnswer.NOTHING;
                }
                ClusterContainers.sleep(50);
            }
            LOG.warn("The host-network probe's server did not say it listens within {} s; assuming host networking",
                    SERVER_WAIT.toSeconds());
            return ASSUMED_HOST;
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

    private static String engineId() {
        try {
            return DockerClientFactory.instance().getInfo().getId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** When the engine started: it creates its {@code host} network anew at every start (Docker 20.10+). */
    private static String engineStarted() {
        try {
            return DockerClientFactory.lazyClient().inspectNetworkCmd().withNetworkId("host").exec().getCreated()
                    .toInstant().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean answers(String host, int port) {
        try (RespClient client = RespClient.connect(host, port, null, CONNECT_TIMEOUT)) {
            client.call("PING");
            return true;
        } catch (IOException | RespErrorException notYet) {
            return false;
        }
    }
}
