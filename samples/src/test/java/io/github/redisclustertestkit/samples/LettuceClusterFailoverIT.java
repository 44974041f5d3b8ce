package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce's {@code RedisClusterClient} when a master is killed, with four topology refresh
 * settings: how long until writes to the dead master's slots succeed again. An application keeps
 * sending writes (one every 50 ms, asynchronously, as many request threads would); the time from
 * the kill to the first write sent after it that succeeds is printed. The test asserts only what
 * does not depend on the machine's speed: with a refresh, writes come back; without any refresh,
 * none does while the dead node stays down, and they come back once it is started again.
 *
 * <p>Lettuce 7 enables every adaptive refresh trigger by default; Lettuce 6 enabled none, which is
 * {@link Refresh#NONE} here.
 */
class LettuceClusterFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the client without refresh is watched with the dead master down, after the failover. */
    private static final Duration WATCHED = Duration.ofSeconds(20);

    private static RedisClusterContainer cluster;

    enum Refresh {
        /** Lettuce 7.x: every adaptive trigger, at most one refresh per 5 s, no periodic refresh. */
        DEFAULTS,
        /** Every adaptive trigger, asked for explicitly: the same as DEFAULTS on Lettuce 7, needed on Lettuce 6. */
        ADAPTIVE,
        /** A refresh every 10 s and no adaptive trigger. */
        PERIODIC,
        /** Lettuce 6.x's defaults: the client never rereads the topology by itself. */
        NONE;

        ClusterClientOptions options() {
            return switch (this) {
                case DEFAULTS -> ClusterClientOptions.create();
                // snippet:lettuce-cluster-refresh
                case ADAPTIVE -> ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers() // MOVED, ASK, reconnects, unknown node, uncovered slot
                                .build())
                        .build();
                case PERIODIC -> ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .disableAllAdaptiveRefreshTriggers() // on by default since Lettuce 7
                                .enablePeriodicRefresh(Duration.ofSeconds(10))
                                .build())
                        .build();
                // end:lettuce-cluster-refresh
                case NONE -> ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .disableAllAdaptiveRefreshTriggers()
                                .build())
                        .build();
            };
        }
    }

    /** Sends {@code SET} every 50 ms, round the keys, and notes when each one that succeeded was sent and answered. */
    static final class Writes implements Runnable {
        private static final int MAX_WRITES = 4000;
        private static final Duration MAX_TIME = Duration.ofSeconds(200);

        record Done(long sentNanos, long answeredNanos) {
        }

        private final RedisAdvancedClusterAsyncCommands<String, String> redis;
        private final List<String> keys;
        final ConcurrentLinkedQueue<Done> succeeded = new ConcurrentLinkedQueue<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        volatile boolean running = true;

        Writes(RedisAdvancedClusterAsyncCommands<String, String> redis, List<String> keys) {
            this.redis = redis;
            this.keys = keys;
        }

        @Override
        public void run() {
            long stop = System.nanoTime() + MAX_TIME.toNanos();
            for (int n = 0; running && n < MAX_WRITES && System.nanoTime() < stop; n++) {
                long sentAt = System.nanoTime();
                sent.incrementAndGet();
                redis.set(keys.get(n % keys.size()), "v" + n).whenComplete((ok, error) -> {
                    if (error == null) {
                        succeeded.add(new Done(sentAt, System.nanoTime()));
                    } else {
                        failed.incrementAndGet();
                    }
                });
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** {@return when the first write sent after {@code nanos} was answered OK, if one was} */
        OptionalLong firstSuccessSentAfter(long nanos) {
            return succeeded.stream().filter(d -> d.sentNanos() > nanos).mapToLong(Done::answeredNanos).min();
        }
    }

    @BeforeAll
    static void start() {
        cluster = new RedisClusterContainer(); // 3 masters x 1 replica, cluster-node-timeout 500 ms
        cluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void healed() {
        cluster.heal(WAIT); // the killed node back, as a replica: the next run kills the new master
    }

    @ParameterizedTest
    @EnumSource
    void writesToAKilledMastersSlotsAfterTheFailover(Refresh refresh) throws Exception {
        RedisClusterShard shard = cluster.shard(0);
        List<String> keys = keysOwnedBy(shard, 20);
        List<RedisURI> seeds = cluster.nodes().stream().map(node -> RedisURI.create(node.host(), node.port())).toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(refresh.options());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            connection.sync().set(keys.get(0), "before"); // the client holds a connection to the master
            Writes writes = new Writes(connection.async(), keys);
            Thread writer = new Thread(writes, "lettuce-writes-" + refresh);
            writer.start();
            try {
                await("10 writes taken before the kill").atMost(WAIT).until(() -> writes.succeeded.size() >= 10);

                Node dead = shard.masterNode();
                dead.kill();
                long killed = System.nanoTime();
                shard.awaitMasterChange(WAIT);
                long failedOver = System.nanoTime();

                long started = 0;
                if (refresh == Refresh.NONE) {
                    // Without a refresh the client keeps the dead master for those slots: nothing it
                    // sends there succeeds while the node is down, however long that is...
                    await("no write sent after the kill taken while the dead node is down")
                            .during(WATCHED).atMost(WATCHED.plusSeconds(10))
                            .until(() -> writes.firstSuccessSentAfter(killed).isEmpty());
                    // ...until the node is back: it answers MOVED, which the client follows.
                    dead.start();
                    started = System.nanoTime();
                }
                await("a write sent after the kill taken").atMost(WAIT)
                        .until(() -> writes.firstSuccessSentAfter(killed).isPresent());

                long writable = writes.firstSuccessSentAfter(killed).getAsLong();
                System.out.printf("figures Lettuce %s: kill -> new master %d ms, kill -> first write %d ms%s;"
                                + " %d writes sent, %d succeeded, %d failed%n", refresh, millis(failedOver - killed),
                        millis(writable - killed), started == 0 ? "" : " (dead node started at " + millis(started - killed)
                                + " ms)", writes.sent.get(), writes.succeeded.size(), writes.failed.get());
            } finally {
                writes.running = false;
                writer.join(WAIT.toMillis());
            }
            assertThat(writer.isAlive()).as("writer still running").isFalse();
        } finally {
            client.shutdown();
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Keys whose slots the shard's master was given at start. */
    private static List<String> keysOwnedBy(RedisClusterShard shard, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count && i < 1_000_000; i++) {
            int slot = RedisClusterContainer.slotOf("order:" + i);
            if (slot >= shard.firstSlot() && slot <= shard.lastSlot()) {
                keys.add("order:" + i);
            }
        }
        assertThat(keys).hasSize(count);
        return keys;
    }
}
