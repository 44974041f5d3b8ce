package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.Flavour;
import io.github.redisclustertestkit.RedisClusterException;
import io.github.redisclustertestkit.ServerVersion;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pod mode's planning: which mode a start uses, its subnet, and what every listener binds. */
class PodModeTest {

    private static final ServerVersion REDIS_7 = new ServerVersion(Flavour.REDIS, "7.0.15");

    @Test
    void autoUsesHostNetworkingWhereItReachesThisJvmAndThePodElsewhere() {
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, false, () -> true)).isEqualTo(NetworkMode.HOST);
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, false, () -> false)).isEqualTo(NetworkMode.POD);
        assertThat(NetworkModes.decide(NetworkMode.HOST, true, false, () -> true)).isEqualTo(NetworkMode.HOST);
    }

    @Test
    void podIsNotProbedForAndNeedsADockerHostOnThisMachine() {
        AtomicInteger probes = new AtomicInteger();
        assertThat(NetworkModes.decide(NetworkMode.POD, true, false, () -> probes.incrementAndGet() > 0))
                .isEqualTo(NetworkMode.POD);
        assertThat(probes).hasValue(0);
        assertThatIllegalArgumentException().isThrownBy(() -> NetworkModes.decide(NetworkMode.POD, false, false, () -> true))
                .withMessageContaining("networkMode POD needs a Docker host on this machine")
                .withMessageContaining("--network-mode host");
    }

    @Test
    void hostRequestedWhereItDoesNotReachFailsAtOnceNamingTheFixAndThePodMode() {
        assertThatThrownBy(() -> NetworkModes.decide(NetworkMode.HOST, true, false, () -> false))
                .isInstanceOf(RedisClusterException.class)
                .hasMessageStartingWith("networkMode HOST: a host-networked container's port is not reachable")
                .hasMessageContaining("Settings > Resources > Network > Enable host networking")
                .hasMessageContaining("withNetworkMode(NetworkMode.POD)")
                .hasMessageContaining("--network-mode pod");
        assertThatThrownBy(() -> NetworkModes.decide(NetworkMode.AUTO, true, true, () -> false))
                .isInstanceOf(RedisClusterException.class)
                .hasMessageStartingWith("networkFaults needs host networking, which does not reach this JVM");
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, true, () -> true)).isEqualTo(NetworkMode.HOST);
        assertThatThrownBy(() -> NetworkModes.decide(NetworkMode.AUTO, false, false, () -> false))
                .isInstanceOf(RedisClusterException.class)
                .hasMessageContaining("remote Docker host is not reachable");
    }

    @Test
    void theSubnetFollowsTheFirstPortSoThatLiveClustersDiffer() {
        PodNetwork first = PodNetwork.candidate("abcd1234", 20000, 0, null);
        assertThat(first).isEqualTo(new PodNetwork("rct-abcd1234", "10.206.32.0/24", "10.206.32.2", "127.0.0.1"));
        assertThat(first.gateway()).isEqualTo("10.206.32.1");
        assertThat(PodNetwork.candidate("abcd1234", 20001, 0, null).subnet()).isEqualTo("10.206.33.0/24");
        assertThat(PodNetwork.candidate("abcd1234", 32767, 0, null).subnet()).isEqualTo("10.255.255.0/24");
    }

    @Test
    void afterAnOverlapEveryCandidateIsAnotherSubnetInsideTenDot128Slash9() {
        Set<String> subnets = new HashSet<>();
        for (int attempt = 0; attempt < PodNetwork.CANDIDATES; attempt++) {
            String subnet = PodNetwork.candidate("abcd1234", 32000, attempt, null).subnet();
            assertThat(subnet).matches("10\\.(1[2-9][0-9]|2[0-5][0-9])\\.[0-9]{1,3}\\.0/24");
            assertThat(Integer.parseInt(subnet.split("\\.")[1])).isBetween(128, 255);
            assertThat(Integer.parseInt(subnet.split("\\.")[2])).isBetween(0, 255);
            subnets.add(subnet);
        }
        assertThat(subnets).hasSize(PodNetwork.CANDIDATES);
    }

    @Test
    void thePodPublishesOnLoopbackOrEverywhereOnly() {
        assertThat(PodNetwork.candidate("abcd1234", 20000, 0, "127.0.0.1").publishAddress()).isEqualTo("127.0.0.1");
        assertThat(PodNetwork.candidate("abcd1234", 20000, 0, "0.0.0.0").publishAddress()).isEqualTo("0.0.0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> PodNetwork.candidate("abcd1234", 20000, 0, "127.0.0.2"))
                .withMessageStartingWith("bindAddress 127.0.0.2 needs host networking, which does not reach this JVM")
                .withMessageContaining("Enable host networking");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.defaults().toBuilder().bindAddress("127.0.0.2")
                        .networkMode(NetworkMode.POD).build().validate())
                .withMessageStartingWith("bindAddress 127.0.0.2 cannot be used with networkMode POD")
                .withMessageContaining("--network-mode host");
        ClusterSpec.defaults().toBuilder().bindAddress("0.0.0.0").networkMode(NetworkMode.POD).build().validate();
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.defaults().toBuilder().networkFaults(true)
                        .networkMode(NetworkMode.POD).build().validate())
                .withMessageStartingWith("networkFaults cannot be used with networkMode POD");
    }

    @Test
    void inThePodEveryListenerBindsLoopbackAndThePodAddressWhileNodesMeetOnLoopback() {
        Addresses inPod = Addresses.inPod("10.206.32.2");
        assertThat(inPod.bindAll()).containsExactly("127.0.0.1", "10.206.32.2");
        assertThat(inPod.nodeHost()).isEqualTo("127.0.0.1");
        assertThat(inPod.clientHost()).isEqualTo("127.0.0.1");
        assertThat(inPod.sourceAddress()).isNull();

        ClusterSpec spec = ClusterSpec.defaults().toBuilder().shards(1).build().validate();
        ClusterPlan plan = Planner.plan(spec, REDIS_7, "test1234", inPod,
                count -> IntStream.range(20000, 20000 + count).boxed().toList(), new Random(42));
        NodePlan master = plan.shards().get(0).redis().get(0);
        NodePlan replica = plan.shards().get(0).redis().get(1);
        NodePlan sentinel = plan.shards().get(0).sentinels().get(0);
        assertThat(master.config()).contains("\nbind 127.0.0.1 10.206.32.2\n");
        assertThat(replica.config()).contains("\nreplicaof 127.0.0.1 " + master.port() + "\n");
        assertThat(sentinel.config()).contains("\nbind 127.0.0.1 10.206.32.2\n")
                .contains("sentinel monitor shard-0 127.0.0.1 " + master.port());
        String haproxy = plan.haproxy().config();
        int masterPort = plan.shards().get(0).haproxyMasterPort();
        assertThat(haproxy)
                .contains("    bind ipv4@127.0.0.1:" + masterPort + ",ipv4@10.206.32.2:" + masterPort + "\n")
                .contains("    stats socket ipv4@127.0.0.1:" + plan.haproxy().port() + " level admin\n"
                        + "    stats socket ipv4@10.206.32.2:" + plan.haproxy().port() + " level admin\n")
                .contains("server redis-0 ipv4@127.0.0.1:" + master.port());
    }

    @Test
    void thePortCountIsWhatThePlanTakes() {
        ClusterSpec spec = ClusterSpec.defaults().validate();
        AtomicInteger asked = new AtomicInteger();
        Planner.plan(spec, REDIS_7, "test1234", Addresses.inPod("10.206.32.2"), count -> {
            asked.set(count);
            return IntStream.range(20000, 20000 + count).boxed().toList();
        }, new Random(42));
        assertThat(Planner.portCount(spec)).isEqualTo(asked.get()).isEqualTo(3 * 6 + 1 + 7);
    }
}
