package io.github.redisclustertestkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupFailureIT {

    /**
     * Images (or tags) only the current test's clusters use: what a failed start left behind is
     * found by image, then the images are removed (a removed image no longer names its containers).
     */
    private final List<String> ownImages = new ArrayList<>();

    @AfterEach
    void nothingIsLeftRunning() {
        try {
            assertThat(ClusterFacts.leftoverContainers()).isEmpty();
            for (String image : ownImages) {
                assertThat(ClusterFacts.containersUsing(image)).as("containers of %s", image).isEmpty();
            }
        } finally {
            // a second tag only loses its name; the base image stays
            ownImages.forEach(image -> DockerClientFactory.lazyClient().removeImageCmd(image).withForce(true).exec());
        }
    }

    @Test
    void invalidOptionFailsBeforeAnyContainer() {
        try (var cluster = new RedisShardedClusterContainer().withShards(2).withQuorum(5)) {
            assertThatIllegalArgumentException().isThrownBy(cluster::start)
                    .withMessageStartingWith("quorum 5 is invalid for 3 Sentinels per shard");
        }
    }

    /** On a registry at 127.0.0.1:1, so that the pull attempt never leaves this machine. */
    @Test
    void missingImageFailsOnceWithTheImageAndHowToChooseAnother() {
        String image = "127.0.0.1:1/redis-cluster-testkit/no-such-image:1";
        try (var cluster = new RedisShardedClusterContainer().withRedisImage(declared(image))) {
            assertThatThrownBy(cluster::start).isExactlyInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("image " + image + " is not present and could not be pulled")
                    .hasMessageContaining("withRedisImage(..) or RCT_REDIS_IMAGE");
        }
    }

    @Test
    void imageWithoutAServerFailsBeforeAnyContainerNamingTheImageAndTheMinimum() throws Exception {
        String image = imageWithout("redis-server");
        ownImages.add(image);
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withRedisImage(declared(image))) {
            assertThatThrownBy(cluster::start).isExactlyInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("image " + image + " has neither valkey-server nor redis-server on its PATH")
                    .hasMessageContaining("Redis 6.0 or Valkey 7.2 or newer")
                    .hasMessageContaining("withRedisImage(..) or RCT_REDIS_IMAGE");
        }
    }

    @Test
    void startupTimeoutNamesTheNodeWhatWasAwaitedAndItsLogs() {
        String image = "redis-cluster-testkit/test-startup-timeout:" + ProcessHandle.current().pid();
        DockerClientFactory.lazyClient().tagImageCmd(ClusterSpec.defaults().redisImage().asCanonicalNameString(), image.substring(0,
                image.lastIndexOf(':')), image.substring(image.lastIndexOf(':') + 1)).exec();
        ownImages.add(image);
        // 15 s: under load the Sentinels may still be forming a majority after 8 s, and the message
        // would then name that fact instead of replication.
        // Replicas that authenticate with the wrong password never get a link: replication can never hold.
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().shards(1).password("secret").redisImage(declared(image))
                .redisConf(List.of("masterauth wrong-password")).startupTimeout(Duration.ofSeconds(15)).build();
        try (var cluster = new RedisShardedClusterContainer(spec)) {
            assertThatThrownBy(cluster::start)
                    .isExactlyInstanceOf(RedisClusterException.class)
                    .hasMessageMatching("(?s)shard-0 \\S+ \\((master|replica|sentinel|haproxy) at start, port \\d+, image .+\\):"
                            + " readiness did not hold within the startup timeout.*")
                    .hasMessageContaining("awaited: role:master with connected_slaves:2")
                    .hasMessageContaining("last seen: ")
                    .hasMessageContaining("last log lines of shard-0")
                    // roles, the Sentinels' views and HAProxy's states, as the other wait failures
                    .hasMessageContaining("=== redis-cluster-testkit diagnostics, cluster ");
            assertThat(cluster.isRunning()).isFalse();
        }
    }

    /** A loopback bind address other than 127.0.0.1 needs bind-source-addr, which Redis 6 lacks. */
    @Test
    void redis6WithALoopbackBindAddressFailsBeforeAnyContainer() {
        // The check needs the image's server version, so a machine without the image cannot run it.
        ClusterFacts.assumePresent(ClusterFacts.REDIS6_IMAGE);
        ClusterSpec spec = ClusterSpec.defaults().toBuilder().shards(1)
                .redisImage(declared(ClusterFacts.REDIS6_IMAGE)).bindAddress("127.0.0.2").build();
        try (var cluster = new RedisShardedClusterContainer(spec)) {
            assertThatIllegalArgumentException().isThrownBy(cluster::start)
                    .withMessageStartingWith("bindAddress 127.0.0.2 needs bind-source-addr")
                    .withMessageContaining("CLI: up --bind 127.0.0.1");
            assertThat(cluster.isRunning()).isFalse();
        }
    }

    @Test
    void serverOlderThanTheMinimumFailsBeforeAnyContainerNamingImageVersionAndMinimum() throws Exception {
        String image = imageAfter("redis-5", "p=\"$(command -v redis-server)\" && rm -f \"$p\""
                + " && printf '#!/bin/sh\\necho \"Redis server v=5.0.14 sha=00000000:0 bits=64\"\\n' > \"$p\""
                + " && chmod 755 \"$p\"");
        ownImages.add(image);
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withRedisImage(declared(image))) {
            assertThatThrownBy(cluster::start).isExactlyInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("image " + image + " runs Redis 5.0.14, older than the oldest supported"
                            + " Redis 6.0.")
                    .hasMessageContaining("withRedisImage(..) or RCT_REDIS_IMAGE");
        }
    }

    /** The test's own images are declared, as users declare theirs. */
    private static DockerImageName declared(String image) {
        return DockerImageName.parse(image).asCompatibleSubstituteFor("redis");
    }

    /** The Redis image with one program removed, committed as a new image. */
    private static String imageWithout(String program) throws InterruptedException {
        return imageAfter("no-" + program, "rm -f \"$(command -v " + program + ")\"");
    }

    /** The Redis image after a shell script ran in it, committed as a new image. */
    private static String imageAfter(String name, String script) throws InterruptedException {
        DockerClient docker = DockerClientFactory.lazyClient();
        // Tagged by this JVM: another build on the same engine removes only its own.
        String tag = String.valueOf(ProcessHandle.current().pid());
        String base = ClusterSpec.defaults().redisImage().asCanonicalNameString();
        String id = docker.createContainerCmd(base)
                .withEntrypoint("sh", "-c", script)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
            docker.commitCmd(id).withRepository("redis-cluster-testkit/test-" + name).withTag(tag).exec();
        } finally {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
        return "redis-cluster-testkit/test-" + name + ":" + tag;
    }
}
