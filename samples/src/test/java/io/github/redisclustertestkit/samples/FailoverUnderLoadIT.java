package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover under load: one writer through the HAProxy master port, one through Sentinel, while
 * the master is killed. Both write again once the new master is announced (writes acknowledged
 * with WAIT by its replica), and no write acknowledged with WAIT is lost. No clock is asserted:
 * how long the switch takes depends on the machine's load, what must happen does not.
 */
@RedisShardedCluster(shards = 1)
class FailoverUnderLoadIT {

    /** Writes {@code prefix:n} every 10 ms; a write counts once WAIT says every replica has it. */
    static final class Writer implements Runnable {
        final String prefix;
        final Supplier<Jedis> connect;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicBoolean running = new AtomicBoolean(true);

        Writer(String prefix, Supplier<Jedis> connect) {
            this.prefix = prefix;
            this.connect = connect;
        }

        @Override
        public void run() {
            long n = 0;
            long stop = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (running.get() && System.nanoTime() < stop) {
                try (Jedis jedis = connect.get()) {
                    int replicas = Integer.parseInt(jedis.info("replication").lines()
                            .filter(l -> l.startsWith("connected_slaves:")).findFirst().orElseThrow().substring(17).trim());
                    while (running.get() && System.nanoTime() < stop) {
                        String key = prefix + ":" + n++;
                        jedis.set(key, "v");
                        if (jedis.waitReplicas(replicas, 500) >= replicas) {
                            acknowledged.add(key);
                        }
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException failingOver) {
                    sleepQuietly();
                }
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void writersResumeAndNoAcknowledgedWriteIsLost(Shard shard) throws Exception {
        Endpoint masterPort = shard.haproxyMaster();
        Set<String> sentinels = shard.sentinels().stream().map(Object::toString).collect(Collectors.toSet());
        try (JedisSentinelPool pool = new JedisSentinelPool(shard.masterName(), sentinels)) {
            Writer viaHaproxy = new Writer("haproxy", () -> new Jedis(masterPort.host(), masterPort.port(), 1000));
            Writer viaSentinel = new Writer("sentinel", pool::getResource);
            List<Thread> threads = List.of(new Thread(viaHaproxy), new Thread(viaSentinel));
            threads.forEach(Thread::start);
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> viaHaproxy.acknowledged.size() >= 20 && viaSentinel.acknowledged.size() >= 20);

                shard.masterNode().kill();
                shard.awaitMasterChange(Duration.ofSeconds(30));
                // From the announcement on, each writer gets writes acknowledged again: by the new
                // master and the replica Sentinel pointed at it.
                int haproxyBefore = viaHaproxy.acknowledged.size();
                int sentinelBefore = viaSentinel.acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.of(
                                viaHaproxy.acknowledged.size() - haproxyBefore,
                                viaSentinel.acknowledged.size() - sentinelBefore))
                        .as("writes acknowledged since the new master was announced, via HAProxy and via Sentinel")
                        .allSatisfy(acknowledged -> assertThat(acknowledged).isGreaterThanOrEqualTo(20)));
            } finally {
                viaHaproxy.running.set(false);
                viaSentinel.running.set(false);
                for (Thread t : threads) {
                    t.join();
                }
            }
            try (Jedis master = new Jedis(masterPort.host(), masterPort.port())) {
                for (String key : viaHaproxy.acknowledged) {
                    assertThat(master.exists(key)).as(key).isTrue();
                }
                for (String key : viaSentinel.acknowledged) {
                    assertThat(master.exists(key)).as(key).isTrue();
                }
            }
        }
    }
}
