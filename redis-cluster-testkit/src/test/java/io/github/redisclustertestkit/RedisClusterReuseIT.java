package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reuse of a native Redis Cluster across JVMs, with real JVMs ({@link ReuseJvms}), in the network
 * mode the ITs run in (host, or a pod with {@code -Dredis-cluster-testkit.network-mode=POD}).
 */
class RedisClusterReuseIT {

    private static final String RESULT = "result ";
    private static final int NODES = 6; // 3 masters x 1 replica
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** A child starts a 3 x 1 cluster on a loaded machine, or takes one over and resets it. */
    private static final Duration START = Duration.ofSeconds(180);

    /**
     * A JVM that starts a reused 3 x 1 cluster, writes one key to each master's slots through a
     * cluster client and reads it back (a taken-over cluster is ready as a new one is), prints what
     * it found, then, by its first argument: {@code dirty} writes 100 keys, stops shard 0's replica,
     * pauses shard 1's replica and kills shard 2's master, and with network faults (a third argument)
     * also cuts shard 1's master from every node and exits without closing, so that the rules stay;
     * {@code check} nothing more. Then it closes the cluster. The second argument goes into the spec
     * (a redis.conf comment): a spec of its own.
     */
    public static final class ClusterReuseClient {
        public static void main(String[] args) throws Exception {
            boolean networkFaults = args.length > 2;
            try (RedisClusterContainer cluster = cluster(args[1]).withNetworkFaults(networkFaults).withReuse(true)) {
                long startMillis = ReuseJvms.timedStart(cluster);
                long keysFound = keys(cluster);
                try (JedisCluster jedis = client(cluster)) {
                    for (RedisClusterShard shard : cluster.shards()) {
                        String key = keyIn(shard, "written-at-start-");
                        jedis.set(key, "v");
                        if (!"v".equals(jedis.get(key))) {
                            throw new AssertionError("read back " + jedis.get(key) + " for " + key);
                        }
                    }
                    System.out.println(RESULT + cluster.clusterId() + " " + cluster.isReused() + " " + startMillis + " "
                            + cluster.networkMode() + " " + keysFound);
                    System.out.flush();
                    switch (args[0]) {
                        case "dirty" -> {
                            for (int i = 0; i < 100; i++) {
                                jedis.set("left-by-the-last-run-" + i, "x");
                            }
                            cluster.shard(0).replicaNodes().get(0).stop();
                            cluster.shard(1).replicaNodes().get(0).pause();
                            cluster.shard(2).masterNode().kill();
                            if (networkFaults) {
                                cluster.network().isolate(cluster.shard(1).masterNode()); // the cluster bus too
                                Runtime.getRuntime().halt(0); // no close(), no shutdown hook: the rules stay
                            }
                        }
                        default -> { }
                    }
                }
            }
        }

        /** Keys on every master, as DBSIZE counts them. */
        private static long keys(RedisClusterContainer cluster) {
            long keys = 0;
            for (RedisClusterShard shard : cluster.shards()) {
                Endpoint master = shard.master();
                try (Jedis jedis = new Jedis(master.host(), master.port(), 2000)) {
                    keys += jedis.dbSize();
                }
            }
            return keys;
        }

        private static JedisCluster client(RedisClusterContainer cluster) {
            Set<HostAndPort> seeds = cluster.nodes().stream().map(e -> new HostAndPort(e.host(), e.port()))
                    .collect(Collectors.toSet());
            return new JedisCluster(seeds, DefaultJedisClientConfig.builder().timeoutMillis(2000).build(), 5,
                    new GenericObjectPoolConfig<>());
        }

        /** A key whose slot the shard's master was given at start. */
        private static String keyIn(RedisClusterShard shard, String prefix) {
            for (int i = 0; ; i++) {
                int slot = RedisClusterContainer.slotOf(prefix + i);
                if (slot >= shard.firstSlot() && slot <= shard.lastSlot()) {
                    return prefix + i;
                }
            }
        }
    }

