package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.OrphanClusters;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters;
import io.github.redisclustertestkit.internal.reuse.ReusedClusters.ReusedCluster;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reuse across JVMs, with real JVMs ({@link ReuseJvms}): the Sentinel topology. */
class ReuseIT {

    private static final String RESULT = "result ";
    private static final boolean IN_A_POD = TestNetworkMode.get() == NetworkMode.POD;
    private static final int CONTAINERS = IN_A_POD ? 5 : 4; // master, replica, Sentinel, HAProxy (and the pod)
    private static final String KEY = "left-by-the-last-run";
    /** How long a child JVM may take to close its cluster and exit, once it printed its result or was let go. */
    private static final Duration EXIT = Duration.ofSeconds(60);

    /**
     * A JVM that starts a small reused cluster and prints what it found, then, by its first argument:
     * {@code dirty} writes a key, stops the replica and pauses the Sentinel; {@code partition-and-die}
     * cuts the master from the replica and exits without closing (a third argument turns network
     * faults on); {@code hold} keeps the
     * cluster (and its lease) until stdin closes; {@code check} nothing more. Then it closes the cluster.
     */
    public static final class ReuseClient {
        public static void main(String[] args) throws Exception {
            boolean networkFaults = args.length > 2;
            // The default startup timeout: a take-over that does not become ready within it replaces the
            // cluster, and a shorter one made the take-over tests fail on a loaded machine.
            try (RedisShardedClusterContainer cluster = small(args[1]).withNetworkFaults(networkFaults)
                    .withReuse(true)) {
                long startMillis = ReuseJvms.timedStart(cluster);
                long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                Shard shard = cluster.shard(0);
                String onMaster = get(shard.haproxyMaster());
                String onReplica = get(shard.replicas().get(0));
                System.out.println(RESULT + cluster.clusterId() + " " + cluster.isReused() + " " + startMillis + " "
                        + sinceJvmStart + " " + onMaster + " " + onReplica);
                System.out.flush();
                switch (args[0]) {
                    case "dirty" -> {
                        try (RespClient client = RespClient.connect(shard.haproxyMaster().host(),
                                shard.haproxyMaster().port(), null, Duration.ofSeconds(2))) {
                            client.call("SET", KEY, "x");
                            client.call("WAIT", "1", "2000");
                        }
                        shard.replicaNodes().get(0).stop();
                        shard.sentinelNode(0).pause();
                    }
                    case "partition-and-die" -> {
                        cluster.network().partition(Set.of(shard.masterNode()), Set.of(shard.replicaNodes().get(0)));
                        Runtime.getRuntime().halt(0); // no close(), no shutdown hook: the rules stay
                    }
                    case "hold" -> {
                        while (System.in.read() != -1) {
                            // the test closes stdin to let go of the lease
                        }
                    }
                    default -> { }
                }
            }
        }

        private static String get(Endpoint at) throws Exception {
            try (RespClient client = RespClient.connect(at.host(), at.port(), null, Duration.ofSeconds(2))) {
                return String.valueOf(client.call("GET", KEY));
            }
        }
    }

