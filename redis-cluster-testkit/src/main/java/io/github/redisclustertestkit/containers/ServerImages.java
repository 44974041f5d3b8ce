package io.github.redisclustertestkit.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.server.Flavour;
import io.github.redisclustertestkit.server.ServerVersion;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
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
    private static final Map<String, Optional<ServerVersion>> BY_IMAGE_ID = new ConcurrentHashMap<>();

    private ServerImages() {
    }

    /**
     * @param image present locally
     * @return empty if the image has neither program
     */
    static Optional<ServerVersion> detect(String image, Map<String, String> labels) {
        DockerClient docker = DockerClientFactory.lazyClient();
        String imageId = docker.inspectImageCmd(image).exec().getId();
        return BY_IMAGE_ID.computeIfAbsent(imageId, id -> ServerVersion.parseProbe(run(docker, image, labels)));
    }

    private static String run(DockerClient docker, String image, Map<String, String> labels) {
        String id = docker.createContainerCmd(image)
                .withName("rct-server-probe-" + Long.toHexString(System.nanoTime()))
                .withEntrypoint("sh", "-c", PROBE)
                .withCmd(new String[0])
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding which server " + image + " runs", e);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
