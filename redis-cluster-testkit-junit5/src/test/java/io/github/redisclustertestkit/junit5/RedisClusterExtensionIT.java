package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@link RedisCluster} with a real native cluster, run through the engine, written to by JedisCluster. */
class RedisClusterExtensionIT {

    /** The pod-mode pass (failsafe execution pod-mode) sets the network mode as a system property. */
    private static final String NETWORK_MODE = System.getProperty(RedisCluster.NETWORK_MODE);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Ids of the clusters the engine run used, recorded by the test class below. */
    static final Set<String> CLUSTER_IDS = ConcurrentHashMap.newKeySet();
    /** What the tests below found, for the assertions of the engine run to name. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    /** One key per hash slot, so that a write to each reaches every slot of every master. */
    static final List<String> KEY_PER_SLOT = keyPerSlot();

    private static List<String> keyPerSlot() {
        String[] keys = new String[16384];
        int found = 0;
        for (int i = 0; found < keys.length && i < 2_000_000; i++) {
            int slot = JedisClusterCRC16.getSlot("k" + i);
            if (keys[slot] == null) {
                keys[slot] = "k" + i;
                found++;
            }
        }
        assertThat(found).as("slots with a key").isEqualTo(keys.length);
        return List.of(keys);
    }

    private static void writeEverySlot(JedisCluster jedis, String value) {
        for (String key : KEY_PER_SLOT) {
            jedis.set(key, value);
        }
    }

    @RedisCluster(masters = 3, replicasPerMaster = 1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WritesEverySlotAndSurvivesAKilledMaster {
        RedisClusterContainer cluster;
        @Seeds
        static String seedsField;

        @Test
        @Order(1)
        void writesEverySlotKillsAMasterAndWritesAgain(@Seeds List<Endpoint> seeds, @OnShard(1) RedisClusterShard shard) {
            CLUSTER_IDS.add(cluster.clusterId());
            SEEN.put("seeds", seeds.size());
            SEEN.put("seeds as text", seedsField.equals(cluster.seeds()));
            if (NETWORK_MODE != null) {
                SEEN.put("network mode", cluster.networkMode().name());
            }
            Set<HostAndPort> nodes = seeds.stream().map(e -> new HostAndPort(e.host(), e.port()))
                    .collect(Collectors.toSet());
            try (JedisCluster jedis = new JedisCluster(nodes, 2000, 2000)) {
                writeEverySlot(jedis, "before");
                Node old = shard.masterNode();
                SEEN.put("killed", old.name());
                old.kill();
                Node promoted = shard.awaitMasterChange(WAIT);
                SEEN.put("promoted", promoted.name());
                try {
                    writeEverySlot(jedis, "after"); // the same client, which finds the new master itself
                } catch (RuntimeException e) {
                    throw new AssertionError(e + " after " + promoted.name() + " took over\n"
                            + cluster.diagnostics(), e);
                }
                assertThat(jedis.get(KEY_PER_SLOT.get(shard.firstSlot()))).isEqualTo("after");
            }
        }

        @Test
        @Order(2)
        void findsTheKilledNodeBackAndEveryNodeEmpty(RedisClusterContainer fromParameter,
                                                     @OnShard(1) RedisClusterShard shard) {
            assertThat(fromParameter).isSameAs(cluster);
            SEEN.put("killed node running", shard.redisNode(0).isRunning());
            Map<String, Long> keys = new HashMap<>();
            for (Endpoint node : cluster.nodes()) {
                try (Jedis jedis = new Jedis(node.host(), node.port(), 2000)) {
                    keys.put(node.toString(), jedis.dbSize());
                    assertThat(jedis.clusterInfo()).contains("cluster_state:ok");
                }
            }
            SEEN.put("keys after reset", keys.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void theAnnotatedClassWritesEverySlotSurvivesAKilledMasterAndFindsTheClusterHealedAndEmpty() {
        CLUSTER_IDS.clear();
        SEEN.clear();
        Map<String, String> configuration = NETWORK_MODE == null ? Map.of()
                : Map.of(RedisCluster.NETWORK_MODE, NETWORK_MODE);
        Events events = EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(selectClass(WritesEverySlotAndSurvivesAKilledMaster.class)).execute().testEvents();
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse(e.toString())))
                .as("failures").isEmpty();
        events.assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(SEEN).containsEntry("seeds", 6).containsEntry("seeds as text", true)
                .containsEntry("killed node running", true).containsEntry("keys after reset", 0L);
        assertThat(SEEN.get("promoted")).isNotEqualTo(SEEN.get("killed"));
        if (NETWORK_MODE != null) {
            assertThat(SEEN).containsEntry("network mode", NETWORK_MODE.toUpperCase(java.util.Locale.ROOT));
        }
        assertThat(CLUSTER_IDS).hasSize(1);
        for (String id : CLUSTER_IDS) {
            assertThat(DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, id)).exec()).as("containers of %s", id).isEmpty();
        }
    }
}
