package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.internal.runtime.Timeline;

import java.io.IOException;

/**
 * One container of a running cluster, named the way endpoints are ({@code shard-0 redis-1},
 * {@code shard-2 sentinel-0}, {@code haproxy}), with the faults a test can inflict on it.
 *
 * @since 0.1.0
 */
public final class Node {

    /** How long a graceful stop waits before SIGKILL; Redis waits up to 10 s for replicas by default. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final ClusterHandle cluster;
    private final ClusterRuntime runtime;
    private final NodePlan plan;

    Node(ClusterHandle cluster, NodePlan plan) {
        this.cluster = cluster;
        this.runtime = cluster.runtime();
        this.plan = plan;
    }

    /**
     * {@return the node's name, like {@code shard-0 redis-1}}; the index says which node, not its role,
     * which changes with failovers.
     */
    public String name() {
        return plan.name();
    }

    /** {@return the index of the shard it belongs to; -1 for HAProxy} */
    public int shard() {
        return plan.shard();
    }

    /** {@return its index among its shard's nodes of its kind ({@code redis-0} is the master at start)} */
    public int index() {
        return plan.index();
    }

    /** {@return where it listens (for HAProxy: its runtime API)} */
    public Endpoint endpoint() {
        return cluster.endpoint(plan);
    }

    /**
     * {@return what the node says it is now}: {@code master} or {@code slave} for Redis nodes (from
     * {@code INFO replication}), {@code sentinel}, {@code haproxy}, {@code unreachable}, or
     * {@code unknown} when it answers with an error (such as {@code -NOAUTH}).
     */
    public String role() {
        if (plan.kind() != NodeKind.REDIS) {
            return plan.kind().label();
        }
        try (RespClient client = runtime.probe.redis(plan.port())) {
            return client.info("replication").getOrDefault("role", "unknown");
        } catch (RespErrorException e) {
            return "unknown";
        } catch (IOException e) {
            return "unreachable";
        }
    }

    /**
     * SIGKILL: the process dies at once, without shutdown, as in a crash. Returns once the process
     * is dead: Docker answers a SIGKILL only after it has seen the container exit. The node stops
     * answering when the signal lands, early in the call; for the rest of the call (in all
     * 0.1-0.5 s on a quiet machine here, seconds on a loaded one: Docker recording the exit) it
     * is already dead. So a client
     * writing meanwhile may see writes acknowledged after {@code kill()} began, never after it
     * returned. The timeline's {@code killed} event is at the call's start, with its duration.
     *
     * @return this node, e.g. to {@link #start()} it again
     */
    public Node kill() {
        Failures.translated(() -> {
            runtime.beforeFault(plan, true);
            runtime.fault(plan, Timeline.KILLED, container()::kill);
        });
        return this;
    }

    /**
     * A graceful stop (SIGTERM); returns once the container has stopped. A node still running after
     * 10 s is killed (SIGKILL).
     *
     * @return this node, e.g. to {@link #start()} it again
     */
    public Node stop() {
        Failures.translated(() -> {
            runtime.beforeFault(plan, true);
            runtime.fault(plan, Timeline.STOPPED, () -> container().stop(STOP_TIMEOUT_SECONDS));
        });
        return this;
    }

    /**
     * Starts the node again after {@link #stop()} or {@link #kill()}, with the config it had (what
     * Sentinel rewrote included), and returns once it answers. A restarted old master comes back
     * as a master and is turned into a replica of the new one by the Sentinels.
     *
     * @return this node
     */
    public Node start() {
        Failures.translated(() -> runtime.startNode(plan));
        return this;
    }

    /**
     * {@link #stop()}, then {@link #start()}.
     *
     * @return this node
     */
    public Node restart() {
        return stop().start();
    }

    /**
     * Freezes the process (cgroup freezer): connections stay open but nothing answers, like a hung server.
     *
     * @return this node, e.g. to {@link #unpause()} it later
     */
    public Node pause() {
        Failures.translated(() -> {
            runtime.beforeFault(plan, false);
            runtime.fault(plan, Timeline.PAUSED, container()::pause);
        });
        return this;
    }

    /**
     * Thaws a node {@link #pause() paused} before, so that it answers again.
     *
     * @return this node
     */
    public Node unpause() {
        Failures.translated(() -> runtime.fault(plan, Timeline.UNPAUSED, container()::unpause));
        return this;
    }

    /** {@return true while its container runs (a paused container counts as running)} */
    public boolean isRunning() {
        return container().isRunning();
    }

    /**
     * {@return the last lines of its output}
     *
     * @param lines how many lines at most
     */
    public String lastLogLines(int lines) {
        return Failures.translated(() -> container().lastLogLines(lines));
    }

    private NodeContainer container() {
        return runtime.container(plan);
    }

    NodePlan plan() {
        return plan;
    }

    ClusterHandle cluster() {
        return cluster;
    }

    @Override
    public String toString() {
        return name() + " (" + endpoint() + ")";
    }
}
