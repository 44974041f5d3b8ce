package io.github.redisclustertestkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAProxy's soft stop (SIGUSR1, the official image's stop signal) waits for client connections
 * to end, and tests hold theirs for long: a stop must not wait for them until Docker kills it.
 */
class HaproxyStopIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SIGKILLED = 128 + 9;

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    @Test
    void stoppingHaproxyWithAClientConnectedEndsItByItself() {
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1)
                .withSentinelsPerShard(1)) {
            ClusterFacts.start(cluster);
            try (Jedis client = ClusterFacts.connect(cluster.shard(0).haproxyMaster(), null)) {
                assertThat(client.ping()).isEqualTo("PONG");
                long began = System.nanoTime();
                cluster.haproxyNode().stop();
                System.out.printf("HaproxyStopIT: stop with a client connected took %d ms%n",
                        Duration.ofNanos(System.nanoTime() - began).toMillis());
            }
            var state = DockerClientFactory.lazyClient()
                    .inspectContainerCmd("rct-" + cluster.clusterId() + "-haproxy").exec().getState();
            assertThat(state.getRunning()).isFalse();
            assertThat(state.getExitCodeLong()).as("exit code (137: SIGKILLed at the stop timeout)")
                    .isNotEqualTo((long) SIGKILLED);

            cluster.haproxyNode().start();
            cluster.awaitHealthy(WAIT);
        }
    }
}
