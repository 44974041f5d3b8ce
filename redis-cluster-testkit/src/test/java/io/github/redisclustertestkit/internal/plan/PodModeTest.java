package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pod mode's planning: which mode a start uses, its subnet, and what every listener binds. */
class PodModeTest {

    private static final Server REDIS_7 = new Server(ServerFlavour.REDIS, "7.0.15");

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
                .isInstanceOf(ClusterFailure.class)
                .hasMessageStartingWith("networkMode HOST: a host-networked container's port is not reachable")
                .hasMessageContaining("Settings > Resources > Network > Enable host networking")
                .hasMessageContaining("withNetworkMode(NetworkMode.POD)")
                .hasMessageContaining("--network-mode pod")
                .hasMessageContaining("Rootless Docker or Podman")
                .hasMessageContaining("A remote engine (DOCKER_HOST=tcp://...): HOST works when this JVM reaches the"
                        + " engine's address");
        assertThatThrownBy(() -> NetworkModes.decide(NetworkMode.AUTO, true, true, () -> false))
                .isInstanceOf(ClusterFailure.class)
                .hasMessageStartingWith("networkFaults needs host networking, which does not reach this JVM");
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, true, () -> true)).isEqualTo(NetworkMode.HOST);
        assertThatThrownBy(() -> NetworkModes.decide(NetworkMode.AUTO, false, false, () -> false))
                .isInstanceOf(ClusterFailure.class)
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

    /** /proc/net/route of a machine on a LAN, with an office VPN's 10.206.32.0/22 and docker0. */
    private static final String PROC_NET_ROUTE = """
            Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
            eth0	00000000	0101A8C0	0003	0	0	100	00000000	0	0	0
            eth0	0001A8C0	00000000	0001	0	0	100	00FFFFFF	0	0	0
            tun0	0020CE0A	00000000	0001	0	0	50	00FCFFFF	0	0	0
            docker0	000011AC	00000000	0001	0	0	0	0000FFFF	0	0	0
            """;

    @Test
    void routesAreReadFromProcNetRouteWithoutTheDefaultRoute() {
        assertThat(PodNetwork.routes(PROC_NET_ROUTE)).extracting(Object::toString)
                .containsExactly("192.168.1.0/24 (eth0)", "10.206.32.0/22 (tun0)", "172.17.0.0/16 (docker0)");
        assertThat(PodNetwork.routes("")).isEmpty();
        assertThat(PodNetwork.routes("garbage\neth0 nothex 0 0 0 0 0 zz")).isEmpty();
    }

    @Test
    void aSubnetThatWouldShadowARouteOfThisMachineIsNotTried() {
        List<PodNetwork.Route> routes = PodNetwork.routes(PROC_NET_ROUTE);
        // 10.206.32.0/24 and 10.206.33.0/24 (the first candidates of these ports) lie inside the VPN's /22.
        for (int firstPort : new int[] {20000, 20001}) {
            List<PodNetwork> candidates = PodNetwork.candidates("abcd1234", firstPort, null, routes);
            assertThat(candidates).hasSize(PodNetwork.CANDIDATES);
            assertThat(candidates.get(0)).isEqualTo(PodNetwork.candidate("abcd1234", firstPort, 1, null));
            assertThat(candidates).allMatch(c -> c.overlapping(routes).isEmpty());
        }
        assertThat(PodNetwork.candidate("abcd1234", 20000, 0, null).overlapping(routes).map(Object::toString))
                .contains("10.206.32.0/22 (tun0)");
        assertThat(PodNetwork.candidates("abcd1234", 20000, null, List.of())).first()
                .isEqualTo(PodNetwork.candidate("abcd1234", 20000, 0, null));
        // A VPN that routes all of 10.0.0.0/8: nothing to try (bounded), and the start says why.
        String allOfTen = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
                + "tun0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\n";
        assertThat(PodNetwork.candidates("abcd1234", 20000, null, PodNetwork.routes(allOfTen))).isEmpty();
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
