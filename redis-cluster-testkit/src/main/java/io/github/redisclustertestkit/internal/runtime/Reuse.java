package io.github.redisclustertestkit.internal.runtime;

import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NetAdmin;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.faults.NetworkRules;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.reuse.ReuseKey;
import io.github.redisclustertestkit.internal.reuse.ReuseLabels;
import io.github.redisclustertestkit.internal.reuse.ReuseLease;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters.ReusedCluster;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reuse across runs, the way Testcontainers does it: asked for per cluster ({@code withReuse(true)}),
 * allowed per machine ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}).
 * A start takes a {@link ReuseLease}, then takes over the cluster of that lease's slot, if there is
 * one that fits, and makes it as good as new: nodes stopped or paused run again, every readiness
 * fact holds, every shard is flushed. A shard that failed over keeps its new master: readiness asks
 * for the master the Sentinels (a native cluster: a majority of its nodes) agree on, and moving it
 * back would cost a failover (seconds). Both topologies and both network modes alike: a cluster in a
 * pod is taken over with its pod.
 */
public final class Reuse {

    private static final Logger LOG = LoggerFactory.getLogger(Reuse.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private Reuse() {
    }

    /**
     * The lease for a start that asked for reuse; empty, with a log line that says why, when reuse is
     * not enabled on this machine or every slot is taken: then the start is an ordinary one.
     */
    public static Optional<ReuseLease> lease(ClusterSpec valid, Addresses addresses) {
        if (!TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
            LOG.warn("Reuse was requested (withReuse(true), annotation: reuse, CLI: up --reuse true) but is not"
                    + " enabled on this machine, so this cluster is removed at close(). Enable it as for"
                    + " Testcontainers: testcontainers.reuse.enable=true in ~/.testcontainers.properties"
                    + " (or the environment variable TESTCONTAINERS_REUSE_ENABLE=true)");
            return Optional.empty();
        }
        List<String> imageIds = ClusterContainers.requireImageIds(valid);
        String key = ReuseKey.of(valid, addresses, imageIds.get(0), imageIds.get(1));
        Optional<ReuseLease> lease = ReuseLease.takeFreeSlot(key);
        if (lease.isEmpty()) {
            LOG.info("All {} reused clusters for this spec (key {}) are in use, by other JVMs or this one: starting a"
                    + " cluster that close() removes", ReuseLease.SLOTS, key);
        }
        return lease;
    }

    /**
     * Takes over the lease's cluster and resets it, within the spec's startup timeout. A cluster
     * that does not fit (other library version, containers missing) or cannot be made ready again
     * is removed, with a log line, and the caller starts a new one under the same lease.
     *
     * @return the cluster and its network mode (a cluster in a pod is taken over with its pod); empty
     *         if there was no cluster to take over, or it was removed
     */
    public static Optional<Attach.Attached> takeOver(ClusterSpec valid, Addresses addresses, ReuseLease lease) {
        Optional<ReusedCluster> found = ReusedClusters.find(lease.key(), lease.slot());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ReusedCluster cluster = found.get();
        Optional<ReuseLabels> reuseLabels = cluster.recorded();
        Optional<ClusterRecord> record = Attach.recorded(cluster.containers());
        String unfit = null;
        ClusterRuntime runtime = null;
        NetworkMode mode = null;
        if (reuseLabels.isEmpty() || record.isEmpty()) {
            unfit = "its labels are missing or malformed";
        } else {
            ClusterRecord r = record.get();
            // This start's spec: what the reuse key leaves out (the startup timeout, say) is this start's to say.
            ClusterPlan plan = replan(new ClusterRecord(valid, r.server(), r.ports(), r.seed(), r.addresses(), r.host(),
                    r.mode(), r.pod()), cluster.clusterId());
            if (plan == null || !ReuseKey.fingerprint(plan).equals(reuseLabels.get().fingerprint())) {
                unfit = "another version of redis-cluster-testkit started it";
            } else {
                // No TLS: ClusterSpec.validate refuses tls with reuse.
                runtime = Attach.runtime(plan, addresses.clientHost(), r.pod(), cluster.containers(), null).orElse(null);
                mode = r.mode();
                if (runtime == null) {
                    unfit = "some of its containers are gone";
                }
            }
        }
        if (runtime != null) {
            try {
                reset(runtime, cluster.containers(), valid.startupTimeout());
                LOG.info("Reusing cluster {} ({})", cluster.clusterId(), lease);
                return Optional.of(new Attach.Attached(runtime, mode));
            } catch (RuntimeException e) {
                unfit = "it could not be made ready again: " + e.getMessage();
            }
        }
        LOG.warn("Not reusing cluster {}: {}. Removing it and starting a new one", cluster.clusterId(), unfit);
        ClusterContainers.removeAll(cluster.clusterId());
        return Optional.empty();
    }

    /** The plan the cluster was started with, rebuilt from its labels; null if this version plans it otherwise. */
    private static ClusterPlan replan(ClusterRecord record, String clusterId) {
        try {
            return record.plan(clusterId);
        } catch (IllegalArgumentException doesNotFit) {
            return null;
        }
    }

    /**
     * Undoes what the last user left: removes network-fault rules (with networkFaults), starts
     * stopped nodes and unpauses paused ones (from the one list call that found the cluster), sets
     * the Sentinels' periods again (a Sentinel restarted by Docker lost them), then per shard awaits
     * every readiness fact, flushes, and waits for the replicas.
     */
    private static void reset(ClusterRuntime runtime, List<Container> listed, Duration timeout) {
        boolean cut = false;
        if (runtime.plan.spec().networkFaults()) {
            // A JVM that died mid-test may have left partitions, which this JVM's close() would not know to remove.
            try {
                cut = NetworkRules.removed(NetAdmin.run(NetworkRules.remove(runtime.plan.clusterId())));
            } catch (ClusterFailure noRulesHere) {
                // where the helper cannot run, no rules could have been made
            }
        }
        for (Container listedContainer : listed) {
            Optional<NodeContainer> node = runtime.containers.all().stream()
                    .filter(c -> listedContainer.getId().equals(c.containerId())).findFirst();
            if (node.isEmpty()) {
                // The pod, which no fault stops: one that does not run took its nodes' network with it.
                if (!"running".equals(listedContainer.getState())) {
                    throw new ClusterFailure("its pod container is " + listedContainer.getState());
                }
                continue;
            }
            NodeContainer container = node.get();
            if ("paused".equals(listedContainer.getState())) {
                container.unpause();
            } else if (!"running".equals(listedContainer.getState())) {
                runtime.startNode(container.node()); // a Sentinel gets its periods set here
            } else if (container.node().kind() == NodeKind.SENTINEL) {
                runtime.containers.tuneSentinel(container.node());
            }
        }
        if (cut) {
            runtime.reconnectReplication(); // a replica across a cut may lag by as long as the cut lasted
        }
        // Shard by shard in parallel: most of the time goes to round trips, not to either core. (A
        // native cluster's shard is healthy when the whole cluster is: each shard awaits the one check.)
        List<CompletableFuture<Void>> shards = runtime.plan.shards().stream()
                .map(plan -> CompletableFuture.runAsync(() -> {
                    runtime.awaitHealthy(plan, timeout);
                    // Healthy means every replica is connected: no need to ask Docker which run.
                    runtime.flushAll(plan, InternalDefaults.FLUSH_REPLICATION_WAIT, replica -> true);
                }, Reuse::onDaemonThread))
                .toList();
        try {
            CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void onDaemonThread(Runnable task) {
        Thread thread = new Thread(task, "redis-cluster-testkit-reuse-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}
