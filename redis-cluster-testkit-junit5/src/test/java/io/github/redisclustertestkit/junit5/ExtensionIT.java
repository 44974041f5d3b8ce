package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.suppressed;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** The extension with real clusters, run through the engine. */
class ExtensionIT {

    /** Ids of the clusters the engine run of the current test used, recorded by the test classes below. */
    static final Set<String> CLUSTER_IDS = ConcurrentHashMap.newKeySet();

    /** Counts only this test's clusters: another build may share the Docker engine. */
    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(CLUSTER_IDS).as("clusters this test used").isNotEmpty();
        for (String id : CLUSTER_IDS) {
            assertThat(DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, id)).exec()).as("containers of %s", id).isEmpty();
            assertThat(DockerClientFactory.lazyClient().listNetworksCmd()
                    .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + id)).exec())
                    .as("pod network of %s", id).isEmpty();
        }
        CLUSTER_IDS.clear();
    }

    /** The pod-mode pass (failsafe execution pod-mode) sets the network mode as a system property. */
    private static final String NETWORK_MODE = System.getProperty(RedisShardedCluster.NETWORK_MODE);

    private static Events run(Map<String, String> configuration, Class<?>... classes) {
        Map<String, String> all = new java.util.HashMap<>(configuration);
        if (NETWORK_MODE != null) {
            all.putIfAbsent(RedisShardedCluster.NETWORK_MODE, NETWORK_MODE);
        }
        return EngineTestKit.engine("junit-jupiter").configurationParameters(all)
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute().testEvents();
    }

    @RedisShardedCluster(shards = 2, replicasPerShard = 1, sentinelsPerShard = 1)
    static class InjectsEverything {
        static RedisShardedClusterContainer staticCluster;
        RedisShardedClusterContainer cluster;
        @OnShard(1)
        Shard shard1;
        @HaproxyMaster
        Endpoint masterOfShard0;

        @Test
        void fieldsAndParameters(RedisShardedClusterContainer fromParameter, @OnShard(1) ShardEndpoints endpoints,
                                 @OnShard(1) @HaproxyReplicas Endpoint replicas, @Sentinels List<Endpoint> sentinels,
                                 @OnShard(1) @MasterName String name) {
            assertThat(fromParameter).isSameAs(cluster).isSameAs(staticCluster);
            assertThat(endpoints.haproxyReplicas()).isEqualTo(replicas).isEqualTo(shard1.haproxyReplicas());
            assertThat(name).isEqualTo("shard-1");
            assertThat(sentinels).hasSize(1);
            if (NETWORK_MODE != null) {
                assertThat(cluster.networkMode()).hasToString(NETWORK_MODE.toUpperCase(java.util.Locale.ROOT));
            }
            try (Jedis jedis = new Jedis(masterOfShard0.host(), masterOfShard0.port())) {
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
            }
            CLUSTER_IDS.add(cluster.clusterId());
        }
    }

    @Test
    void injectsIntoFieldsAndParametersAndClosesAfterTheClass() {
        run(Map.of(), InjectsEverything.class).assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(CLUSTER_IDS).hasSize(1);
    }

    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1,
            lifecycle = RedisShardedCluster.Lifecycle.SHARED)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface SharedRedis {
    }

    @SharedRedis
    static class FirstSharedUser {
        @Test
        void uses(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
        }
    }

    @SharedRedis
    static class SecondSharedUser {
        @Test
        void uses(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
        }

        @Test
        void usesAgain(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
        }
    }

    @Test
    void sharedClustersStartOnceForEveryClassWithEqualSettings() {
        run(Map.of(), FirstSharedUser.class, SecondSharedUser.class).assertStatistics(s -> s.succeeded(3));
        assertThat(CLUSTER_IDS).hasSize(1);
    }

    static final Map<String, String> CLUSTER_BY_CLASS = new ConcurrentHashMap<>();

    @SharedRedis
    @Order(1)
    static class SharedUserFirst {
        @Test
        void uses(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
            CLUSTER_BY_CLASS.put("shared", cluster.clusterId());
        }
    }

    /** The settings of {@link SharedRedis}, but its own cluster. */
    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1,
            lifecycle = RedisShardedCluster.Lifecycle.PER_CLASS)
    @Order(2)
    static class PerClassUserSecond {
        @Test
        void uses(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
            CLUSTER_BY_CLASS.put("per class", cluster.clusterId());
        }
    }

    @Test
    void aPerClassClusterIsNeverASharedOneWithEqualSettings() {
        CLUSTER_BY_CLASS.clear();
        run(Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation"),
                PerClassUserSecond.class, SharedUserFirst.class).assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(CLUSTER_BY_CLASS).containsOnlyKeys("shared", "per class");
        assertThat(CLUSTER_BY_CLASS.get("per class")).isNotEqualTo(CLUSTER_BY_CLASS.get("shared"));
    }

    @RedisShardedCluster(shards = 1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BreaksThenExpectsAHealedCluster {
        @Test
        @Order(1)
        void breaksIt(RedisShardedClusterContainer cluster, Shard shard) {
            CLUSTER_IDS.add(cluster.clusterId());
            try (Jedis jedis = new Jedis(shard.haproxyMaster().host(), shard.haproxyMaster().port())) {
                jedis.set("left-over", "1");
            }
            shard.masterNode().kill();
            shard.sentinelNode(2).stop();
            shard.replicaNodes().get(0).pause();
        }

        @Test
        @Order(2)
        void findsItHealedAndEmpty(RedisShardedClusterContainer cluster, Shard shard) {
            for (Node node : List.of(shard.redisNode(0), shard.redisNode(1), shard.redisNode(2), shard.sentinelNode(2))) {
                assertThat(node.isRunning()).as(node.name()).isTrue();
            }
            try (Jedis jedis = new Jedis(shard.haproxyMaster().host(), shard.haproxyMaster().port())) {
                assertThat(jedis.get("left-over")).isNull();
                assertThat(jedis.set("works", "1")).isEqualTo("OK");
            }
            assertThat(shard.quorumStatus()).startsWith("OK");
        }
    }

    @Test
    void betweenTestsTheClusterIsFlushedAndHealed() {
        run(Map.of(), BreaksThenExpectsAHealedCluster.class).assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1)
    @Execution(ExecutionMode.CONCURRENT)
    static class RunsInParallel {
        /** Injected before any test, so that every test is preceded by a reset. */
        static RedisShardedClusterContainer cluster;
        /** FLUSHALLs the master served during the class: one per reset. */
        static volatile String resets;

        /** A reset waits for the tests that run: none of them sees its writes flushed midway. */
        private static void writeAndRead(Endpoint master, String key) {
            CLUSTER_IDS.add(cluster.clusterId());
            try (Jedis jedis = new Jedis(master.host(), master.port())) {
                jedis.set(key, "0");
                for (int i = 0; i < 200; i++) {
                    jedis.incr(key);
                }
                assertThat(jedis.get(key)).isEqualTo("200");
            }
        }

        @AfterAll
        static void countResets(@HaproxyMaster Endpoint master) {
            try (Jedis jedis = new Jedis(master.host(), master.port())) {
                resets = jedis.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_flushall:"))
                        .map(l -> l.replaceAll("^cmdstat_flushall:calls=(\\d+),.*", "$1")).findFirst().orElse("0");
            }
        }

        @Test
        void one(@HaproxyMaster Endpoint master) {
            writeAndRead(master, "one");
        }

        @Test
        void two(@HaproxyMaster Endpoint master) {
            writeAndRead(master, "two");
        }

        @Test
        void three(@HaproxyMaster Endpoint master) {
            writeAndRead(master, "three");
        }
    }

    @Test
    void worksUnderParallelExecution() {
        RunsInParallel.resets = null;
        run(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"), RunsInParallel.class)
                .assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(CLUSTER_IDS).hasSize(1);
        assertThat(RunsInParallel.resets).as("resets, one before each test").isEqualTo("3");
    }

    @RedisShardedCluster(shards = 1, replicasPerShard = 1, sentinelsPerShard = 1)
    static class FailsOnPurpose {
        @Test
        void fails(RedisShardedClusterContainer cluster) {
            CLUSTER_IDS.add(cluster.clusterId());
            throw new AssertionError("on purpose");
        }
    }

    @Test
    void aFailedTestCarriesTheDiagnostics() {
        run(Map.of(), FailsOnPurpose.class).assertThatEvents().haveExactly(1, event(test("fails"),
                finishedWithFailure(message(m -> m.startsWith("on purpose\ntimeline: ") && m.endsWith("fails.html")),
                        suppressed(0,
                        message(m -> m.contains("redis-cluster-testkit diagnostics") && m.contains("shard-0 redis-0"))))));
    }
}
