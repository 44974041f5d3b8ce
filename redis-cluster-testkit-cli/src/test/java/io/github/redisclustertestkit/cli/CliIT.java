package io.github.redisclustertestkit.cli;

import com.github.dockerjava.api.model.Network;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.testsupport.ChildJvm;
import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.testcontainers.DockerClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI as a person uses it: {@code up} in its own process, then from another one {@code status},
 * a fault, the failover it causes, {@code heal}, {@code failover} and {@code down}, which also ends
 * the {@code up}; for the Sentinel topology and for a native Redis Cluster.
 */
class CliIT {

    private static final Pattern HAPROXY_MASTER =
            Pattern.compile("\"haproxyMaster\": \\{\"host\": \"([^\"]+)\", \"port\": (\\d+)}");
    private static final Pattern CLUSTER_ID = Pattern.compile("\"clusterId\": \"([0-9a-z]+)\"");
    private static final Pattern NODE_MASTER =
            Pattern.compile("\"master\": \\{\"host\": \"([^\"]+)\", \"port\": (\\d+)}");
    private static final Pattern CA_CERTIFICATE = Pattern.compile("\"caCertificate\": \"([^\"]+)\"");
    private static final Pattern CLUSTER_NODE =
            Pattern.compile("\\{\"host\": \"([^\"]+)\", \"port\": (\\d+), \"role\": \"([a-z]+)\"}");

