package io.github.redisclustertestkit.internal.launcher;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a user runs it: a separate process, its endpoints file, then SIGTERM. */
class LauncherIT {

    private static final Pattern HAPROXY_MASTER =
            Pattern.compile("\"haproxyMaster\": \\{\"host\": \"([^\"]+)\", \"port\": (\\d+)}");
    private static final Pattern SENTINEL =
            Pattern.compile("\"sentinels\": \\[\\{\"host\": \"([^\"]+)\", \"port\": (\\d+)}");

    @Test
    void upWritesEndpointsThatWorkAndSigtermRemovesEverything(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("launcher.log");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "up", "--shards", "1", "--password", "pw", "--endpoints-file", endpoints.toString(),
                "--network-mode", System.getProperty("rct.network-mode", "auto"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(endpoints) && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(endpoints).as(Files.readString(output)).exists();
            String json = Files.readString(endpoints);
            assertThat(json).contains("\"password\": \"pw\"", "\"masterName\": \"shard-0\"", "\"haproxyStats\": \"http://");

            Matcher master = HAPROXY_MASTER.matcher(json);
            assertThat(master.find()).isTrue();
            try (Jedis jedis = new Jedis(master.group(1), Integer.parseInt(master.group(2)))) {
                jedis.auth("pw");
                assertThat(jedis.set("launched", "yes")).isEqualTo("OK");
                assertThat(jedis.info("replication")).contains("role:master");
            }
            Matcher sentinel = SENTINEL.matcher(json);
            assertThat(sentinel.find()).isTrue();
            try (Jedis jedis = new Jedis(sentinel.group(1), Integer.parseInt(sentinel.group(2)))) {
                assertThat(jedis.sentinelGetMasterAddrByName("shard-0")).hasSize(2);
            }
            assertThat(Files.readString(output)).contains("HAProxy master", "redis-cli -h").containsPattern(
                    "Ready in [0-9.]+ s, running (Redis|Valkey) [0-9.]+\\.");
            String clusterId = clusterListeningOn(Integer.parseInt(master.group(2)));
            assertThat(containersOf(clusterId)).isNotEmpty();

            launcher.destroy(); // SIGTERM
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).as(Files.readString(output)).isZero();
            assertThat(Files.readString(output)).contains("Stopped.");
            assertThat(containersOf(clusterId)).isEmpty();
            assertThat(DockerClientFactory.lazyClient().listNetworksCmd()
                    .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + clusterId)).exec())
                    .as("pod network").isEmpty();
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void badOptionExitsWithTwoAndStartsNothing() throws Exception {
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "up", "--replicas", "0")
                .redirectErrorStream(true).start();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes());
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(output).contains("replicasPerShard must be between 1 and 8 (was 0)");
        assertThat(output).as("no cluster was started").doesNotContain("Starting");
    }

    /** The launcher's cluster among any others on this Docker engine: the one whose HAProxy has {@code port}. */
    private static String clusterListeningOn(int port) {
        DockerClient docker = DockerClientFactory.lazyClient();
        Pattern listensOn = Pattern.compile("\n    bind \\S*:" + port + "\n");
        for (Container c : docker.listContainersCmd().withLabelFilter(List.of(NodeContainer.CLUSTER_LABEL)).exec()) {
            try {
                String[] env = docker.inspectContainerCmd(c.getId()).exec().getConfig().getEnv();
                if (env != null && Arrays.stream(env).anyMatch(e -> e.startsWith("RCT_CONFIG=")
                        && listensOn.matcher(e).find())) {
                    return c.getLabels().get(NodeContainer.CLUSTER_LABEL);
                }
            } catch (NotFoundException removedMeanwhile) {
                // another build's container
            }
        }
        throw new AssertionError("no container of redis-cluster-testkit has HAProxy port " + port);
    }

    private static List<Container> containersOf(String clusterId) {
        return DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, clusterId)).exec();
    }
}
