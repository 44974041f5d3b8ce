package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FormationTest {

    static ClusterPlan plan(int masters, int replicas, Addresses addresses) {
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().topology(Topology.CLUSTER).shards(masters)
                .replicasPerShard(replicas).clusterNodeTimeout(Duration.ofSeconds(1)).build().validate();
        return Planner.plan(spec, new Server(ServerFlavour.REDIS, "7.0.15"), "abc", addresses,
                count -> IntStream.range(20000, 20000 + count).boxed().toList(), new Random(1));
    }

    private static List<String> commands(ClusterPlan plan) {
        return Formation.of(plan).stream()
                .map(s -> s.on().port() + " " + String.join(" ", s.command("<id of " + (s instanceof Formation.Replicate r
                        ? r.master().port() : 0) + ">")))
                .toList();
    }

    @Test
    void nodesMeetThenMastersTakeTheirSlotsThenReplicasFollow() {
        assertThat(commands(plan(3, 1, new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1")))).containsExactly(
                "20000 CLUSTER MEET 127.0.0.1 20001 20007",
                "20000 CLUSTER MEET 127.0.0.1 20002 20008",
                "20000 CLUSTER MEET 127.0.0.1 20003 20009",
                "20000 CLUSTER MEET 127.0.0.1 20004 20010",
                "20000 CLUSTER MEET 127.0.0.1 20005 20011",
                "20000 CLUSTER ADDSLOTSRANGE 0 5461",
                "20002 CLUSTER ADDSLOTSRANGE 5462 10922",
                "20004 CLUSTER ADDSLOTSRANGE 10923 16383",
                "20001 CLUSTER REPLICATE <id of 20000>",
                "20003 CLUSTER REPLICATE <id of 20002>",
                "20005 CLUSTER REPLICATE <id of 20004>");
    }

    @Test
    void nodesMeetAtTheirOwnAddressWhenEachHasOne() {
        Addresses perNode = new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1", true);

        assertThat(commands(plan(1, 1, perNode))).first()
                .isEqualTo("20000 CLUSTER MEET " + Addresses.ofNode(20001) + " 20001 20003");
    }

    @Test
    void nodesMeetWhereTheyReachEachOtherNotWhereClientsReachThem() {
        Addresses remote = new Addresses("0.0.0.0", "127.0.0.1", "198.51.100.7");

        assertThat(commands(plan(1, 1, remote))).first().isEqualTo("20000 CLUSTER MEET 127.0.0.1 20001 20003");
    }

    @Test
    void aSingleMasterWithoutReplicasOnlyTakesItsSlots() {
        assertThat(commands(plan(1, 0, new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"))))
                .containsExactly("20000 CLUSTER ADDSLOTSRANGE 0 16383");
    }
}
