package io.github.redisclustertestkit;

import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisShardedClusterContainerIT {

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    @Test
    void defaultTopologyIsReadyRoutesWritesAndIsRemovedByClose() throws Exception {
        var cluster = ClusterFacts.newCluster();
        try (cluster) {
            ClusterFacts.start(cluster);
            if (ClusterFacts.NETWORK_MODE != NetworkMode.AUTO) {
                assertThat(cluster.networkMode()).isEqualTo(ClusterFacts.NETWORK_MODE);
            }
            if (cluster.networkMode() == NetworkMode.POD) {
                assertThat(cluster.startupTimeline()).extracting(TimelineEntry::name).contains("pod")
                        .anyMatch(name -> name.startsWith("pod network 10."));
            }
            assertThat(cluster.endpoints()).hasSize(3);
            for (ShardEndpoints shard : cluster.endpoints()) {
                assertThat(shard.masterName()).isEqualTo("shard-" + shard.index());
                assertThat(shard.haproxyMaster().host()).isEqualTo(cluster.host());
                ClusterFacts.assertReady(shard, 2, 3, null);
            }
            ShardEndpoints s0 = cluster.shard(0).endpoints();
            try (Jedis writes = ClusterFacts.connect(s0.haproxyMaster(), null)) {
                writes.set("greeting", "hello");
                assertThat(writes.waitReplicas(2, 2000)).isEqualTo(2);
            }
            try (Jedis reads = ClusterFacts.connect(s0.haproxyReplicas(), null)) {
                assertThat(reads.get("greeting")).isEqualTo("hello");
                assertThatThrownBy(() -> reads.set("k", "v")).isInstanceOf(JedisDataException.class)
                        .hasMessageContaining("READONLY");
            }
            try (Jedis other = ClusterFacts.connect(cluster.shard(1).haproxyMaster(), null)) {
                assertThat(other.get("greeting")).as("shards are independent").isNull();
            }
            HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + cluster.haproxyStats() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("shard-2-replicas");
            assertThat(cluster.diagnostics()).contains("shard-1 redis-0", "role:master", "shard-0-replicas/redis-1",
                    "last log lines");
            assertThat(ClusterFacts.leftoverContainers()).hasSize(ClusterFacts.resourcesOf(cluster, 19));
        }
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
        cluster.close();
        assertThat(cluster.isRunning()).isFalse();
    }

    @Test
    void smallestTopologyOneShardOneReplicaOneSentinel() {
        try (var cluster = ClusterFacts.newCluster().withShards(1).withReplicasPerShard(1)
                .withSentinelsPerShard(1)) {
            ClusterFacts.start(cluster);
            ClusterFacts.assertReady(cluster.shard(0).endpoints(), 1, 1, null);
            assertThat(ClusterFacts.leftoverContainers()).hasSize(ClusterFacts.resourcesOf(cluster, 4));
        }
    }

    @Test
    void passwordProtectsEveryNodeAndHaproxyChecksAuthenticate() {
        try (var cluster = ClusterFacts.newCluster().withShards(2).withPassword("s3cret!")
                .withAppendOnly(true).withMasterNamePrefix("orders-")) {
            ClusterFacts.start(cluster);
            for (ShardEndpoints shard : cluster.endpoints()) {
                assertThat(shard.masterName()).isEqualTo("orders-" + shard.index());
                ClusterFacts.assertReady(shard, 2, 3, "s3cret!");
                try (Jedis anonymous = new Jedis(shard.haproxyMaster().host(), shard.haproxyMaster().port())) {
                    assertThatThrownBy(anonymous::ping).hasMessageContaining("NOAUTH");
                }
            }
            assertThat(ClusterFacts.info(cluster.shard(1).master(), "s3cret!", "persistence"))
                    .containsEntry("aof_enabled", "1");
        }
    }

    @Test
    void fixedHaproxyLayoutOfTheWriteUp() {
        try (var cluster = ClusterFacts.newCluster().withHaproxyBasePort(5000)
                .withRedisConf("maxmemory 64mb")) {
            ClusterFacts.start(cluster);
            for (ShardEndpoints shard : cluster.endpoints()) {
                assertThat(shard.haproxyMaster().port()).isEqualTo(5000 + 2 * shard.index());
                assertThat(shard.haproxyReplicas().port()).isEqualTo(5001 + 2 * shard.index());
                ClusterFacts.assertReady(shard, 2, 3, null);
            }
            assertThat(cluster.haproxyStats().port()).isEqualTo(5006);
            assertThat(cluster.haproxyRuntimeApi().port()).isEqualTo(5007);
            assertThat(ClusterFacts.info(cluster.shard(0).master(), null, "memory"))
                    .containsEntry("maxmemory", String.valueOf(64 * 1024 * 1024));
        }
    }

    @Test
    void twoClustersStartAtOnceWithoutColliding() {
        try (var a = ClusterFacts.newCluster().withShards(1);
             var b = ClusterFacts.newCluster().withShards(1)) {
            CompletableFuture.allOf(CompletableFuture.runAsync(() -> ClusterFacts.start(a)),
                    CompletableFuture.runAsync(() -> ClusterFacts.start(b))).join();
            ClusterFacts.assertReady(a.shard(0).endpoints(), 2, 3, null);
            ClusterFacts.assertReady(b.shard(0).endpoints(), 2, 3, null);
            assertThat(a.shard(0).haproxyMaster()).isNotEqualTo(b.shard(0).haproxyMaster());
            assertThat(a.clusterId()).isNotEqualTo(b.clusterId());
            try (Jedis ja = ClusterFacts.connect(a.shard(0).haproxyMaster(), null);
                 Jedis jb = ClusterFacts.connect(b.shard(0).haproxyMaster(), null)) {
                ja.set("owner", "a");
                assertThat(jb.get("owner")).isNull();
            }
        }
    }
}
