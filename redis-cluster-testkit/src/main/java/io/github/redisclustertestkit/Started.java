package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.reuse.ReuseLease;
import io.github.redisclustertestkit.internal.runtime.Attach;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.internal.runtime.Launcher;
import io.github.redisclustertestkit.internal.runtime.NetworkCuts;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * What a front keeps of a running cluster, whatever its topology: how it got it (started, taken
 * over under a reuse lease, or attached to), and so what its end removes. Every front starts and
 * stops through here, so that they fail and clean up alike.
 *
 * @param lease    the reuse lease it runs under, or null
 * @param attached another process owns it: stopping leaves it running
 */
record Started(ClusterHandle handle, NetworkMode mode, ReuseLease lease, boolean attached,
               List<TimelineEntry> timeline) {

    /**
     * Starts a cluster of {@code spec} (validated here) and returns once it is ready.
     *
     * @param front the container that asks, which starts its own topology only
     * @throws IllegalArgumentException for an invalid option, before any container starts
     * @throws RedisClusterException    for everything else, naming the node where there is one
     */
    static Started launch(ClusterSpec spec, Class<?> front, Topology topology) {
        if (spec.topology() != topology) {
            throw new IllegalArgumentException(front.getSimpleName() + " starts topology " + topology + ", but its spec"
                    + " says " + spec.topology() + ". Use " + (spec.topology() == Topology.CLUSTER
                    ? "RedisClusterContainer" : "RedisShardedClusterContainer") + " for " + spec.topology());
        }
        Launcher launcher = new Launcher();
        try {
            Launcher.Launched launched = launcher.launch(spec.validate());
            return new Started(new ClusterHandle(launched.runtime()), launched.mode(), launched.lease(), false,
                    launched.timeline().stream().map(s -> new TimelineEntry(s.kind(), s.name(), s.begin(), s.end()))
                            .toList());
        } catch (IllegalArgumentException | RedisClusterException e) {
            throw e;
        } catch (ClusterFailure e) {
            throw Failures.translate(e);
        } catch (CompletionException e) {
            // A parallel step's failure: what matters is its cause.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof RedisClusterException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof ClusterFailure failure) {
                throw Failures.translate(failure);
            }
            throw new RedisClusterException("the cluster did not start (" + launcher.phase() + "): " + cause, cause);
        } catch (RuntimeException e) {
            // Docker client errors, interrupted waits, inconsistent state: one exception type for callers.
            throw new RedisClusterException("the cluster did not start (" + launcher.phase() + "): " + e, e);
        }
    }

    /** A cluster another process started, found by its id. */
    static Started attach(String clusterId) {
        Attach.Attached found = Failures.translated(() -> Attach.attach(clusterId));
        return new Started(new ClusterHandle(found.runtime()), found.mode(), null, true, List.of());
    }

    ClusterRuntime runtime() {
        return handle.runtime();
    }

    /**
     * Ends this process's use: removes the cluster, or gives the reuse lease back (the cluster
     * stays, healed of this run's partitions, for the next start), or leaves an attached cluster
     * to its owner.
     */
    void stop() {
        if (attached) {
            return; // its owner removes it, with its network rules
        }
        ClusterRuntime r = runtime();
        // Rules first: a cluster's chain with no containers left is the orphan sweep's to remove.
        RuntimeException rulesLeft = null;
        try {
            NetworkCuts.removeRules(r.plan.clusterId());
        } catch (ClusterFailure e) {
            rulesLeft = Failures.translate(e);
        } catch (RuntimeException e) {
            rulesLeft = e;
        }
        if (lease != null) {
            lease.close();
        } else {
            RuntimeException failure = rulesLeft;
            Failures.translated(() -> Launcher.tearDown(r, failure));
        }
        if (rulesLeft != null) {
            throw rulesLeft;
        }
    }
}
