package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterRecordTest {

    private static final Server SERVER = new Server(ServerFlavour.VALKEY, "8.1.4");

    @Test
    void everyOptionAndThePodComeBackFromTheLabels() {
        ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
        for (SpecOption option : SpecOptions.ALL) {
            option.apply(b, option.parse(option.example()));
        }
        // Two directives, one with the separator the command line uses between directives.
        b.redisConf(List.of("maxmemory 64mb", "notify-keyspace-events \"Ex;g\""));
        ClusterSpec spec = b.build();
        PodNetwork pod = new PodNetwork("rct-abc", "10.200.0.0/24", "10.200.0.2", "127.0.0.1");
        ClusterRecord record = new ClusterRecord(spec, SERVER, List.of(5000, 5001, 5002), 42L,
                Addresses.inPod(pod.podAddress()), "127.0.0.1", NetworkMode.POD, pod);

        ClusterRecord back = ClusterRecord.parse(record.toLabels()).orElseThrow();

        assertThat(back).isEqualTo(record);
        for (SpecOption option : SpecOptions.ALL) {
            assertThat(String.valueOf(option.get().apply(back.spec()))).as(option.name())
                    .isEqualTo(String.valueOf(option.get().apply(spec)));
        }
    }

    @Test
    void unsetOptionsStayUnsetAndTheSamePlanIsMadeAgain() {
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().shards(1).replicasPerShard(1).sentinelsPerShard(1)
                .build().validate();
        List<Integer> ports = IntStream.range(7000, 7000 + Planner.portCount(spec)).boxed().toList();
        ClusterRecord record = new ClusterRecord(spec, SERVER, ports, -7L,
                new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"), "127.0.0.1", NetworkMode.HOST, null);

        ClusterRecord back = ClusterRecord.parse(record.toLabels()).orElseThrow();

        assertThat(back.spec().password()).isNull();
        assertThat(back.spec().bindAddress()).isEqualTo(spec.bindAddress());
        assertThat(back).isEqualTo(record);
        assertThat(back.plan("c1")).isEqualTo(record.plan("c1"));
    }

    @Test
    void labelsWithoutARecordOrWithABrokenOneGiveNone() {
        assertThat(ClusterRecord.parse(Map.of("redis-cluster-testkit.cluster", "c1"))).isEmpty();
        ClusterRecord record = new ClusterRecord(ClusterSpec.defaults(), SERVER, List.of(1), 1L,
                new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"), "127.0.0.1", NetworkMode.HOST, null);
        Map<String, String> broken = new HashMap<>(record.toLabels());
        broken.put("redis-cluster-testkit.plan.addresses", "127.0.0.1");
        assertThat(ClusterRecord.parse(broken)).isEmpty();
    }
}
