package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** With network faults, every node listens on, connects from and is named by its own loopback address. */
class PerNodeAddressesTest {

    private static final PortSource SEQUENTIAL = count -> IntStream.range(20000, 20000 + count).boxed().toList();
    private static final Server REDIS_7 = new Server(ServerFlavour.REDIS, "7.0.15");
    private static final ClusterSpec SPEC = ClusterSpec.defaults().toBuilder().networkFaults(true).build();

    private static ClusterPlan plan(Server server) {
        Addresses addresses = Addresses.perNode("localhost", PlannerTest.address("localhost", 127, 0, 0, 1));
        return Planner.plan(SPEC.validate(), server, "test1234", addresses, SEQUENTIAL, new Random(42));
    }

    @Test
    void theAddressComesFromThePortSoClustersOnDistinctPortsNeverShareOne() {
        assertThat(Addresses.ofNode(20000)).isEqualTo("127.82.78.32");
        assertThat(Addresses.ofNode(32767)).isEqualTo("127.82.127.255");
        Set<String> seen = new HashSet<>();
        for (int port = 1024; port < 65536; port++) {
            assertThat(seen.add(Addresses.ofNode(port))).as("port " + port).isTrue();
        }
    }

    @Test
    void everyNodeBindsAndConnectsFromItsOwnAddress() {
        ClusterPlan plan = plan(REDIS_7);
        List<String> own = new ArrayList<>();
        for (ShardPlan shard : plan.shards()) {
            for (NodePlan node : shard.redis()) {
                String a = Addresses.ofNode(node.port());
                own.add(a);
                assertThat(node.config()).as(node.name()).contains("bind " + a + "\n", "bind-source-addr " + a + "\n",
                        "protected-mode no\n");
            }
            for (NodePlan replica : shard.initialReplicas()) {
                assertThat(replica.config()).contains("replicaof " + Addresses.ofNode(shard.initialMaster().port())
                        + " " + shard.initialMaster().port() + "\n");
            }
            for (NodePlan sentinel : shard.sentinels()) {
                String a = Addresses.ofNode(sentinel.port());
                own.add(a);
                assertThat(sentinel.config()).contains("bind " + a + "\n", "bind-source-addr " + a + "\n",
                        "sentinel monitor " + shard.masterName() + " " + Addresses.ofNode(shard.initialMaster().port())
                                + " " + shard.initialMaster().port() + " ");
                for (NodePlan replica : shard.initialReplicas()) {
                    // Exactly what the master reports: the address the replica connects from.
                    assertThat(sentinel.config()).contains("sentinel known-replica " + shard.masterName() + " "
                            + Addresses.ofNode(replica.port()) + " " + replica.port() + "\n");
                }
                for (NodePlan peer : shard.sentinels()) {
                    if (!peer.equals(sentinel)) {
                        assertThat(sentinel.config()).contains("sentinel known-sentinel " + shard.masterName() + " "
                                + Addresses.ofNode(peer.port()) + " " + peer.port() + " ");
                    }
                }
            }
        }
        String haproxy = Addresses.ofNode(plan.haproxy().port());
        own.add(haproxy);
        assertThat(own).doesNotHaveDuplicates();
        assertThat(plan.clientHost(plan.shards().get(0).haproxyMasterPort())).isEqualTo(haproxy);
        assertThat(plan.clientHost(plan.haproxyStatsPort())).isEqualTo(haproxy);
        assertThat(plan.clientHost(plan.shards().get(0).initialMaster().port()))
                .isEqualTo(Addresses.ofNode(plan.shards().get(0).initialMaster().port()));
    }

    @Test
    void haproxyListensOnItsAddressAndConnectsFromIt() {
        ClusterPlan plan = plan(REDIS_7);
        String haproxy = Addresses.ofNode(plan.haproxy().port());
        String cfg = plan.haproxy().config();
        ShardPlan shard = plan.shards().get(0);
        assertThat(cfg).contains("stats socket ipv4@" + haproxy + ":" + plan.haproxy().port() + " level admin\n",
                "bind ipv4@" + haproxy + ":" + shard.haproxyMasterPort() + "\n",
                "bind ipv4@" + haproxy + ":" + plan.haproxyStatsPort() + "\n");
        for (NodePlan node : shard.redis()) {
            String a = Addresses.ofNode(node.port());
            assertThat(cfg).contains("server redis-" + node.index() + " ipv4@" + a + ":" + node.port() + " source "
                    + haproxy + " check\n", "tcp-check connect addr " + a + " port " + node.port() + "\n");
        }
        assertThat(cfg).doesNotContain("127.0.0.1");
        assertThat(cfg.lines().filter(l -> l.trim().startsWith("server ") && l.contains("ipv4@")))
                .allMatch(l -> l.contains(" source " + haproxy));
    }

    @Test
    void redis6CannotConnectFromItsOwnAddressAndFailsBeforeAnyNodeStarts() {
        // The start runs this check before it takes ports or makes anything; plan() runs it too.
        Addresses addresses = Addresses.perNode("localhost", PlannerTest.address("localhost", 127, 0, 0, 1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Planner.requireServerFits(addresses, new Server(ServerFlavour.REDIS, "6.0.16")))
                .withMessageContaining("networkFaults needs bind-source-addr");
        assertThatIllegalArgumentException().isThrownBy(() -> plan(new Server(ServerFlavour.REDIS, "6.0.16")))
                .withMessageContaining("networkFaults needs bind-source-addr")
                .withMessageContaining("Redis 6.0.16")
                .withMessageContaining("Redis 7.0+ or Valkey")
                .withMessageContaining("withNetworkFaults(false)");
    }

    @Test
    void aRemoteDockerHostOrABindAddressCannotHaveNetworkFaults() {
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.perNode("docker.example",
                        PlannerTest.address("docker.example", 10, 0, 0, 5)))
                .withMessageContaining("networkFaults needs the Docker engine on this machine");
        assertThatIllegalArgumentException().isThrownBy(() -> SPEC.toBuilder().bindAddress("0.0.0.0").build().validate())
                .withMessageContaining("cannot be combined with bindAddress");
    }

    @Test
    void withoutNetworkFaultsNothingChanges() {
        ClusterSpec plain = ClusterSpec.defaults();
        ClusterPlan plan = Planner.plan(plain.validate(), REDIS_7, "test1234",
                Addresses.resolve(null, "localhost", PlannerTest.address("localhost", 127, 0, 0, 1)), SEQUENTIAL,
                new Random(42));
        assertThat(plan.nodes()).allMatch(n -> !n.config().contains("127.82.") && !n.config().contains(" source "));
    }
}
