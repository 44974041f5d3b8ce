package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JedisCluster on a native Redis Cluster (3 masters, 1 replica each): every slot written, then a
 * master killed while a writer thread writes across all slots. The dead master's slots take writes
 * again once its replica has taken over, and no write that a replica acknowledged ({@code WAIT 1})
 * is lost. No clock is asserted: the time to write again is printed, not checked.
 */
class JedisClusterFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One write the cluster took: its key, when it was sent and answered, whether a replica acknowledged it. */
    record Write(String key, long sentNanos, long doneNanos, boolean acknowledged) {
    }

    /**
     * Writes {@code load:n}, n = 0, 1, 2, ... (spread over every slot), each followed by
     * {@code WAIT 1 500}. A write the cluster refuses or times out is counted and the writer goes on.
     */
    static final class Writer implements Runnable {
        private static final int MAX_WRITES = 200_000;
        private static final Duration MAX_TIME = Duration.ofSeconds(120);

        final JedisCluster jedis;
        final ConcurrentLinkedQueue<Write> written = new ConcurrentLinkedQueue<>();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);

        Writer(JedisCluster jedis) {
            this.jedis = jedis;
        }

        @Override
        public void run() {
            long stop = System.nanoTime() + MAX_TIME.toNanos();
            for (int n = 0; running.get() && n < MAX_WRITES && System.nanoTime() < stop; n++) {
                String key = "load:" + n;
                long sent = System.nanoTime();
                try {
                    jedis.set(key, "v" + n);
                    // WAIT counts the writes of the connection it is sent on; one connection per
                    // node (see client()) keeps the SET and its WAIT on the same one. Should that
                    // connection break in between, the WAIT goes to the dead master's successor,
                    // which has no replica left to count: no write is acknowledged by mistake.
                    long done = System.nanoTime();
                    boolean acknowledged = jedis.waitReplicas(key, 1, 500) >= 1;
                    written.add(new Write(key, sent, done, acknowledged));
                } catch (JedisException failingOver) {
                    failed.incrementAndGet();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<Write> acknowledged() {
            return written.stream().filter(Write::acknowledged).toList();
        }

        List<Write> inSlotsOf(RedisClusterShard shard) {
            return written.stream().filter(w -> ownedAtStartBy(shard, w.key())).toList();
        }
    }

    private static boolean ownedAtStartBy(RedisClusterShard shard, String key) {
        int slot = RedisClusterContainer.slotOf(key);
        return slot >= shard.firstSlot() && slot <= shard.lastSlot();
    }

    private static JedisCluster client(RedisClusterContainer cluster) {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(node -> new HostAndPort(node.host(), node.port()))
                .collect(Collectors.toSet());
        GenericObjectPoolConfig<Connection> onePerNode = new GenericObjectPoolConfig<>();
        onePerNode.setMaxTotal(1);
        onePerNode.setMaxWait(Duration.ofSeconds(10));
        return new JedisCluster(seeds, DefaultJedisClientConfig.builder().timeoutMillis(2000).build(), 5, onePerNode);
    }

    /** A key for every one of the 16384 slots. */
    private static String[] keyPerSlot(String prefix) {
        String[] keys = new String[16384];
        int found = 0;
        for (int i = 0; found < keys.length && i < 10_000_000; i++) {
            String key = prefix + i;
            int slot = RedisClusterContainer.slotOf(key);
            if (keys[slot] == null) {
                keys[slot] = key;
                found++;
            }
        }
        assertThat(found).as("slots with a key").isEqualTo(keys.length);
        return keys;
    }

    @Test
    void theDeadMastersSlotsTakeWritesAgainAndNoAcknowledgedWriteIsLost() throws Exception {
        try (RedisClusterContainer cluster = new RedisClusterContainer()) { // 3 masters x 1 replica
            cluster.start();
            try (JedisCluster jedis = client(cluster)) {
                String[] keys = keyPerSlot("slot:");
                for (String key : keys) {
                    jedis.set(key, "before");
                }
                for (String key : keys) {
                    assertThat(jedis.get(key)).as(key).isEqualTo("before");
                }

                RedisClusterShard shard = cluster.shard(0);
                Writer writer = new Writer(jedis);
                Thread thread = new Thread(writer, "jedis-cluster-writer");
                thread.start();
                long killed;
                try {
                    await("20 writes to " + shard + " acknowledged by its replica").atMost(WAIT)
                            .until(() -> writer.inSlotsOf(shard).stream().filter(Write::acknowledged).count() >= 20);

                    Node dead = shard.masterNode();
                    dead.kill();
                    killed = System.nanoTime();
                    Node promoted = shard.awaitMasterChange(WAIT);
                    long failedOver = System.nanoTime();
                    assertThat(promoted.name()).isNotEqualTo(dead.name());

                    // The writer, through the same JedisCluster, writes to the dead master's slots again.
                    await("a write to " + shard + " sent after the kill and taken").atMost(WAIT)
                            .until(() -> writer.inSlotsOf(shard).stream().anyMatch(w -> w.sentNanos() > killed));
                    long writable = writer.inSlotsOf(shard).stream().filter(w -> w.sentNanos() > killed)
                            .mapToLong(Write::doneNanos).min().orElseThrow();
                    System.out.printf("figures JedisCluster: kill -> new master %d ms, kill -> first write to its slots"
                                    + " %d ms; %d writes, %d acknowledged, %d failed%n",
                            TimeUnit.NANOSECONDS.toMillis(failedOver - killed), TimeUnit.NANOSECONDS.toMillis(writable - killed),
                            writer.written.size(), writer.acknowledged().size(), writer.failed.get());
                } finally {
                    writer.running.set(false);
                    thread.join(WAIT.toMillis());
                }
                assertThat(thread.isAlive()).as("writer still running").isFalse();

                // No write acknowledged by a replica is lost: before the kill the dead master's replica
                // had each, and it is the master of those slots now.
                List<Write> acknowledged = writer.acknowledged();
                assertThat(acknowledged.stream().filter(w -> ownedAtStartBy(shard, w.key()) && w.sentNanos() < killed))
                        .as("writes to the killed master's slots that its replica acknowledged").hasSizeGreaterThanOrEqualTo(20);
                List<String> lost = acknowledged.stream().map(Write::key).filter(key -> jedis.get(key) == null).toList();
                assertThat(lost).as("acknowledged writes lost, of %d", acknowledged.size()).isEmpty();

                // Every slot takes writes again, the dead master's ones through its former replica.
                for (String key : keys) {
                    jedis.set(key, "after");
                }
                for (String key : keys) {
                    assertThat(jedis.get(key)).as(key).isEqualTo("after");
                }
            }
        }
    }
}
