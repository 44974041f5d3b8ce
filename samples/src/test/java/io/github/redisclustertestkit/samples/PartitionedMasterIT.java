package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The best-known Sentinel failure: a master cut off from its Sentinels and replicas, while a
 * client still reaches it, keeps acknowledging writes; the Sentinels promote a replica; when the
 * network heals, the old master rejoins as a replica and those writes are gone.
 * {@code min-replicas-to-write} makes the cut-off master refuse writes instead.
 */
class PartitionedMasterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RedisShardedClusterContainer cluster() {
        return new RedisShardedClusterContainer().withShards(1).withNetworkFaults(true);
    }

    @Test
    void writesTheIsolatedMasterAcknowledgedAreLostWhenItRejoins() throws Exception {
        try (var cluster = cluster()) {
            cluster.start();
            Shard shard = cluster.shard(0);
            Node oldMaster = shard.masterNode();
            // The test's own connection (from 127.0.0.1) is no node's: the partition spares it.
            try (Writer writer = new Writer(shard.master())) {
                writer.awaitConfirmed(50);

                cluster.network().isolate(oldMaster);
                writer.markCut();
                Set<String> acknowledgedWhileIsolated = new HashSet<>();
                Node newMaster;
                // Acknowledged by construction, whatever the writer thread managed meanwhile: the
                // rules are in force, and no Sentinel can reach the node to demote it until heal().
                try (Jedis isolated = new Jedis(oldMaster.endpoint().host(), oldMaster.endpoint().port(), 2000)) {
                    assertThat(isolated.set("w:isolated-at-the-cut", "v")).isEqualTo("OK");
                    acknowledgedWhileIsolated.add("w:isolated-at-the-cut");
                    newMaster = shard.awaitMasterChange(oldMaster, WAIT);
                    assertThat(isolated.set("w:isolated-beside-the-new-master", "v")).isEqualTo("OK");
                    acknowledgedWhileIsolated.add("w:isolated-beside-the-new-master");
                }
                writer.stop();
                acknowledgedWhileIsolated.addAll(writer.okAfterCut);
                assertThat(newMaster.name()).isNotEqualTo(oldMaster.name());

                cluster.network().heal();
                shard.awaitHealthy(WAIT); // the old master is now a replica of the new one

                Set<String> survived = keysOn(shard.master());
                System.out.printf("PartitionedMasterIT: the isolated master answered OK to %d writes%n",
                        acknowledgedWhileIsolated.size());
                assertThat(survived).as("writes the isolated master acknowledged: all of them are gone")
                        .doesNotContainAnyElementsOf(acknowledgedWhileIsolated);
                assertThat(survived).as("what was replicated before the cut").containsAll(writer.confirmedBeforeCut);
            }
        }
    }

    @Test
    void withMinReplicasTheIsolatedMasterRefusesWritesAndNoConfirmedWriteIsLost() throws Exception {
        try (var cluster = cluster().withRedisConf("min-replicas-to-write 1", "min-replicas-max-lag 1")) {
            cluster.start();
            Shard shard = cluster.shard(0);
            Node oldMaster = shard.masterNode();
            try (Writer writer = new Writer(shard.master())) {
                writer.awaitConfirmed(50);

                cluster.network().isolate(oldMaster);
                long cut = System.nanoTime();
                writer.markCut();
                // Once its replicas' acknowledgements are older than min-replicas-max-lag: about a second.
                await().atMost(WAIT).until(() -> writer.refused.get() > 0);
                System.out.printf("PartitionedMasterIT: the isolated master refused writes %d ms after the cut,"
                        + " having answered OK to %d%n", Duration.ofNanos(writer.firstRefusal.get() - cut).toMillis(),
                        writer.okAfterCut.size());
                shard.awaitMasterChange(oldMaster, WAIT);
                writer.stop();

                cluster.network().heal();
                shard.awaitHealthy(WAIT);

                Set<String> survived = keysOn(shard.master());
                assertThat(survived).as("every write a replica confirmed (WAIT 1)").containsAll(writer.confirmed);
            }
        }
    }

    private static Set<String> keysOn(Endpoint master) {
        try (Jedis jedis = new Jedis(master.host(), master.port(), 2000)) {
            return new HashSet<>(jedis.keys("w:*"));
        }
    }

    /**
     * Writes {@code w:n} straight to one node every 5 ms, for at most two minutes. Records what
     * the node answered OK to, what a replica also confirmed ({@code WAIT 1}), and refusals.
     */
    static final class Writer implements AutoCloseable {
        final Set<String> confirmed = ConcurrentHashMap.newKeySet();
        final Set<String> confirmedBeforeCut = ConcurrentHashMap.newKeySet();
        final Set<String> okAfterCut = ConcurrentHashMap.newKeySet();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong firstRefusal = new AtomicLong();
        private final AtomicBoolean cut = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(Endpoint node) {
            thread = new Thread(() -> write(node), "partition-writer");
            thread.start();
        }

        private void write(Endpoint node) {
            long stop = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            try (Jedis jedis = new Jedis(node.host(), node.port(), 2000)) {
                for (long n = 0; running.get() && System.nanoTime() < stop; n++) {
                    String key = "w:" + n;
                    boolean afterCut = cut.get();
                    try {
                        jedis.set(key, "v");
                        if (afterCut) {
                            okAfterCut.add(key);
                        }
                        if (jedis.waitReplicas(1, 50) >= 1) {
                            confirmed.add(key);
                            if (!afterCut) {
                                confirmedBeforeCut.add(key);
                            }
                        }
                    } catch (JedisDataException e) {
                        if (e.getMessage().startsWith("NOREPLICAS") && refused.getAndIncrement() == 0) {
                            firstRefusal.set(System.nanoTime());
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitConfirmed(int writes) {
            await().atMost(Duration.ofSeconds(10)).until(() -> confirmed.size() >= writes);
        }

        /** From now on, writes count as written after the cut (the rules are in force). */
        void markCut() {
            cut.set(true);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(10).toMillis());
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
