package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.HaproxyAdmin;
import io.github.redisclustertestkit.internal.readiness.Probe;

import java.io.IOException;
import java.time.Duration;

/**
 * One container of a running cluster, named the way endpoints are ({@code shard-0 redis-1},
 * {@code shard-2 sentinel-0}, {@code haproxy}), with the faults a test can inflict on it.
 */
public final class Node {

    /** How long a graceful stop waits before SIGKILL; Redis waits up to 10 s for replicas by default. */
    private static final int STOP_TIMEOUT_SECONDS = 10;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterRuntime runtime;
    private final NodePlan plan;

    Node(ClusterRuntime runtime, NodePlan plan) {
        this.runtime = runtime;
        this.plan = plan;
    }

    /** Like {@code shard-0 redis-1}; the index says which node, not its role, which changes with failovers. */
    public String name() {
        return plan.name();
    }

    /** The shard it belongs to; -1 for HAProxy. */
    public int shard() {
        return plan.shard();
    }

    /** Index among its shard's nodes of its kind ({@code redis-0} is the master at start). */
    public int index() {
        return plan.index();
    }

    /** Where it listens (for HAProxy: its runtime API). */
    public Endpoint endpoint() {
        return runtime.endpoint(plan);
    }

    /**
     * What the node says it is now: {@code master} or {@code slave} for Redis nodes (from
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

    /** SIGKILL: the process dies at once, without shutdown, as in a crash. */
    public Node kill() {
        runtime.beforeFault(plan, true);
        container().kill();
        return this;
    }

    /** A graceful stop (SIGTERM); returns once the container has stopped. */
    public Node stop() {
        runtime.beforeFault(plan, true);
        container().stop(STOP_TIMEOUT_SECONDS);
        return this;
    }

    /**
     * Starts the node again after {@link #stop()} or {@link #kill()}, with the config it had (what
     * Sentinel rewrote included), and returns once it answers. A restarted old master comes back
     * as a master and is turned into a replica of the new one by the Sentinels.
     */
    public Node start() {
        container().startAgain();
        runtime.started(plan);
        awaitAnswer();
        return this;
    }

    /** {@link #stop()}, then {@link #start()}. */
    public Node restart() {
        return stop().start();
    }

    /** Freezes the process (cgroup freezer): connections stay open but nothing answers, like a hung server. */
    public Node pause() {
        runtime.beforeFault(plan, false);
        container().pause();
        return this;
    }

    public Node unpause() {
        container().unpause();
        return this;
    }

    /** True while its container runs (a paused container counts as running). */
    public boolean isRunning() {
        return container().isRunning();
    }

    /** The last lines of its output. */
    public String lastLogLines(int lines) {
        return container().lastLogLines(lines);
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (true) {
            try {
                ping();
                break;
            } catch (RespErrorException e) {
                if (!e.code().equals("LOADING")) {
                    throw runtime.failure(name() + " refused PING after start", plan, "+PONG on port "
                            + plan.port(), e.getMessage(), e);
                }
                awaitAgain(deadline, e);
            } catch (IOException notYet) {
                awaitAgain(deadline, notYet);
            }
        }
        if (plan.kind() == NodeKind.SENTINEL) {
            // SENTINEL DEBUG settings live in the process only: a restarted Sentinel needs them again.
            runtime.containers.tuneSentinel(plan);
        }
    }

    private void awaitAgain(long deadline, Exception notYet) {
        if (System.nanoTime() - deadline > 0) {
            throw runtime.failure(name() + " did not answer after start", plan, "+PONG on port " + plan.port(),
                    Probe.seen(notYet), notYet);
        }
        sleep();
    }

    private void ping() throws IOException {
        switch (plan.kind()) {
            case REDIS -> {
                try (RespClient client = runtime.probe.redis(plan.port())) {
                    client.call("PING");
                }
            }
            case SENTINEL -> {
                try (RespClient client = runtime.probe.sentinel(plan.port())) {
                    client.call("PING");
                }
            }
            case HAPROXY -> HaproxyAdmin.command(runtime.host(plan.port()), plan.port(), "show info", Duration.ofSeconds(1));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private NodeContainer container() {
        return runtime.container(plan);
    }

    NodePlan plan() {
        return plan;
    }

    ClusterRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return name() + " (" + endpoint() + ")";
    }
}
