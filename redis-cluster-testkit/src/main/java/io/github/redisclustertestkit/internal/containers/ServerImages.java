package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import org.testcontainers.DockerClientFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns which server an image runs, before any node starts: a short-lived container looks for
 * {@code valkey-server}, then {@code redis-server}, on the image's PATH and prints its
 * {@code --version}. About a third of a second, once per image id and JVM.
 */
final class ServerImages {

    /**
     * Bypasses the image's entrypoint: nothing to chown, no user to drop to, just the answer. After
     * the version, the TLS probe that {@link Server#tlsBuiltIn} reads: the server started to listen
     * on no plain port and on no TLS port, which exits either way (status 1), so the exit status is
     * the probe's own.
     */
    private static final String PROBE = "for p in " + ServerFlavour.VALKEY.serverProgram() + " "
            + ServerFlavour.REDIS.serverProgram() + "; do if command -v \"$p\" >/dev/null 2>&1; then"
            + " printf '%s ' \"$p\"; \"$p\" --version; printf '" + Server.TLS_PROBE + "';"
            + " \"$p\" --port 0 --tls-port 0 2>&1 | tr '\\n' ' '; exit 0; fi; done";
    private static final long PROBE_TIMEOUT_SECONDS = 30;
    private static final Map<String, String> BY_IMAGE_ID = new ConcurrentHashMap<>();

    private ServerImages() {
    }

    /**
     * What the probe printed: the program found and its {@code --version} output, or nothing if
     * the image has neither program.
     *
     * @param image   present locally
     * @param probeId the probe container's cluster label (and name): a sweep removes it if this process dies
     * @throws ClusterFailure with the engine's own message, if the engine refuses the probe container
     * @throws IllegalStateException naming the image, if the probe exits with an
     *                               error (no {@code sh}, another platform) or its output does not come
     */
    static String probe(String image, String probeId, Map<String, String> labels) {
        DockerClient docker = DockerClientFactory.lazyClient();
        try {
            String imageId = docker.inspectImageCmd(image).exec().getId();
            return BY_IMAGE_ID.computeIfAbsent(imageId, id -> run(docker, image, probeId, labels));
        } catch (DockerException e) {
            // The probe is the first container of a start: an engine that cannot run containers at all
            // says so here, and its reason is not the image's.
            throw new ClusterFailure(EngineErrors.refusedFirstContainer("the image probe of " + image, e), e);
        } catch (ClusterFailure interrupted) {
            throw interrupted;
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not learn which server image " + image + " runs: "
                    + e.getMessage(), e);
        }
    }

    private static String run(DockerClient docker, String image, String probeId, Map<String, String> labels) {
        try {
            ScriptContainer.Result probe = ScriptContainer.run(docker, docker.createContainerCmd(image)
                    .withName("rct-" + probeId)
                    .withLabels(labels)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")), PROBE, PROBE_TIMEOUT_SECONDS);
            if (!probe.complete()) {
                throw new IllegalStateException("the probe's output did not arrive within " + PROBE_TIMEOUT_SECONDS
                        + " s (so far: '" + probe.output().strip() + "')");
            }
            if (probe.status() != 0) {
                throw new IllegalStateException("the probe (sh -c, looking for the server programs) exited with status "
                        + probe.status() + ", printing '" + probe.output().strip() + "'. The image needs a POSIX sh on"
                        + " its PATH and must run on this Docker host's platform");
            }
            return probe.output();
        } catch (InterruptedException e) {
            throw ClusterFailure.interrupted("probing the image", e);
        }
    }
}
