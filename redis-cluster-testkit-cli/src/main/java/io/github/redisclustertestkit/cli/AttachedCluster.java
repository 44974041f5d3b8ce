package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.ClusterContainer;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.internal.containers.RunningCluster;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.spec.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A running cluster of either topology, attached from this process: what the fault verbs and
 * {@code status} act on. Every call is the library's own ({@link Node}, {@link Shard},
 * {@link RedisClusterShard}, {@code heal}), so a verb is done when the same call in a test would be.
 */
sealed interface AttachedCluster {

    /**
     * The topology of a cluster found by its labels. Only the Sentinel topology has nodes other than
     * Redis (its Sentinels and HAProxy, never fewer than one of each); the plan record in the labels
     * says the same, but its package is not exported to the CLI.
     */
    static Topology topologyOf(RunningCluster found) {
        return found.members().keySet().stream().anyMatch(n -> n.kind() != NodeKind.REDIS)
                ? Topology.SENTINEL : Topology.CLUSTER;
    }

    /** Attaches through the container of the cluster's topology. */
    static AttachedCluster attach(RunningCluster found) {
        return topologyOf(found) == Topology.CLUSTER ? new Native(RedisClusterContainer.attach(found.clusterId()))
                : new Sentinels(RedisShardedClusterContainer.attach(found.clusterId()));
    }

    /** The library's container, attached: what both topologies do alike. */
    ClusterContainer cluster();

    default String clusterId() {
        return cluster().clusterId();
    }

    int shardCount();

    /** For messages: a Sentinel shard's master name, a native shard's name and slots. */
    String shardName(int shard);

    /** The shard's master now: as its Sentinels agree, or as a majority of a native cluster's nodes. */
    Node master(int shard);

    /** The shard's nodes other than its master. */
    List<Node> replicas(int shard);

    /** Every node of the shard: its Redis nodes by index, then its Sentinels. */
    List<Node> nodes(int shard);

    /** The HAProxy that serves every shard. */
    Node haproxy();

    /**
     * Fails the shard over and returns the new master once everything follows: SENTINEL FAILOVER,
     * or CLUSTER FAILOVER on a replica ({@code how}: coordinated, FORCE or TAKEOVER).
     */
    Node failover(int shard, RedisClusterShard.Failover how, Duration timeout);

    /** Undoes every fault, then waits until the cluster is healthy. */
    default void heal(Duration timeout) {
        cluster().heal(timeout);
    }

    /** Writes the cluster's timeline page: Docker's record of its containers, and what its nodes logged. */
    default Path writeTimeline(Path file) {
        return cluster().writeTimeline(file);
    }

    /** {@return how many events that page shows} */
    default int timelineEvents() {
        return cluster().timeline().size();
    }

    /** The index, or bad input (exit code 2) naming the shards there are. */
    default int requireShard(int index) {
        if (index < 0 || index >= shardCount()) {
            throw new IllegalArgumentException("cluster " + clusterId() + " has no shard " + index
                    + ": it has shards 0.." + (shardCount() - 1));
        }
        return index;
    }

    /** The Sentinel topology: shards with Sentinels, behind one HAProxy. */
    record Sentinels(RedisShardedClusterContainer cluster) implements AttachedCluster {

        @Override
        public int shardCount() {
            return cluster.shardCount();
        }

        private Shard shard(int index) {
            return cluster.shard(requireShard(index));
        }

        @Override
        public String shardName(int shard) {
            return shard(shard).masterName();
        }

        @Override
        public Node master(int shard) {
            return shard(shard).masterNode();
        }

        @Override
        public List<Node> replicas(int shard) {
            return shard(shard).replicaNodes();
        }

        @Override
        public List<Node> nodes(int shard) {
            Shard s = shard(shard);
            Stream<Node> redis = Stream.concat(Stream.of(s.masterNode()), s.replicaNodes().stream())
                    .sorted(Comparator.comparing(Node::index));
            return Stream.concat(redis, s.sentinelNodes().stream()).toList();
        }

        @Override
        public Node haproxy() {
            return cluster.haproxyNode();
        }

        @Override
        public Node failover(int shard, RedisClusterShard.Failover how, Duration timeout) {
            if (how != RedisClusterShard.Failover.COORDINATED) {
                throw new IllegalArgumentException("cluster " + clusterId() + " is Sentinel-sharded: SENTINEL FAILOVER"
                        + " has no " + how + " mode. Leave out --force and --takeover");
            }
            return shard(shard).failover(timeout);
        }

    }

    /** A native Redis Cluster: masters sharing the hash slots, with their replicas; no Sentinel, no HAProxy. */
    record Native(RedisClusterContainer cluster) implements AttachedCluster {

        @Override
        public int shardCount() {
            return cluster.masterCount();
        }

        private RedisClusterShard shard(int index) {
            return cluster.shard(requireShard(index));
        }

        @Override
        public String shardName(int shard) {
            RedisClusterShard s = shard(shard);
            return "shard-" + shard + " (slots " + s.firstSlot() + "-" + s.lastSlot() + ")";
        }

        @Override
        public Node master(int shard) {
            return shard(shard).masterNode();
        }

        @Override
        public List<Node> replicas(int shard) {
            return shard(shard).replicaNodes();
        }

        @Override
        public List<Node> nodes(int shard) {
            RedisClusterShard s = shard(shard);
            return IntStream.rangeClosed(0, cluster.spec().replicasPerShard()).mapToObj(s::redisNode).toList();
        }

        @Override
        public Node haproxy() {
            throw new IllegalArgumentException("cluster " + clusterId() + " is a native Redis Cluster: it has no"
                    + " HAProxy. Name a node with --master, --replica or --node redis-N");
        }

        @Override
        public Node failover(int shard, RedisClusterShard.Failover how, Duration timeout) {
            return shard(shard).failover(how, timeout);
        }

    }
}
