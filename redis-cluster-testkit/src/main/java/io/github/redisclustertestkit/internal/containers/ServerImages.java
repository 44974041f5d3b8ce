package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.Flavour;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Learns which server an image runs, before any node starts: a short-lived container looks for
 * {@code valkey-server}, then {@code redis-server}, on the image's PATH and prints its
 * {@code --version}. About a third of a second, once per image id and JVM.
 */
final class ServerImages {

    /** Bypasses the image's entrypoint: nothing to chown, no user to drop to, just the answer. */
    private static final String PROBE = "for p in " + Flavour.VALKEY.serverProgram() + " "
            + Flavour.REDIS.serverProgram() + "; do if command -v \"$p\" >/dev/null 2>&1; then"
            + " printf '%s ' \"$p\"; exec \"$p\" --version; fi; done";
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
     * @throws IllegalStateException naming the image, if Docker fails, the probe exits with an
     *                               error (no {@code sh}, another platform) or its output does not come
     */
    static String probe(String image, String probeId, Map<String, String> labels) {
        DockerClient docker = DockerClientFactory.lazyClient();
        try {
            String imageId = docker.inspectImageCmd(image).exec().getId();
            return BY_IMAGE_ID.computeIfAbsent(imageId, id -> run(docker, image, probeId, labels));
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not learn which server image " + image + " runs: "
                    + e.getMessage(), e);
        }
    }

    private static String run(DockerClient docker, String image, String probeId, Map<String, String> labels) {
        String id = null;
        try {
            id = docker.createContainerCmd(image)
                    .withName("rct-" + probeId)
                    .withEntrypoint("sh", "-c", PROBE)
                    .withCmd(new String[0])
                    .withLabels(labels)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            int status = docker.waitContainerCmd(id).start().awaitStatusCode(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            boolean complete = docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!complete) {
                throw new IllegalStateException("the probe's output did not arrive within " + PROBE_TIMEOUT_SECONDS
                        + " s (so far: '" + out.toString().strip() + "')");
            }
            if (status != 0) {
                throw new IllegalStateException("the probe (sh -c, looking for the server programs) exited with status "
                        + status + ", printing '" + out.toString().strip() + "'. The image needs a POSIX sh on its PATH"
                        + " and must run on this Docker host's platform");
            }
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException e) {
                    // its labels let Ryuk or a later start's sweep remove it
                }
            }
        }
    }
}
