package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover under load: one writer through the HAProxy master port, one through Sentinel, while
 * the master is killed. Both resume within a bound, and no write acknowledged with WAIT is lost.
 */
@RedisShardedCluster(shards = 1)
class FailoverUnderLoadIT {

    private static final Duration RESUME_BOUND = Duration.ofSeconds(10);

    /** Writes {@code prefix:n} every 10 ms; a write counts once WAIT says every replica has it. */
    static final class Writer implements Runnable {
        final String prefix;
        final Supplier<Jedis> connect;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final List<Instant> successes = new CopyOnWriteArrayList<>();
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
                        successes.add(Instant.now());
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException failingOver) {
                    sleepQuietly();
                }
            }
        }

        /** The longest time without a successful write after {@code from}. */
        Duration longestGapAfter(Instant from) {
            Instant last = from;
            Duration longest = Duration.ZERO;
            for (Instant success : successes) {
                if (success.isAfter(from)) {
                    Duration gap = Duration.between(last, success);
                    longest = gap.compareTo(longest) > 0 ? gap : longest;
                    last = success;
                }
            }
            return longest;
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
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> viaHaproxy.acknowledged.size() >= 20 && viaSentinel.acknowledged.size() >= 20);

                Instant killed = Instant.now();
                shard.masterNode().kill();
                shard.awaitMasterChange(Duration.ofSeconds(30));
                int afterFailover = viaHaproxy.successes.size() + viaSentinel.successes.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> recentSuccess(viaHaproxy) && recentSuccess(viaSentinel)
                        && viaHaproxy.successes.size() + viaSentinel.successes.size() > afterFailover + 40);

                assertThat(viaHaproxy.longestGapAfter(killed)).isLessThan(RESUME_BOUND);
                assertThat(viaSentinel.longestGapAfter(killed)).isLessThan(RESUME_BOUND);
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

    private static boolean recentSuccess(Writer writer) {
        Instant recently = Instant.now().minusMillis(200);
        return writer.successes.stream().anyMatch(t -> t.isAfter(recently));
    }
}