    private static RedisClusterContainer cluster(String tag) {
        return new RedisClusterContainer().withMasters(3).withReplicasPerMaster(1).withRedisConf("# " + tag)
                .withNetworkMode(TestNetworkMode.get());
    }

    /** What a {@link ClusterReuseClient} printed; {@code log} is its whole output, for failure messages. */
    private record Result(String clusterId, boolean reused, long startMillis, NetworkMode mode, long keysFound,
                          String log) {
        static Result parse(String result, String log) {
            String[] f = result.split(" ");
            return new Result(f[0], Boolean.parseBoolean(f[1]), Long.parseLong(f[2]), NetworkMode.valueOf(f[3]),
                    Long.parseLong(f[4]), log);
        }
    }

    /** A tag per test run keeps this test's reuse key its own. */
    private static String tag(String name) {
        return name + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /** Network faults need host networking: in a pod, the nodes are stopped, paused and killed only. */
    @Test
    void aNewJvmTakesTheClusterOverHealedAndFlushedAndAnotherSpecGetsANewOne(@TempDir Path dir) throws Exception {
        String tag = tag("cluster-reuse");
        String[] networkFaults = TestNetworkMode.get() == NetworkMode.POD ? new String[0] : new String[]{"cut"};
        List<String> ours = new ArrayList<>();
        try {
            Result first = run(dir, "first", "dirty", tag, networkFaults);
            ours.add(first.clusterId());
            assertThat(first.reused()).as("the first start starts a reused cluster").isTrue();
            assertThat(ReuseJvms.states(first.clusterId())).as("close() leaves a reused cluster as its last user left it")
                    .contains("exited", "paused");

            Result second = run(dir, "second", "check", tag, networkFaults);
            ours.add(second.clusterId());
            assertThat(second.clusterId()).as("the second JVM takes the first one's cluster over; its output:\n%s",
                    second.log()).isEqualTo(first.clusterId());
            assertThat(second.reused()).isTrue();
            assertThat(second.mode()).as("taken over in its network mode").isEqualTo(first.mode());
            if (TestNetworkMode.get() == NetworkMode.POD) {
                assertThat(second.mode()).isEqualTo(NetworkMode.POD);
            }
            assertThat(second.keysFound()).as("what the last run wrote is flushed").isZero();
            assertThat(ReuseJvms.states(first.clusterId())).as("every node runs again")
                    .hasSize(NODES + (first.mode() == NetworkMode.POD ? 1 : 0)).containsOnly("running");
            System.out.printf("reused native cluster (%s) in a fresh JVM: start() %d ms (first: %d ms)%n",
                    second.mode(), second.startMillis(), first.startMillis());

            Result other = run(dir, "other", "check", tag + "-changed", networkFaults);
            ours.add(other.clusterId());
            assertThat(other.clusterId()).as("another spec, another cluster").isNotEqualTo(first.clusterId());
            assertThat(ReuseJvms.states(first.clusterId())).as("the first one is kept for its own spec")
                    .hasSize(NODES + (first.mode() == NetworkMode.POD ? 1 : 0));

            for (String clusterId : List.of(first.clusterId(), other.clusterId())) {
                assertThat(ReusedClusters.remove(clusterId)).as("removed by the command").isTrue();
                ClusterFacts.remember(clusterId);
            }
            assertThat(ClusterFacts.leftoverContainers()).as("containers and pod networks").isEmpty();
        } finally {
            ours.forEach(ClusterContainers::removeAll);
        }
    }

    private static Result run(Path dir, String name, String mode, String tag, String... flags) throws Exception {
        try (ChildJvm.Started child = ChildJvm.of(ClusterReuseClient.class)
                .withJvmOptions("-Duser.home=" + ReuseJvms.homeWithReuse(dir),
                        "-D" + TestNetworkMode.PROPERTY + "=" + TestNetworkMode.get())
                .withArgs(mode, tag).withArgs(flags).start(dir.resolve(name + ".log"))) {
            Result result = await(child);
            child.awaitExit(EXIT);
            return result;
        }
    }

    private static Result await(ChildJvm.Started child) throws IOException {
        return Result.parse(child.awaitLineAfter(RESULT, START), child.output());
    }
}