    @Test
    void upStatusKillFailoverHealDown(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("up.log");
        ChildJvm.Started up = ChildJvm.of(Cli.class).withArgs("up", "--shards", "1", "--replicas", "2", "--password",
                "pw", "--endpoints-file", endpoints.toString(), "--network-mode", NETWORK_MODE.name()).start(output);
        String clusterId = null;
        try {
            up.await("written its endpoints file", () -> Files.exists(endpoints), UP_START);
            String json = Files.readString(endpoints);
            Matcher id = CLUSTER_ID.matcher(json);
            assertThat(id.find()).as(json).isTrue();
            clusterId = id.group(1);
            boolean pod = inPod(clusterId);
            assertThat(Files.readString(output))
                    .contains("containers started 7/7", "readiness facts holding", "HAProxy master", "redis-cli -h")
                    .containsPattern("Ready in [0-9.]+ s, running (Redis|Valkey) [0-9.]+\\.");
            Matcher master = HAPROXY_MASTER.matcher(json);
            assertThat(master.find()).isTrue();
            try (Jedis jedis = new Jedis(master.group(1), Integer.parseInt(master.group(2)))) {
                jedis.auth("pw");
                assertThat(jedis.set("launched", "yes")).isEqualTo("OK");
            }

            CliTest.Run status = CliTest.run("status", "--json");
            assertThat(status.code()).as(status.err()).isZero();
            String before = masterOf(status.out(), clusterId);
            assertThat(before).isEqualTo("shard-0 redis-0");
            assertThat(status.out()).containsPattern("\"master\": \\{\"node\": \"shard-0 redis-0\", \"host\": \"[^\"]+\", \"port\": ");
            assertThat(CliTest.run("status").out()).contains(clusterId, "7 running");

            CliTest.Run kill = CliTest.run("kill", "--endpoints-file", endpoints.toString(), "--shard", "0", "--master");
            assertThat(kill.code()).as(kill.err()).isZero();
            assertThat(kill.out()).startsWith("Killed shard-0 redis-0 (").contains("the master of shard-0");
            String started = clusterId;
            String after = await("status --json names a master of shard-0 other than " + before)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> masterOf(CliTest.run("status", "--json").out(), started), m -> !m.equals(before));
            assertThat(after).as("the Sentinels promoted a replica").isIn("shard-0 redis-1", "shard-0 redis-2");

            CliTest.Run heal = CliTest.run("heal", clusterId);
            assertThat(heal.code()).as(heal.err()).isZero();
            assertThat(heal.out()).contains("brought back [shard-0 redis-0]");
            assertThat(CliTest.run("status").out()).contains("7 running");

            CliTest.Run failover = CliTest.run("failover", clusterId, "--shard", "0");
            assertThat(failover.code()).as(failover.err()).isZero();
            assertThat(failover.out()).startsWith("shard-0 failed over from " + after + " to shard-0 redis-");
            assertThat(failover.out()).doesNotContain(" to " + after + " ");
            // Done means HAProxy follows too, as for Shard.failover(): its master port reaches the new master now.
            try (Jedis jedis = new Jedis(master.group(1), Integer.parseInt(master.group(2)))) {
                jedis.auth("pw");
                assertThat(jedis.info("replication")).contains("role:master");
                assertThat(jedis.get("launched")).isEqualTo("yes");
            }

            // The page of a cluster this process never ran: the kill from Docker's record, the rest from the nodes' logs.
            Path page = dir.resolve("timeline.html");
            CliTest.Run timeline = CliTest.run("status", clusterId, "--timeline", page.toString());
            assertThat(timeline.code()).as(timeline.err()).isZero();
            assertThat(timeline.out().strip()).isEqualTo(page.toAbsolutePath().toString());
            assertThat(page).content().contains("<svg ", "Docker: die, exit code 137", "+switch-master",
                    "shard-0 master port " + master.group(2), "routes to " + after);
            CliTest.Run twoWays = CliTest.run("status", clusterId, "--endpoints-file", endpoints.toString());
            assertThat(twoWays.code()).isEqualTo(2);
            assertThat(twoWays.err()).contains("either by ID or by --endpoints-file");

            CliTest.Run noShard = CliTest.run("kill", clusterId, "--shard", "3", "--master");
            assertThat(noShard.code()).as(noShard.err()).isEqualTo(2);
            assertThat(noShard.err()).contains("cluster " + clusterId + " has no shard 3: it has shards 0..0");

            CliTest.Run down = CliTest.run("down", clusterId);
            assertThat(down.code()).as(down.err()).isZero();
            assertThat(down.out()).contains("Removed cluster " + clusterId + " (" + (pod ? 8 : 7) + " containers)");
            assertThat(ClusterContainers.count(clusterId)).isZero();
            assertThat(podNetworks(clusterId)).isEmpty();
            assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).as("up exits once its cluster is removed").isTrue();
            assertThat(up.process().exitValue()).as(Files.readString(output)).isZero();
            assertThat(Files.readString(output)).contains("was removed (down)").doesNotContain("Stopping");
            CliTest.Run gone = CliTest.run("kill", clusterId, "--master");
            assertThat(gone.code()).isEqualTo(2);
            assertThat(gone.err()).contains("no cluster " + clusterId);
        } finally {
            up.close();
            if (clusterId != null) {
                ClusterContainers.removeAll(clusterId);
            }
        }
    }

    @Test
    void clusterTopologyUpKillHealFailoverStatusDown(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("up.log");
        ChildJvm.Started up = ChildJvm.of(Cli.class).withArgs("up", "--topology", "cluster", "--masters", "3",
                "--replicas", "1", "--password", "pw", "--endpoints-file", endpoints.toString(), "--network-mode",
                NETWORK_MODE.name()).start(output);
        String clusterId = null;
        try {
            up.await("written its endpoints file", () -> Files.exists(endpoints), UP_START);
            String json = Files.readString(endpoints);
            Matcher id = CLUSTER_ID.matcher(json);
            assertThat(id.find()).as(json).isTrue();
            clusterId = id.group(1);
            boolean pod = inPod(clusterId);
            assertThat(json).startsWith("{\n  \"topology\": \"cluster\",\n  \"clusterId\": ")
                    .contains("\"password\": \"pw\"").doesNotContain("haproxy", "sentinels");
            Matcher node = CLUSTER_NODE.matcher(json);
            List<String> roles = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            while (node.find()) {
                hosts.add(node.group(1));
                ports.add(Integer.parseInt(node.group(2)));
                roles.add(node.group(3));
            }
            // Shard by shard, redis-0 (the master at start) first.
            assertThat(roles).as(json).containsExactly("master", "replica", "master", "replica", "master", "replica");
            assertThat(Files.readString(output)).contains("containers started 6/6", "readiness facts holding",
                    "Seeds for a cluster client: ", "redis-cli -c -h");
            try (Jedis jedis = new Jedis(hosts.get(0), ports.get(0))) {
                jedis.auth("pw");
                assertThat(jedis.clusterInfo()).contains("cluster_state:ok");
                assertThat(jedis.info("replication")).contains("role:master");
            }

            CliTest.Run status = CliTest.run("status", "--json");
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("{\"clusterId\": \"" + clusterId + "\", \"topology\": \"cluster\"");
            String before = masterOf(status.out(), clusterId);
            assertThat(before).isEqualTo("shard-0 redis-0");
            assertThat(CliTest.run("status").out()).containsPattern(clusterId + " +cluster +3 +6 running");

            CliTest.Run kill = CliTest.run("kill", "--endpoints-file", endpoints.toString(), "--shard", "0", "--master");
            assertThat(kill.code()).as(kill.err()).isZero();
            assertThat(kill.out()).startsWith("Killed shard-0 redis-0 (").contains("the master of shard-0 (slots 0-");
            String started = clusterId;
            String after = await("status --json names a master of shard-0 other than " + before)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> masterOf(CliTest.run("status", "--json").out(), started), m -> !m.equals(before));
            assertThat(after).as("the cluster promoted the replica").isEqualTo("shard-0 redis-1");

            CliTest.Run heal = CliTest.run("heal", clusterId);
            assertThat(heal.code()).as(heal.err()).isZero();
            assertThat(heal.out()).contains("brought back [shard-0 redis-0]");
            assertThat(CliTest.run("status").out()).containsPattern(clusterId + " +cluster +3 +6 running");
            assertThat(masterOf(CliTest.run("status", "--json").out(), clusterId)).isEqualTo("shard-0 redis-1");

            CliTest.Run failover = CliTest.run("failover", clusterId, "--shard", "0");
            assertThat(failover.code()).as(failover.err()).isZero();
            assertThat(failover.out()).startsWith("shard-0 (slots 0-")
                    .contains(" failed over from shard-0 redis-1 to shard-0 redis-0 (");
            assertThat(masterOf(CliTest.run("status", "--json").out(), clusterId)).isEqualTo("shard-0 redis-0");
            try (Jedis jedis = new Jedis(hosts.get(0), ports.get(0))) {
                jedis.auth("pw");
                assertThat(jedis.info("replication")).contains("role:master");
            }

            CliTest.Run noHaproxy = CliTest.run("pause", clusterId, "--haproxy");
            assertThat(noHaproxy.code()).as(noHaproxy.err()).isEqualTo(2);
            assertThat(noHaproxy.err()).contains("is a native Redis Cluster: it has no HAProxy");

            CliTest.Run down = CliTest.run("down", clusterId);
            assertThat(down.code()).as(down.err()).isZero();
            assertThat(down.out()).contains("Removed cluster " + clusterId + " (" + (pod ? 7 : 6) + " containers)");
            assertThat(ClusterContainers.count(clusterId)).isZero();
            assertThat(podNetworks(clusterId)).isEmpty();
            assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).as("up exits once its cluster is removed").isTrue();
            assertThat(up.process().exitValue()).as(Files.readString(output)).isZero();
            assertThat(Files.readString(output)).contains("was removed (down)");
        } finally {
            up.close();
            if (clusterId != null) {
                ClusterContainers.removeAll(clusterId);
            }
        }
    }

    /**
     * {@code up --tls true}: the endpoints file names the CA a client trusts, and a fault verb from
     * another process (this one) reaches the nodes over TLS with the files the cluster's labels name.
     */
    @Test
    void aTlsClusterNamesItsCaAndTakesFaultsFromAnotherProcess(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("up.log");
        ChildJvm.Started up = ChildJvm.of(Cli.class).withArgs("up", "--shards", "1", "--replicas", "1", "--tls", "true",
                "--endpoints-file", endpoints.toString(), "--network-mode", NETWORK_MODE.name()).start(output);
        String clusterId = null;
        try {
            up.await("written its endpoints file", () -> Files.exists(endpoints), UP_START);
            String json = Files.readString(endpoints);
            Matcher id = CLUSTER_ID.matcher(json);
            assertThat(id.find()).as(json).isTrue();
            clusterId = id.group(1);
            Matcher ca = CA_CERTIFICATE.matcher(json);
            assertThat(ca.find()).as(json).isTrue();
            Path caFile = Path.of(ca.group(1));
            assertThat(caFile).isRegularFile();
            assertThat(json).contains("\"storeType\": \"PKCS12\"", "\"clientCertificate\": null");
            assertThat(Files.readString(output)).contains("TLS only, on every port above: trust the CA " + caFile,
                    "--tls --cacert " + caFile);

            Matcher master = HAPROXY_MASTER.matcher(json);
            assertThat(master.find()).isTrue();
            HostAndPort haproxyMaster = new HostAndPort(master.group(1), Integer.parseInt(master.group(2)));
            Matcher node = NODE_MASTER.matcher(json);
            assertThat(node.find()).isTrue();
            JedisClientConfig trustingTheCa = DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(trusting(caFile)).build();
            // To the node, not through HAProxy: under load its TLS checks (connect timeout = the 100 ms
            // check interval) flap, and its master port then refuses connections for a moment.
            try (Jedis jedis = new Jedis(new HostAndPort(node.group(1), Integer.parseInt(node.group(2))), trustingTheCa)) {
                assertThat(jedis.set("launched", "over TLS")).isEqualTo("OK");
                assertThat(jedis.waitReplicas(1, 2000)).isEqualTo(1);
            }

            CliTest.Run kill = CliTest.run("kill", "--endpoints-file", endpoints.toString(), "--shard", "0", "--master");
            assertThat(kill.code()).as(kill.err()).isZero();
            assertThat(kill.out()).startsWith("Killed shard-0 redis-0 (").contains("the master of shard-0");
            // Not through status: it asks the Sentinels without TLS, so it names no master of a TLS shard yet.
            await("a write over TLS through the HAProxy master port, to the promoted replica")
                    .atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                        try (Jedis jedis = new Jedis(haproxyMaster, trustingTheCa)) {
                            assertThat(jedis.get("launched")).isEqualTo("over TLS");
                            assertThat(jedis.set("after", "failover")).isEqualTo("OK");
                        }
                    });
            CliTest.Run heal = CliTest.run("heal", clusterId);
            assertThat(heal.code()).as(heal.err()).isZero();
            assertThat(heal.out()).contains("brought back [shard-0 redis-0]");

            CliTest.Run down = CliTest.run("down", clusterId);
            assertThat(down.code()).as(down.err()).isZero();
            assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).as("up exits once its cluster is removed").isTrue();
            assertThat(caFile).as("the TLS files go with the cluster").doesNotExist();
        } finally {
            up.close();
            if (clusterId != null) {
                ClusterContainers.removeAll(clusterId);
            }
        }
    }

    /** What a client outside the library makes of the endpoints file's CA: a trust store of that one certificate. */
    private static SSLSocketFactory trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    @Test
    void sigtermRemovesEverything(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("up.json");
        Path messages = dir.resolve("up.log");
        ChildJvm.Started up = ChildJvm.of(Cli.class).withArgs("up", "--shards", "1", "--replicas", "1", "--json",
                "--endpoints-file", endpoints.toString(), "--network-mode", NETWORK_MODE.name())
                .start(output, messages);
        String clusterId = null;
        try {
            up.await("written its endpoints file", () -> Files.exists(endpoints), UP_START);
            String json = Files.readString(endpoints);
            Matcher id = CLUSTER_ID.matcher(json);
            assertThat(id.find()).isTrue();
            clusterId = id.group(1);
            // stdout is the JSON and nothing else (the endpoints file is written after it is printed).
            assertThat(Files.readString(output)).as("stdout of up --json").startsWith("{").isEqualTo(json);
            assertThat(Files.readString(messages)).contains("Starting " + (POD ? 7 : 6) + " containers",
                    "containers started 6/6", "Endpoints written to", "is up until");
            assertThat(ClusterContainers.count(clusterId)).isEqualTo(inPod(clusterId) ? 7 : 6);

            up.process().destroy(); // SIGTERM
            assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(up.process().exitValue()).as(Files.readString(messages)).isZero();
            assertThat(Files.readString(messages)).contains("Stopped.");
            assertThat(Files.readString(output)).isEqualTo(json);
            assertThat(ClusterContainers.count(clusterId)).isZero();
            assertThat(podNetworks(clusterId)).isEmpty();
        } finally {
            up.close();
            if (clusterId != null) {
                ClusterContainers.removeAll(clusterId);
            }
        }
    }

    /** The pod-mode pass (failsafe execution pod-mode) sets it; the output must be that of host mode. */
    private static final NetworkMode NETWORK_MODE = TestNetworkMode.get();
    /** Explicitly in a pod: one container more, the pod's (AUTO picks host networking on Linux). */
    private static final boolean POD = NETWORK_MODE == NetworkMode.POD;
    /** How long {@code up} may take to start its cluster and write the endpoints file. */
    private static final Duration UP_START = Duration.ofSeconds(120);

    /** Whether the cluster runs in a pod: asked, or what AUTO picked (rootless Docker, Docker Desktop). */
    private static boolean inPod(String clusterId) {
        return ClusterContainers.list(clusterId, true).stream()
                .anyMatch(c -> List.of(c.getNames()).contains("/rct-" + clusterId + "-pod"));
    }

    private static List<Network> podNetworks(String clusterId) {
        return DockerClientFactory.lazyClient().listNetworksCmd()
                .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + clusterId)).exec();
    }

    /** The node that status says the Sentinels (or a native cluster's nodes) of shard 0 agree on, or "none". */
    private static String masterOf(String statusJson, String clusterId) {
        int at = statusJson.indexOf("\"clusterId\": \"" + clusterId + "\"");
        assertThat(at).as(statusJson).isNotNegative();
        Matcher m = Pattern.compile("\"index\": 0, \"masterName\": \"[^\"]+\", \"master\": (null|\\{\"node\": \"([^\"]+)\")")
                .matcher(statusJson);
        assertThat(m.find(at)).as(statusJson).isTrue();
        return m.group(2) == null ? "none" : m.group(2);
    }
}
