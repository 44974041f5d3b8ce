package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The native Redis Cluster topology's plan: ports, slots and each node's config. */
class RedisClusterPlanTest {

    /** Hands out 20000, 20001, ... so that expectations can name ports. */
    private static final PortSource SEQUENTIAL = count -> IntStream.range(20000, 20000 + count).boxed().toList();
    private static final Server REDIS_7 = new Server(ServerFlavour.REDIS, "7.0.15");
    private static final Addresses HOST = new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1");

    private static ClusterSpec spec(int masters, int replicas) {
        return ClusterSpec.defaults().toBuilder().topology(Topology.CLUSTER).shards(masters).replicasPerShard(replicas)
                .clusterNodeTimeout(Duration.ofMillis(1000)).build().validate();
    }

    private static ClusterPlan plan(ClusterSpec spec, Addresses addresses) {
        return Planner.plan(spec, REDIS_7, "abc", addresses, SEQUENTIAL, new Random(1));
    }

    @Test
    void slotsAreSplitEvenlyAndCoverEverySlotOnce() {
        assertThat(SlotRange.split(3)).containsExactly(
                new SlotRange(0, 5461), new SlotRange(5462, 10922), new SlotRange(10923, 16383));
        assertThat(SlotRange.split(1)).containsExactly(new SlotRange(0, 16383));
        for (int masters : new int[]{2, 5, 7, 100, 16384}) {
            List<SlotRange> ranges = SlotRange.split(masters);
            assertThat(ranges.get(0).first()).isZero();
            assertThat(ranges.get(masters - 1).last()).isEqualTo(16383);
            for (int i = 1; i < masters; i++) {
                assertThat(ranges.get(i).first()).isEqualTo(ranges.get(i - 1).last() + 1);
            }
            int min = ranges.stream().mapToInt(SlotRange::count).min().orElseThrow();
            int max = ranges.stream().mapToInt(SlotRange::count).max().orElseThrow();
            assertThat(max - min).as("sizes of %d ranges", masters).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void slotRangesReadAndWriteAsRedisDoes() {
        assertThat(SlotRange.parse("0-5461")).isEqualTo(new SlotRange(0, 5461));
        assertThat(SlotRange.parse("42")).isEqualTo(new SlotRange(42, 42));
        assertThat(new SlotRange(42, 42)).hasToString("42");
        assertThat(new SlotRange(0, 5461)).hasToString("0-5461");
        assertThatIllegalArgumentException().isThrownBy(() -> SlotRange.parse("5-2"));
        assertThatIllegalArgumentException().isThrownBy(() -> SlotRange.parse("0-16384"));
    }

    @Test
    void everyNodeGetsAClientPortAndABusPortFromOneBlockAndNoSentinelOrHaproxy() {
        ClusterPlan plan = plan(spec(3, 1), HOST);

        assertThat(plan.nodes()).extracting(NodePlan::port).containsExactly(20000, 20001, 20002, 20003, 20004, 20005);
        assertThat(plan.nodes()).extracting(NodePlan::busPort).containsExactly(20006, 20007, 20008, 20009, 20010, 20011);
        assertThat(new HashSet<>(plan.ports())).hasSize(12).hasSize(Planner.portCount(plan.spec()));
        assertThat(plan.haproxy()).isNull();
        assertThat(plan.nodes()).allMatch(n -> n.kind() == NodeKind.REDIS);
        assertThat(plan.shards()).extracting(ShardPlan::slots).containsExactlyElementsOf(SlotRange.split(3));
        assertThat(plan.shards().get(1).initialReplicas()).extracting(NodePlan::name).containsExactly("shard-1 redis-1");
        assertThat(plan.clientHost(20003)).isEqualTo("127.0.0.1");
    }

    @Test
    void theConfigMakesAClusterNodeWithItsOwnBusPort() {
        ClusterSpec withPassword = spec(3, 1).toBuilder().password("s3cret").clusterNodeTimeout(Duration.ofMillis(750))
                .redisConf(List.of("maxmemory 64mb")).build();
        String conf = plan(withPassword, HOST).shards().get(2).initialReplicas().get(0).config();

        assertThat(conf.lines()).contains("bind 127.0.0.1", "port 20005", "cluster-enabled yes",
                "cluster-config-file nodes.conf", "cluster-port 20011", "cluster-node-timeout 750",
                "cluster-replica-validity-factor 0", "protected-mode no",
                "requirepass s3cret", "masterauth s3cret", "maxmemory 64mb");
        // A cluster node must not be told to replicate in its config: CLUSTER REPLICATE does that.
        assertThat(conf).doesNotContain("replicaof", "bind-source-addr");
        assertThat(conf.lines().toList()).last().isEqualTo("maxmemory 64mb");
    }

    @Test
    void nothingIsAnnouncedWhereNodesAndClientsUseOneAddress() {
        for (Addresses addresses : List.of(HOST, Addresses.inPod("10.128.7.2"))) {
            assertThat(plan(spec(3, 1), addresses).nodes().get(0).config()).as("%s", addresses)
                    .doesNotContain("cluster-announce");
        }
    }

    @Test
    void aLoneNodeIsToldItsAddressSinceNoPeerMeetsIt() {
        assertThat(plan(spec(1, 0), HOST).nodes().get(0).config().lines()).contains("cluster-announce-ip 127.0.0.1");
        assertThat(plan(spec(1, 1), HOST).nodes().get(0).config()).doesNotContain("cluster-announce");
    }

    @Test
    void theClientAddressIsAnnouncedWhereItDiffersFromTheNodes() {
        String conf = plan(spec(3, 1), new Addresses("0.0.0.0", "127.0.0.1", "198.51.100.7")).nodes().get(0).config();

        assertThat(conf.lines()).contains("cluster-announce-ip 198.51.100.7");
        assertThat(conf).doesNotContain("cluster-announce-port", "cluster-announce-bus-port");
    }

    @Test
    void perNodeAddressesAlsoCarryTheBusTraffic() {
        Addresses perNode = new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1", true);

        String conf = plan(spec(3, 1), perNode).nodes().get(1).config();

        assertThat(conf.lines()).contains("bind " + Addresses.ofNode(20001), "bind-source-addr " + Addresses.ofNode(20001));
        assertThat(conf).doesNotContain("cluster-announce");
    }

    @Test
    void badInputIsRefusedNamingTheOptionAndTheFix() {
        assertThatIllegalArgumentException().isThrownBy(() -> spec(0, 1))
                .withMessage("masters must be between 1 and 32 (was 0). Use withMasters(n) with 1 <= n <= 32");
        assertThatIllegalArgumentException().isThrownBy(() -> spec(3, -1))
                .withMessage("replicasPerMaster must be between 0 and 8 (was -1). Use withReplicasPerMaster(n) with"
                        + " 0 <= n <= 8");
        assertThatIllegalArgumentException().isThrownBy(() -> spec(3, 1).toBuilder()
                        .clusterNodeTimeout(Duration.ofMillis(50)).build().validate())
                .withMessageStartingWith("clusterNodeTimeout must be at least 100 ms (was 50 ms)")
                .withMessageContaining("withClusterNodeTimeout");
        spec(1, 0); // a single master without replicas is a cluster too
    }

    @Test
    void serversWithoutClusterPortAreRefusedBeforeAnyPortIsTaken() {
        List<Integer> taken = new ArrayList<>();
        PortSource recording = count -> {
            taken.add(count);
            return SEQUENTIAL.take(count);
        };
        for (String old : List.of("6.2.14", "6.0.16")) {
            Server server = new Server(ServerFlavour.REDIS, old);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> Planner.plan(spec(3, 1), server, "a", HOST, recording, new Random(1)))
                    .withMessageStartingWith("topology CLUSTER needs cluster-port, which the image's Redis " + old
                            + " lacks")
                    .withMessageContaining("Redis 7.0+ or Valkey 7.2+ (withRedisImage(..))");
        }
        assertThat(taken).as("ports taken before the refusal").isEmpty();
        Planner.requireServerFits(spec(3, 1), new Server(ServerFlavour.REDIS, "7.0.0"));
        Planner.requireServerFits(spec(3, 1), new Server(ServerFlavour.VALKEY, "7.2.4"));
    }
}
