package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Info;
import org.testcontainers.DockerClientFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an engine said when it refused a request, and which engine it was. docker-java wraps the
 * engine's answer as {@code Status 500: {"cause":..,"message":..}}; the user needs the message (a
 * runtime's own words, such as crun's {@code setrlimit RLIMIT_NOFILE: Operation not permitted}),
 * not the status.
 */
final class EngineErrors {

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private EngineErrors() {
    }

    /** The engine's own message: the body's {@code message} field, or the whole text if it has none. */
    static String ownMessage(DockerException e) {
        String text = String.valueOf(e.getMessage()).strip();
        Matcher m = MESSAGE.matcher(text);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : text;
    }

    /** The engine, as its Info describes it: server version, operating system, cgroup version and security options. */
    static String describeEngine() {
        Info info = DockerClientFactory.instance().getInfo();
        // Podman answers the Docker API too, with its own version here.
        return "server version " + info.getServerVersion() + ", " + info.getOperatingSystem() + ", cgroup v"
                + info.getCGroupVersion() + ", security options " + info.getSecurityOptions();
    }

    /**
     * Why the engine could not run the first container of a start: its own message and where it
     * runs, plus the cure of a refusal seen on real engines.
     */
    static String refusedFirstContainer(String what, DockerException e) {
        String own = ownMessage(e);
        String cure = own.contains("setrlimit")
                ? " The engine cannot apply its default container ulimits: on Podman where root lacks"
                + " CAP_SYS_RESOURCE, set default_ulimits in containers.conf to this machine's hard limits"
                + " (scripts/engines/podman.sh shows how)."
                : " A container cannot run there until the engine is fixed; `docker run --rm IMAGE true` against"
                + " the same DOCKER_HOST shows the same error.";
        return "the container engine at " + DockerClientFactory.instance().getTransportConfig().getDockerHost()
                + " (" + describeEngine() + ") refused to run the first container, " + what + ": " + own
                + ". This is the engine's own error, not the image's." + cure;
    }
}
