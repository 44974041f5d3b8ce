package io.github.redisclustertestkit;

import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The native Redis Cluster topology with a real cluster client: ready, routed, killed, failed over. */
class RedisClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    private static RedisClusterContainer started(RedisClusterContainer cluster) {
        cluster.withNetworkMode(ClusterFacts.NETWORK_MODE).start();
        ClusterFacts.remember(cluster.clusterId());
        return cluster;
    }

    private static JedisCluster client(RedisClusterContainer cluster) {
        return client(cluster, null);
    }

    private static JedisCluster client(RedisClusterContainer cluster, String password) {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(e -> new HostAndPort(e.host(), e.port()))
                .collect(Collectors.toSet());
        return new JedisCluster(seeds, DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000)
                .build(), 5, new GenericObjectPoolConfig<>());
    }

    /** A key whose hash slot the shard's master was given at start. */
    private static String keyOf(RedisClusterShard shard, String prefix) {
        for (int i = 0; i < 100_000; i++) {
            int slot = JedisClusterCRC16.getSlot(prefix + i);
            if (slot >= shard.firstSlot() && slot <= shard.lastSlot()) {
                return prefix + i;
            }
        }
        throw new AssertionError("no key for " + shard);
    }

    @Test
    void aClientStartedRightAfterStartWritesToEverySlotRangeAndEveryAddressIsReachable() {
        try (RedisClusterContainer cluster = started(new RedisClusterContainer())) {
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.shards()).extracting(RedisClusterShard::firstSlot).containsExactly(0, 5462, 10923);
            try (JedisCluster jedis = client(cluster)) {
                for (int i = 0; i < 300; i++) {
                    jedis.set("key-" + i, "v" + i);
                }
                for (int i = 0; i < 300; i++) {
                    assertThat(jedis.get("key-" + i)).isEqualTo("v" + i);
                }
            }
            for (RedisClusterShard shard : cluster.shards()) {
                try (Jedis master = new Jedis(shard.master().host(), shard.master().port(), 2000)) {
                    assertThat(master.dbSize()).as("keys on %s", shard).isPositive();
                    // Every address the cluster hands out (MOVED, ASK, CLUSTER SLOTS) is one this machine reaches.
                    String nodes = master.clusterNodes();
                    for (Endpoint node : cluster.nodes()) {
                        assertThat(nodes).contains(node.host() + ":" + node.port() + "@");
                    }
                }
            }
            cluster.flushAll();
            try (JedisCluster jedis = client(cluster)) {
                assertThat(jedis.get("key-0")).isNull();
            }
        }
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndRejoinsAsAReplica() {
        try (RedisClusterContainer cluster = started(new RedisClusterContainer())) {
            RedisClusterShard shard = cluster.shard(0);
            Node old = shard.masterNode();
            String key = keyOf(shard, "k");
            try (JedisCluster jedis = client(cluster)) {
                jedis.set(key, "before");
            }

            old.kill();
            Node promoted = shard.awaitMasterChange(WAIT);

            // Not only a majority: every surviving node, other shards' masters included, serves.
            for (Endpoint node : cluster.nodes()) {
                if (!node.equals(old.endpoint())) {
                    try (Jedis jedis = new Jedis(node.host(), node.port(), 2000)) {
                        assertThat(jedis.clusterInfo()).as("%s right after awaitMasterChange", node)
                                .contains("cluster_state:ok");
                    }
                }
            }
            assertThat(promoted.name()).isNotEqualTo(old.name());
            assertThat(promoted.role()).isEqualTo("master");
            try (JedisCluster jedis = client(cluster)) {
                assertThat(jedis.get(key)).isEqualTo("before");
                jedis.set(key, "after");
            }
            cluster.heal(WAIT);
            assertThat(old.role()).isEqualTo("slave");
            assertThat(shard.masterNode().name()).isEqualTo(promoted.name());
            assertThat(cluster.timeline()).filteredOn(e -> e.node().equals(old.name()) || e.kind().equals("failover"))
                    .extracting(ClusterEvent::kind, ClusterEvent::node)
                    .containsSubsequence(tuple("killed", old.name()), tuple("failover", promoted.name()),
                            tuple("started", old.name()));
            // From the promoted replica's own log: it won the election the kill caused.
            await("the cluster-view event of " + promoted.name() + " winning its election").atMost(WAIT)
                    .untilAsserted(() -> assertThat(cluster.timeline()).anySatisfy(e -> assertThat(
                            e.node() + ": " + e.kind() + " " + e.detail())
                            .startsWith(promoted.name() + ": cluster-view Failover election won")));
        }
    }

    @Test
    void aCoordinatedFailoverReturnsOnceEveryNodeAgrees() {
        try (RedisClusterContainer cluster = started(new RedisClusterContainer().withMasters(3))) {
            RedisClusterShard shard = cluster.shard(2);
            Node old = shard.masterNode();

            Node promoted = shard.failover();

            assertThat(promoted.name()).isNotEqualTo(old.name());
            assertThat(promoted.role()).isEqualTo("master");
            assertThat(old.role()).isEqualTo("slave");
            for (Endpoint node : cluster.nodes()) {
                try (Jedis jedis = new Jedis(node.host(), node.port(), 2000)) {
                    // id address@bus flags master ping pong epoch link slots...
                    String mastersOfShard = jedis.clusterNodes().lines().map(l -> l.split(" "))
                            .filter(f -> f[2].contains("master") && List.of(f).contains(shard.firstSlot() + "-"
                                    + shard.lastSlot()))
                            .map(f -> f[1]).collect(Collectors.joining(" "));
                    assertThat(mastersOfShard).as("view of %s", node).startsWith(promoted.endpoint() + "@");
                }
            }
            Node back = shard.failover(RedisClusterShard.Failover.FORCE, WAIT);
            assertThat(back.name()).isEqualTo(old.name());
        }
    }

    @Test
    void aForcedFailoverAwayFromAKilledMasterReturnsWhileItIsDown() {
        // A node timeout far beyond the wait: only the forced failover moves the slots.
        try (RedisClusterContainer cluster = started(new RedisClusterContainer()
                .withClusterNodeTimeout(Duration.ofMinutes(5)))) {
            RedisClusterShard shard = cluster.shard(1);
            Node old = shard.masterNode();
            old.kill();

            Node promoted = shard.failover(RedisClusterShard.Failover.FORCE, WAIT);

            assertThat(promoted.name()).isNotEqualTo(old.name());
            assertThat(old.isRunning()).isFalse();
            try (JedisCluster jedis = client(cluster)) {
                String key = keyOf(shard, "forced-");
                jedis.set(key, "written");
                assertThat(jedis.get(key)).isEqualTo("written");
            }
        }
    }

    @Test
    void aServerWithoutClusterPortIsRefusedNamingTheTopologyAndTheFix() {
        String redis6 = ClusterFacts.REDIS6_IMAGE;
        ClusterFacts.assumePresent(redis6);
        try (RedisClusterContainer cluster = new RedisClusterContainer().withNetworkMode(ClusterFacts.NETWORK_MODE)
                .withRedisImage(DockerImageName.parse(redis6).asCompatibleSubstituteFor("redis"))) {
            assertThatIllegalArgumentException().isThrownBy(cluster::start)
                    .withMessageStartingWith("topology CLUSTER needs cluster-port, which the image's Redis 6.0")
                    .withMessageContaining("withRedisImage");
        }
    }

    @Test
    void aSlotHalfWayMakesClientsMeetAskAndACompletedOneMovedThenRebalanceMovesItBack() {
        try (RedisClusterContainer cluster = started(new RedisClusterContainer().withPassword("pw-1"))) {
            int slot = RedisClusterContainer.slotOf("{cart}");
            assertThat(slot).isEqualTo(JedisClusterCRC16.getSlot("{cart}"));
            RedisClusterShard owner = cluster.shardOwning(slot);
            RedisClusterShard target = cluster.shard((owner.index() + 1) % cluster.masterCount());
            try (JedisCluster jedis = client(cluster, "pw-1")) {
                for (int i = 0; i < 40; i++) {
                    jedis.set("{cart}" + i, "item-" + i);
                }
            }

            SlotMigration migration = cluster.beginMigration(slot, target);

            int asked = 0;
            try (Jedis old = new Jedis(owner.master().host(), owner.master().port(), 2000)) {
                old.auth("pw-1");
                for (int i = 0; i < 40; i++) {
                    try {
                        assertThat(old.get("{cart}" + i)).isEqualTo("item-" + i);
                    } catch (JedisDataException e) {
                        assertThat(e.getMessage()).startsWith("ASK " + slot + " " + target.master());
                        asked++;
                    }
                }
            }
            assertThat(asked).as("keys already moved answer ASK").isEqualTo(20);
            try (JedisCluster jedis = client(cluster, "pw-1")) {
                for (int i = 0; i < 40; i++) {
                    assertThat(jedis.get("{cart}" + i)).isEqualTo("item-" + i);
                }
            }

            migration.complete();

            assertThat(cluster.shardOwning(slot).index()).isEqualTo(target.index());
            try (Jedis old = new Jedis(owner.master().host(), owner.master().port(), 2000)) {
                old.auth("pw-1");
                assertThatThrownBy(() -> old.get("{cart}0")).hasMessage("MOVED " + slot + " " + target.master());
            }
            try (JedisCluster jedis = client(cluster, "pw-1")) {
                for (int i = 0; i < 40; i++) {
                    assertThat(jedis.get("{cart}" + i)).isEqualTo("item-" + i);
                }
            }
            assertThat(cluster.rebalance()).isEqualTo(1);
            assertThat(cluster.shardOwning(slot).index()).isEqualTo(owner.index());
            assertThat(cluster.rebalance()).isZero();
        }
    }

    @Test
    void anIsolatedMasterRefusesWritesOnceItSeesItIsInTheMinorityAndWhatItAcknowledgedIsLost() {
        Assumptions.assumeTrue(ClusterFacts.NETWORK_MODE != NetworkMode.POD, "network faults need host networking");
        try (RedisClusterContainer cluster = started(new RedisClusterContainer().withNetworkFaults(true))) {
            RedisClusterShard shard = cluster.shard(0);
            Node old = shard.masterNode();
            String kept = keyOf(shard, "kept-");
            String lost = keyOf(shard, "lost-");
            try (JedisCluster jedis = client(cluster)) {
                jedis.set(kept, "before the partition");
            }

            cluster.network().isolate(old);
            // The test still reaches the isolated master; it takes writes until it counts itself in the minority.
            try (Jedis isolated = new Jedis(old.endpoint().host(), old.endpoint().port(), 2000)) {
                assertThat(isolated.set(lost, "acknowledged by the isolated master")).isEqualTo("OK");
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                        assertThatThrownBy(() -> isolated.set(lost, "refused")).hasMessageStartingWith("CLUSTERDOWN"));
            }
            Node promoted = shard.awaitMasterChange(old, WAIT);
            assertThat(promoted.name()).isNotEqualTo(old.name());

            cluster.heal(WAIT);

            assertThat(old.role()).isEqualTo("slave");
            try (JedisCluster jedis = client(cluster)) {
                assertThat(jedis.get(kept)).isEqualTo("before the partition");
                assertThat(jedis.get(lost)).as("a write the isolated master acknowledged").isNull();
            }
        }
    }

    @Test
    void aSingleMasterWithoutReplicasIsACluster() {
        try (RedisClusterContainer cluster = started(new RedisClusterContainer().withMasters(1).withReplicasPerMaster(0))) {
            try (JedisCluster jedis = client(cluster)) {
                jedis.set("alone", "yes");
                assertThat(jedis.get("alone")).isEqualTo("yes");
            }
            assertThat(cluster.shard(0).firstSlot()).isZero();
            assertThat(cluster.shard(0).lastSlot()).isEqualTo(16383);
        }
    }
}
