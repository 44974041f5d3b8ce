package io.github.redisclustertestkit;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import org.testcontainers.DockerClientFactory;
import io.github.redisclustertestkit.spec.Defaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.redisclustertestkit.TlsTestSupport.catchFrom;
import static io.github.redisclustertestkit.TlsTestSupport.causes;
import static io.github.redisclustertestkit.TlsTestSupport.trustOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code withTls}: every listener of both topologies serves TLS only, with the cluster's own CA;
 * failovers, HAProxy's routing and the cluster bus work over it; plain clients and clients that do
 * not trust the CA (or, under mutual TLS, present no client certificate) are refused.
 */
class TlsClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TIMEOUT_MILLIS = 2000;

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    /**
     * The default image, those of {@code RCT_REDIS_IMAGES} (CI's version matrix), and the offline
     * Redis 6.0 and Valkey 8.1 images where this machine has them: TLS depends on each image's
     * entrypoint and server (Redis 8's entrypoint hands /data over differently, Redis 6.0 has no
     * channel ACLs).
     */
    static List<String> images() {
        Set<String> images = new LinkedHashSet<>();
        images.add(System.getenv().getOrDefault(Defaults.REDIS_IMAGE_ENV, Defaults.REDIS_IMAGE.asCanonicalNameString()));
        String listed = System.getenv("RCT_REDIS_IMAGES");
        if (listed != null && !listed.isBlank()) {
            images.addAll(List.of(listed.trim().split("\\s+")));
        }
        for (String offline : List.of(ClusterFacts.REDIS6_IMAGE, "redis-cluster-testkit/valkey:8.1-trixie")) {
            if (ClusterFacts.presentLocally(offline)) {
                images.add(offline);
            }
        }
        return new ArrayList<>(images);
    }

    @ParameterizedTest
    @MethodSource("images")
    void aTlsShardServesOnlyTlsAndFailsOverBehindHaproxy(String image) throws Exception {
        Path directory;
        try (RedisShardedClusterContainer cluster = new RedisShardedClusterContainer().withShards(1)
                .withRedisImage(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))
                .withReplicasPerShard(1).withSentinelsPerShard(3).withTls(true).withNetworkMode(ClusterFacts.NETWORK_MODE)) {
            ClusterFacts.start(cluster);
            TlsMaterial tls = cluster.tls();
            directory = tls.directory();
            assertThat(tls.hasClientCertificate()).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
            Shard shard = cluster.shard(0);
            Endpoint master = shard.haproxyMaster();

            try (Jedis jedis = tlsClient(master, tls.sslSocketFactory())) {
                assertThat(jedis.set("greeting", "over TLS")).isEqualTo("OK");
                assertThat(jedis.waitReplicas(1, TIMEOUT_MILLIS)).isEqualTo(1);
            }
            try (Jedis replica = tlsClient(shard.haproxyReplicas(), tls.sslSocketFactory())) {
                assertThat(replica.get("greeting")).isEqualTo("over TLS");
            }
            for (Endpoint plain : List.of(master, shard.master(), shard.sentinels().get(0))) {
                assertThatThrownBy(() -> plainPing(plain)).as("a plain client of %s", plain)
                        .isInstanceOf(JedisConnectionException.class);
            }
            Throwable untrusting = catchFrom(() -> tlsClient(master, (SSLSocketFactory) SSLSocketFactory.getDefault()).ping());
            assertThat(causes(untrusting)).as("a client that trusts only the JVM's CAs: %s", untrusting)
                    .anyMatch(SSLHandshakeException.class::isInstance);

            // The server's own environment keeps none of what the container script wrote to files. Seen
            // in HAProxy's container, whose server the script execs as the same user: the Redis images'
            // servers drop root, which leaves their /proc/1/environ to root with CAP_SYS_PTRACE only.
            assertThat(processEnvironment(haproxyContainerOf(cluster.clusterId()))).as("HAProxy's environment")
                    .contains("HOME=").doesNotContain("BEGIN CERTIFICATE", "RCT_TLS_CA=", "RCT_CONFIG=");

            Node old = shard.masterNode();
            old.kill();
            Node promoted = shard.awaitMasterChange(WAIT);
            assertThat(promoted.name()).isNotEqualTo(old.name());
            await("a write over TLS through the master port after the failover").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (Jedis jedis = tlsClient(master, tls.sslSocketFactory())) {
                    assertThat(jedis.get("greeting")).isEqualTo("over TLS");
                    assertThat(jedis.set("after", "failover")).isEqualTo("OK");
                }
            });
            cluster.heal(WAIT);
            assertThat(old.role()).isEqualTo("slave");
        }
        assertThat(directory).as("the TLS files go with the cluster").doesNotExist();
    }

    @Test
    void aMutualTlsNativeClusterFailsOverOnItsTlsBus() {
        try (RedisClusterContainer cluster = new RedisClusterContainer().withMutualTls(true)
                .withNetworkMode(ClusterFacts.NETWORK_MODE)) {
            cluster.start();
            ClusterFacts.remember(cluster.clusterId());
            TlsMaterial tls = cluster.tls();
            assertThat(cluster.spec().tls()).isTrue();
            assertThat(tls.hasClientCertificate()).isTrue();
            RedisClusterShard shard = cluster.shard(0);
            String key = keyOf(shard);
            try (JedisCluster jedis = clusterClient(cluster, tls.sslSocketFactory())) {
                for (int i = 0; i < 100; i++) {
                    jedis.set("key-" + i, "v" + i);
                }
                jedis.set(key, "before");
            }
            Throwable noCertificate = catchFrom(() -> {
                try (Jedis jedis = tlsClient(shard.master(), trustOnly(tls))) {
                    jedis.ping();
                }
            });
            assertThat(noCertificate).as("a client without the client certificate")
                    .isInstanceOf(JedisConnectionException.class);

            Node old = shard.masterNode();
            old.kill();
            Node promoted = shard.awaitMasterChange(WAIT);
            assertThat(promoted.name()).isNotEqualTo(old.name());
            await("a write over TLS to the failed-over slots").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (JedisCluster jedis = clusterClient(cluster, tls.sslSocketFactory())) {
                    assertThat(jedis.get(key)).isEqualTo("before");
                    jedis.set(key, "after");
                }
            });
        }
    }

    private static String haproxyContainerOf(String clusterId) {
        return DockerClientFactory.lazyClient().listContainersCmd()
                .withLabelFilter(java.util.Map.of("redis-cluster-testkit.cluster", clusterId,
                        "redis-cluster-testkit.node", "haproxy")).exec().get(0).getId();
    }

    /** What the container's main process (the server, after the script's exec) has in its environment. */
    private static String processEnvironment(String containerId) throws Exception {
        var docker = DockerClientFactory.lazyClient();
        String exec = docker.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", "tr '\\0' '\\n' < /proc/1/environ").exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        return out.toString();
    }

    private static Jedis tlsClient(Endpoint endpoint, SSLSocketFactory factory) {
        SSLParameters parameters = new SSLParameters();
        // As a careful client checks: the certificate names the address the client used.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(factory).sslParameters(parameters)
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build());
    }

    private static JedisCluster clusterClient(RedisClusterContainer cluster, SSLSocketFactory factory) {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(e -> new HostAndPort(e.host(), e.port()))
                .collect(Collectors.toSet());
        return new JedisCluster(seeds, DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(factory)
                .timeoutMillis(TIMEOUT_MILLIS).build(), 5, new GenericObjectPoolConfig<>());
    }

    private static String plainPing(Endpoint endpoint) {
        try (Jedis jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build())) {
            return jedis.ping();
        }
    }

    private static String keyOf(RedisClusterShard shard) {
        for (int i = 0; i < 100_000; i++) {
            int slot = JedisClusterCRC16.getSlot("k" + i);
            if (slot >= shard.firstSlot() && slot <= shard.lastSlot()) {
                return "k" + i;
            }
        }
        throw new AssertionError("no key for " + shard);
    }

}
