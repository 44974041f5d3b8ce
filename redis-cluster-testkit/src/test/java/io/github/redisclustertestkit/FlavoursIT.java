package io.github.redisclustertestkit;

import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.internal.readiness.HaproxyAdmin;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One cluster's whole life for every Redis image of the version matrix, and for every HAProxy
 * image with the first Redis image. The matrix is what {@code scripts/docker-env.sh} prepared
 * ({@code RCT_REDIS_IMAGES}, {@code RCT_HAPROXY_IMAGES}; {@code RCT_MATRIX=all} for every
 * version), else the images the other tests use. Each passing combination adds a row to
 * {@value #TESTED_WITH}, from which {@code scripts/tested-with} fills the table of docs/versions-and-images.md.
 */
class FlavoursIT {

    static final String TESTED_WITH = "target/tested-with.txt";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "flavour-secret";

    /** Rows are appended per combination: a run starts from an empty table, never an older run's rows. */
    @BeforeAll
    static void forgetEarlierRuns() throws IOException {
        Files.deleteIfExists(Path.of(TESTED_WITH));
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    static Stream<Arguments> matrix() {
        ClusterSpec defaults = ClusterSpec.defaults();
        List<String> redis = images("RCT_REDIS_IMAGES", defaults.redisImage().asCanonicalNameString());
        List<String> haproxy = images("RCT_HAPROXY_IMAGES", defaults.haproxyImage().asCanonicalNameString());
        List<Arguments> combinations = new ArrayList<>();
        redis.forEach(r -> combinations.add(Arguments.of(r, haproxy.get(0))));
        haproxy.subList(1, haproxy.size()).forEach(h -> combinations.add(Arguments.of(redis.get(0), h)));
        return combinations.stream();
    }

    private static List<String> images(String env, String fallback) {
        String listed = System.getenv(env);
        return listed == null || listed.isBlank() ? List.of(fallback) : Arrays.asList(listed.trim().split("\\s+"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void startsReplicatesFailsOverAndRoutes(String redisImage, String haproxyImage) throws IOException {
        // The offline images (redis-cluster-testkit/redis:7.0-bookworm, ...) are declared as users declare theirs.
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withPassword(PASSWORD).withAppendOnly(true)
                .withRedisImage(DockerImageName.parse(redisImage).asCompatibleSubstituteFor("redis"))
                .withHaproxyImage(DockerImageName.parse(haproxyImage).asCompatibleSubstituteFor("haproxy"))) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            ServerVersion server = cluster.serverVersion();
            Map<String, String> info = ClusterFacts.info(shard.haproxyMaster(), PASSWORD, "server");
            assertThat(server.version()).as("what the image runs, as INFO server says")
                    .isEqualTo(server.flavour() == Flavour.VALKEY ? info.get("valkey_version") : info.get("redis_version"));
            assertThat(ClusterFacts.info(shard.haproxyMaster(), PASSWORD, "persistence")).containsEntry("aof_enabled", "1");
            assertThat(cluster.diagnostics()).contains(server + " (" + redisImage + ")");

            try (Jedis master = ClusterFacts.connect(shard.haproxyMaster(), PASSWORD)) {
                master.set("written", "via the master port");
                assertThat(master.waitReplicas(2, 5000)).isEqualTo(2);
            }
            try (Jedis replica = ClusterFacts.connect(shard.haproxyReplicas(), PASSWORD)) {
                assertThat(replica.get("written")).isEqualTo("via the master port");
            }

            // Ready means a failover can start now, through any Sentinel: on Redis 6 a Sentinel
            // whose INFO predated the replicas' links answered -NOGOODSLAVE here.
            Node first = shard.masterNode();
            try (Jedis sentinel = ClusterFacts.connect(shard.sentinels().get(2), null)) {
                assertThat(sentinel.sentinelFailover(shard.masterName())).isEqualTo("OK");
            }
            assertRoutesOnlyTo(shard, shard.awaitMasterChange(first, WAIT));
            shard.awaitHealthy(WAIT);

            Node promoted = shard.failover();
            assertRoutesOnlyTo(shard, promoted);
            shard.awaitHealthy(WAIT);

            // Subscribed before the kill: a Sentinel that took the new master for down right after
            // switching to it (Redis 6 with a down-after under its once-a-second reconnect) would
            // fail over again unasked, at once or after the checks below; its +sdown names it.
            try (SentinelEvents events = shard.sentinelEvents()) {
                Node killed = shard.masterNode().kill();
                Node replacement = shard.awaitMasterChange(WAIT);
                assertThat(replacement.name()).isNotEqualTo(killed.name());
                assertRoutesOnlyTo(shard, replacement);
                try (Jedis master = ClusterFacts.connect(shard.haproxyMaster(), PASSWORD)) {
                    assertThat(master.get("written")).isEqualTo("via the master port");
                    master.set("after", "three failovers");
                }
                killed.start();
                shard.awaitHealthy(WAIT);
                assertThat(ClusterFacts.takenForDown(events.all(), shard, replacement)).as(() -> "no Sentinel took"
                        + " the new master " + replacement.name() + " for down; Sentinel events since the kill: "
                        + events.all() + "\n" + cluster.diagnostics()).isEmpty();
                assertThat(shard.masterNode().name()).as(() -> "no failover after the restart; Sentinel events since"
                        + " the kill: " + events.all() + "\n" + cluster.diagnostics()).isEqualTo(replacement.name());
                assertThat(killed.role()).as(() -> "the killed master came back as a replica; Sentinel events since"
                        + " the kill: " + events.all() + "\n" + cluster.diagnostics()).isEqualTo("slave");
            }
            ClusterFacts.assertReady(shard.endpoints(), 2, 3, PASSWORD);

            recordTested(redisImage, server, haproxyImage, haproxyVersion(cluster.haproxyRuntimeApi()));
        }
    }

    /** Like {@code 3.0.11}, from the runtime API's {@code show info}. */
    private static String haproxyVersion(Endpoint runtimeApi) throws IOException {
        String info = HaproxyAdmin.command(runtimeApi.host(), runtimeApi.port(), "show info", Duration.ofSeconds(2));
        return info.lines().filter(l -> l.startsWith("Version: ")).findFirst()
                .map(l -> l.substring("Version: ".length()).replaceFirst("-.*", "")).orElse("?");
    }

    /** One row per passing combination: Redis image, server, HAProxy image, HAProxy version. */
    private static void recordTested(String redisImage, ServerVersion server, String haproxyImage,
                                     String haproxyVersion) throws IOException {
        Files.writeString(Path.of(TESTED_WITH), String.join("\t", redisImage, server.toString(), haproxyImage,
                        "HAProxy " + haproxyVersion) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void assertRoutesOnlyTo(Shard shard, Node master) {
        String port = String.valueOf(master.endpoint().port());
        for (int i = 0; i < 10; i++) {
            assertThat(ClusterFacts.info(shard.haproxyMaster(), PASSWORD, "server").get("tcp_port"))
                    .as("fresh connection %d through the master port", i).isEqualTo(port);
        }
    }

    static Stream<String> redisImages() {
        return images("RCT_REDIS_IMAGES", ClusterSpec.defaults().redisImage().asCanonicalNameString()).stream();
    }

    /**
     * The native Redis Cluster topology on every Redis image: formed, written across all slots,
     * a master killed and replaced, healed. A server without {@code cluster-port} (Redis 6) is
     * refused, naming the option, with no node started.
     */
    @ParameterizedTest(name = "Redis Cluster on {0}")
    @MethodSource("redisImages")
    void redisClusterFormsFailsOverAndHeals(String redisImage) {
        try (var cluster = new RedisClusterContainer().withPassword(PASSWORD).withAppendOnly(true)
                .withRedisImage(DockerImageName.parse(redisImage).asCompatibleSubstituteFor("redis"))) {
            try {
                cluster.start();
            } catch (IllegalArgumentException tooOld) {
                assertThat(tooOld).hasMessageStartingWith("topology CLUSTER needs cluster-port, which the image's Redis 6");
                return;
            }
            ClusterFacts.remember(cluster.clusterId());
            assertThat(cluster.serverVersion().version()).doesNotStartWith("6.");
            Set<HostAndPort> seeds = cluster.nodes().stream().map(e -> new HostAndPort(e.host(), e.port()))
                    .collect(Collectors.toSet());
            try (JedisCluster jedis = new JedisCluster(seeds, DefaultJedisClientConfig.builder().password(PASSWORD)
                    .timeoutMillis(2000).build())) {
                for (int i = 0; i < 100; i++) {
                    jedis.set("k" + i, "v" + i);
                }
                Node killed = cluster.shard(1).masterNode().kill();
                Node replacement = cluster.shard(1).awaitMasterChange(WAIT);
                assertThat(replacement.name()).isNotEqualTo(killed.name());
                cluster.heal(WAIT);
                assertThat(killed.role()).isEqualTo("slave");
                for (int i = 0; i < 100; i++) {
                    assertThat(jedis.get("k" + i)).isEqualTo("v" + i);
                }
            }
        }
    }
}
