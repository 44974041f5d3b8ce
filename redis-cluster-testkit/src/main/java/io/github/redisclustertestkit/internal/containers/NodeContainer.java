package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.plan.Freezer;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One node's container, driven through Testcontainers' Docker client: host networking (or a pod's namespace), its
 * config file written by the container itself at first start, then its command.
 * <p>
 * Not a {@code GenericContainer}: copying a file into a created container costs the daemon a
 * mount of the container's file system, and with Testcontainers' own start-up steps that made
 * 19 parallel starts take 3.3 s here instead of 1.6 s.
 */
public final class NodeContainer {

    /** Label on every container of a cluster, so that close() can remove them all. */
    public static final String CLUSTER_LABEL = "redis-cluster-testkit.cluster";
    /** On the nodes of a cluster started with network faults: a sweep of its leftovers looks for rules too. */
    public static final String NETWORK_FAULTS_LABEL = "redis-cluster-testkit.network-faults";

    /**
     * Writes the config file from the environment unless it exists (a restart keeps what
     * Sentinel or CONFIG REWRITE wrote), then runs the command. {@code $@} keeps the command's
     * words as they are, with no shell quoting involved.
     */
    private static final String WRITE_CONFIG_THEN_EXEC =
            "[ -f \"$RCT_CONFIG_PATH\" ] || { printf '%s' \"$RCT_CONFIG\" > \"$RCT_CONFIG_PATH\" && " + handOver("$RCT_CONFIG_PATH")
                    + "; } || exit 1; " + writeTlsFiles()
                    // The server needs none of it in its own environment: the key and the passwords stay in the files.
                    + "unset RCT_CONFIG " + ClusterTls.CA_ENV + " " + ClusterTls.CERT_ENV + " " + ClusterTls.KEY_ENV + "; "
                    + "exec \"$@\"";

    /**
     * Hands a file the script wrote to the owner of its directory ({@code /data}: the server's user
     * in the official images), who runs the server and must read it, and write it (Sentinel rewrites
     * its config). Redis 8's entrypoint does that only while /data holds nothing but the config file,
     * which a TLS cluster's files break. Where the script runs as that user already, chown may fail
     * harmlessly.
     */
    private static String handOver(String path) {
        return "{ chown \"$(stat -c %u:%g \"$(dirname \"" + path + "\")\")\" \"" + path + "\" || true; } 2>/dev/null";
    }

    /**
     * A TLS cluster's files (see {@code ClusterTls.environment}), written at every start, owner-only
     * from their creation on; a variable that is not set writes nothing. Their directory and they are
     * handed over as the config file is ({@link #handOver}), to the owner of the directory above.
     */
    private static String writeTlsFiles() {
        return "w() { [ -z \"$1\" ] || { d=\"${1%/*}\"; (umask 077 && mkdir -p \"$d\" && printf '%s' \"$2\" > \"$1\")"
                + " && " + handOver("$d") + " && " + handOver("$1") + "; }; }; "
                + "w \"$" + ClusterTls.CA_FILE_ENV + "\" \"$" + ClusterTls.CA_ENV + "\""
                + " && w \"$" + ClusterTls.CERT_FILE_ENV + "\" \"$" + ClusterTls.CERT_ENV + "\""
                + " && w \"$" + ClusterTls.KEY_FILE_ENV + "\" \"$" + ClusterTls.KEY_ENV + "\" || exit 1; ";
    }

    /** How many of a node's last log lines a failure quotes. */
    public static final int LOG_LINES = 30;
    private static final int LOG_TIMEOUT_SECONDS = 5;

    private final NodePlan node;
    private final String image;
    private final String name;
    private final Map<String, String> labels;
    /** {@code host}, or {@code container:<pod>} to join a pod's namespace. */
    private final String networkMode;
    private final DockerClient docker;
    /** Besides the config: a TLS cluster's files for this node, or empty. */
    private final Map<String, String> environment;
    private volatile String containerId;

    NodeContainer(NodePlan node, String image, String clusterId, Map<String, String> labels, String networkMode,
                  Map<String, String> environment, DockerClient docker) {
        this.node = node;
        this.environment = Map.copyOf(environment);
        this.networkMode = networkMode;
        this.image = image;
        this.labels = labels;
        this.name = "rct-" + clusterId + "-" + node.slug();
        this.docker = docker;
    }

    /** A container that runs already, found by {@link RunningCluster}. */
    static NodeContainer existing(NodePlan node, String image, String clusterId, String containerId,
                                  DockerClient docker) {
        // Never created again by this process: the network mode only matters to createAndStart().
        NodeContainer container = new NodeContainer(node, image, clusterId, Map.of(), null, Map.of(), docker);
        container.containerId = containerId;
        return container;
    }

    public NodePlan node() {
        return node;
    }

    public String image() {
        return image;
    }

    /** The container name, {@code rct-<cluster id>-<node slug>}. */
    String name() {
        return name;
    }

    /** Takes over the existing container of a reused cluster. */
    void attach(String existingContainerId) {
        containerId = existingContainerId;
    }

    /** The container id, or null before it was created. */
    public String containerId() {
        return containerId;
    }

    /** Creates and starts the container. */
    void createAndStart() {
        List<String> entrypoint = new ArrayList<>(List.of("sh", "-c", WRITE_CONFIG_THEN_EXEC, "sh"));
        entrypoint.addAll(node.command());
        containerId = docker.createContainerCmd(image)
                .withName(name)
                .withLabels(labels)
                .withEnv(env())
                .withEntrypoint(entrypoint)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networkMode))
                .exec()
                .getId();
        docker.startContainerCmd(containerId).exec();
    }

    private List<String> env() {
        List<String> env = new ArrayList<>(List.of("RCT_CONFIG_PATH=" + node.configPath(), "RCT_CONFIG=" + node.config()));
        environment.forEach((name, value) -> env.add(name + "=" + value));
        return env;
    }

    /** SIGKILL: no shutdown, like a crashed host. */
    public void kill() {
        docker.killContainerCmd(requireId()).withSignal("KILL").exec();
    }

    /** A graceful stop (SIGTERM, then SIGKILL after {@code timeoutSeconds}). */
    public void stop(int timeoutSeconds) {
        docker.stopContainerCmd(requireId()).withTimeout(timeoutSeconds).exec();
    }

    /** Starts the stopped or killed container again; its file system, config included, is kept. */
    public void startAgain() {
        docker.startContainerCmd(requireId()).exec();
    }

    /**
     * Freezes every process of the container (cgroup freezer), like a hung server. Where the engine
     * says it has no freezer, fails before asking it; where it refuses, fails with its message.
     *
     * @throws ClusterFailure naming the node, the engine and the reason
     */
    public void pause() {
        String id = requireId();
        Info info = DockerClientFactory.instance().getInfo();
        String engine = EngineErrors.describeEngine();
        String missing = Freezer.missingBecause(info.getSecurityOptions(), info.getCGroupVersion());
        if (missing != null) {
            throw new ClusterFailure(Freezer.cannotPause(describe(), engine, missing));
        }
        try {
            docker.pauseContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw e;
        } catch (DockerException e) {
            if (!isRunning()) {
                // The engine's "is not running" is about this node, not about what the engine can do.
                throw new ClusterFailure("pause() of " + describe() + ": the node is not running (it was"
                        + " stopped or killed). Start it again with start() before pausing it", e);
            }
            throw new ClusterFailure(Freezer.cannotPause(describe(), engine, "the engine refused: "
                    + EngineErrors.ownMessage(e)), e);
        }
    }

    public void unpause() {
        docker.unpauseContainerCmd(requireId()).exec();
    }

    private String requireId() {
        if (containerId == null) {
            throw new IllegalStateException(describe() + " has no container");
        }
        return containerId;
    }

    /** True while the container is frozen by {@link #pause()}. */
    public boolean isPaused() {
        return stateSays(InspectContainerResponse.ContainerState::getPaused);
    }

    /** True while the container runs (a paused one counts as running). */
    public boolean isRunning() {
        return stateSays(InspectContainerResponse.ContainerState::getRunning);
    }

    /** True while the container runs and is not paused: its process answers. One inspect. */
    public boolean isAnswering() {
        return stateSays(state -> Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getPaused()));
    }

    private boolean stateSays(Function<InspectContainerResponse.ContainerState, Boolean> flag) {
        try {
            return containerId != null
                    && Boolean.TRUE.equals(flag.apply(docker.inspectContainerCmd(containerId).exec().getState()));
        } catch (NotFoundException gone) {
            return false;
        }
    }

    /** The last {@code lines} lines of the node's output, or a note saying why there are none. */
    public String lastLogLines(int lines) {
        if (containerId == null) {
            return "(no container was created)";
        }
        String text;
        try {
            text = logTail(docker, containerId, lines, false).stripTrailing();
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e.getMessage() + ")";
        }
        return text.isEmpty() ? "(no output)" : text;
    }

    /**
     * The last {@code lines} lines of the node's output, each after the time Docker received it
     * ({@code 2026-12-04T15:21:44.274986715Z text}); empty if there is no container or no log now.
     */
    public String stampedLog(int lines) {
        if (containerId == null) {
            return "";
        }
        try {
            return logTail(docker, containerId, lines, true);
        } catch (RuntimeException gone) {
            return "";
        }
    }

    /** The last {@code lines} lines a container printed, stdout and stderr; what came within the log timeout. */
    static String logTail(DockerClient docker, String containerId, int lines, boolean stamped) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines).withTimestamps(stamped)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (out) {
                                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    })
                    .awaitCompletion(LOG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            return out.toString();
        }
    }

    /** Like {@code shard-0 redis-1 (replica at start, port 20002, image redis:7.0.15)}. */
    public String describe() {
        return node.name() + " (" + node.roleAtStart() + " at start, port " + node.port() + ", image " + image + ")";
    }
}