    private static RedisShardedClusterContainer small(String masterNamePrefix) {
        return new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1).withSentinelsPerShard(1)
                .withMasterNamePrefix(masterNamePrefix).withNetworkMode(TestNetworkMode.get());
    }

    /** What a {@link ReuseClient} printed; {@code log} is its whole output, for the message of a failed assertion. */
    private record Result(String clusterId, boolean reused, long startMillis, long sinceJvmStart, String onMaster,
                          String onReplica, String log) {
        static Result parse(String result, String log) {
            String[] f = result.split(" ");
            return new Result(f[0], Boolean.parseBoolean(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5],
                    log);
        }
    }

    /** A unique master-name prefix per test run keeps this test's reuse key its own. */
    private static String prefix(String name) {
        return name + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-";
    }

    @Test
    void aNewJvmTakesTheClusterOverResetAndTheRemovalCommandRemovesIt(@TempDir Path dir) throws Exception {
        String prefix = prefix("reuse");
        List<String> ours = new ArrayList<>();
        try {
            Result first = run(dir, "first", "dirty", prefix);
            ours.add(first.clusterId());
            assertThat(first.reused()).as("the first start starts a reused cluster").isTrue();
            assertThat(ReuseJvms.states(first.clusterId())).as("close() leaves a reused cluster, as its last user left it")
                    .containsExactlyInAnyOrderElementsOf(IN_A_POD ? List.of("running", "running", "exited", "paused",
                            "running") : List.of("running", "running", "exited", "paused"));

            Result second = run(dir, "second", "check", prefix);
            ours.add(second.clusterId());
            assertThat(second.clusterId()).as("the second JVM takes the first one's cluster over")
                    .isEqualTo(first.clusterId());
            assertThat(second.onMaster()).as("the data the last run left, via HAProxy's master port").isEqualTo("null");
            assertThat(second.onReplica()).as("... and on the replica it had stopped").isEqualTo("null");
            System.out.printf("reused start in a fresh JVM: start() %d ms, %d ms after the JVM started (first: %d ms)%n",
                    second.startMillis(), second.sinceJvmStart(), first.startMillis());
            assertThat(ReuseJvms.states(first.clusterId())).hasSize(CONTAINERS).containsOnly("running");

            OrphanClusters.remove(DockerClientFactory.instance().dockerHostIpAddress());
            assertThat(ReuseJvms.states(first.clusterId())).as("the orphan sweep, although every JVM that used it is gone")
                    .hasSize(CONTAINERS);
            assertThat(ReusedClusters.list()).extracting(ReusedCluster::clusterId).contains(first.clusterId());

            assertThat(ReusedClusters.remove(first.clusterId())).isTrue();
            assertThat(ClusterContainers.count(first.clusterId())).as("removed by the command").isZero();
            assertThat(ReusedClusters.remove(first.clusterId())).as("nothing left to remove").isFalse();
        } finally {
            ours.forEach(ClusterContainers::removeAll);
        }
    }

    @Test
    void twoJvmsAskingAtOnceGetAClusterEachAndBothAreKeptForLater(@TempDir Path dir) throws Exception {
        String prefix = prefix("twice");
        List<String> ours = new ArrayList<>();
        ChildJvm.Started a = start(dir, "a", "hold", prefix);
        ChildJvm.Started b = start(dir, "b", "hold", prefix);
        try {
            Result inA = await(a);
            Result inB = await(b);
            ours.add(inA.clusterId());
            ours.add(inB.clusterId());
            assertThat(inA.clusterId()).as("a cluster in use is not handed to another JVM").isNotEqualTo(inB.clusterId());
            assertThat(List.of(inA.reused(), inB.reused())).as("both reused; their output:\n%s\n%s", inA.log(), inB.log())
                    .containsOnly(true);
            Map<String, Integer> slots = new HashMap<>();
            ReusedClusters.list().stream().filter(c -> ours.contains(c.clusterId()))
                    .forEach(c -> slots.put(c.clusterId(), c.slot()));
            assertThat(slots.values()).containsExactlyInAnyOrder(0, 1);

            release(a);
            release(b);
            Result third = run(dir, "third", "check", prefix);
            ours.add(third.clusterId());
            System.out.printf("reused start of a clean cluster in a fresh JVM: start() %d ms, %d ms after the JVM"
                    + " started%n", third.startMillis(), third.sinceJvmStart());
            assertThat(third.clusterId()).as("the next start takes slot 0's cluster over")
                    .isEqualTo(slots.entrySet().stream().filter(e -> e.getValue() == 0).findFirst().orElseThrow().getKey());
        } finally {
            a.close();
            b.close();
            ours.forEach(ReusedClusters::remove);
        }
        for (String clusterId : ours) {
            assertThat(ClusterContainers.count(clusterId)).as(clusterId).isZero();
        }
    }

    @Test
    void aTakeOverRemovesThePartitionsOfAJvmThatDiedMidTest(@TempDir Path dir) throws Exception {
        assumeTrue(!IN_A_POD, "network faults need host networking");
        String prefix = prefix("cut");
        List<String> ours = new ArrayList<>();
        try {
            Result first = run(dir, "first", "partition-and-die", prefix, "network-faults");
            ours.add(first.clusterId());
            Result second = run(dir, "second", "check", prefix, "network-faults");
            ours.add(second.clusterId());
            assertThat(second.clusterId()).as("taken over, not replaced; the second JVM's output:\n%s", second.log())
                    .isEqualTo(first.clusterId());
            assertThat(second.reused()).isTrue();
        } finally {
            ours.forEach(ReusedClusters::remove);
        }
    }

    /** In a child JVM whose user.home has no .testcontainers.properties: not this developer's settings. */
    @Test
    void reuseNotEnabledOnThisMachineStartsAClusterThatCloseRemoves(@TempDir Path dir) throws Exception {
        Result result;
        try (ChildJvm.Started off = start(dir, Files.createDirectories(dir.resolve("home-without-reuse")), "off",
                "check", prefix("off"))) {
            result = await(off);
            off.awaitExit(EXIT);
        }
        assertThat(result.reused()).isFalse();
        assertThat(ClusterContainers.count(result.clusterId())).as("removed at close()").isZero();
    }

    private static Result run(Path dir, String name, String mode, String... prefixAndFlags) throws Exception {
        try (ChildJvm.Started child = start(dir, name, mode, prefixAndFlags)) {
            Result result = await(child);
            child.awaitExit(EXIT);
            return result;
        }
    }

    private static ChildJvm.Started start(Path dir, String name, String mode, String... prefixAndFlags)
            throws IOException {
        return start(dir, ReuseJvms.homeWithReuse(dir), name, mode, prefixAndFlags);
    }

    private static ChildJvm.Started start(Path dir, Path home, String name, String mode, String... prefixAndFlags)
            throws IOException {
        return ChildJvm.of(ReuseClient.class).withJvmOptions("-Duser.home=" + home,
                        "-D" + TestNetworkMode.PROPERTY + "=" + TestNetworkMode.get()).withArgs(mode)
                .withArgs(prefixAndFlags).start(dir.resolve(name + ".log"));
    }

    private static void release(ChildJvm.Started holder) throws Exception {
        holder.process().getOutputStream().close();
        holder.awaitExit(EXIT);
    }

    /** Waits for the child's result line; its whole output so far goes with it, for failure messages. */
    private static Result await(ChildJvm.Started child) throws IOException {
        String result = child.awaitLineAfter(RESULT, Duration.ofSeconds(120));
        return Result.parse(result, child.output());
    }
}
