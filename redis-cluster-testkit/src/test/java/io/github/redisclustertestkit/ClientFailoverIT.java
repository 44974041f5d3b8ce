package io.github.redisclustertestkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client sees when a master is killed: it connects to the master port afresh after every
 * failure, as a client with default settings does. How fast it gets answers and writes again is
 * the benchmark's business ({@code scripts/benchmark}); the HAProxy settings that keep a
 * connection from being held are checked in {@code PlannerTest}. Here: what the answers are.
 */
class ClientFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Only a bound on a stuck test, far above anything measured: no attempt is judged by its time. */
    private static final int ATTEMPT_TIMEOUT_MILLIS = 10_000;
    private static final long PAUSE_MILLIS = 20;

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    /** One fresh connection: a write and the port of the node that took it, or what failed. */
    private record Attempt(long begun, String key, String port, RuntimeException failure) {
    }

    /**
     * The old master is killed, and started again once the Sentinels name another node: it comes
     * back saying role:master with the old data until the Sentinels turn it into a replica.
     * Throughout, every attempt ends in a write on the master the Sentinels name, or in an error
     * a client retries (connection closed or refused, or a Redis error); never in a write on the
     * old master, which would be lost when it is demoted. The attempts go on until the old master
     * has been demoted, and the writes after the kill must then be on the named master.
     */
    @Test
    void duringAKillFailoverEveryAttemptIsAWriteOnTheNamedMasterOrARetryableError() throws Exception {
        try (var cluster = new RedisShardedClusterContainer().withShards(1)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Node old = shard.masterNode();
            String oldPort = String.valueOf(old.endpoint().port());
            List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread client = new Thread(() -> connectAndWrite(shard.haproxyMaster(), attempts, running));
            client.start();
            long killed;
            try {
                awaitWrites(attempts, Long.MIN_VALUE, 5);
                old.kill();
                killed = System.nanoTime();
                awaitSentinelsNameAnotherMaster(shard, oldPort);
                old.start();
                awaitRole(old, "slave");
                awaitWrites(attempts, killed, 20);
            } finally {
                running.set(false);
                client.join();
            }
            String named = String.valueOf(shard.master().port());
            assertThat(named).isNotEqualTo(oldPort);
            List<Attempt> afterKill;
            synchronized (attempts) {
                afterKill = attempts.stream().filter(a -> a.begun() > killed).toList();
            }
            List<Attempt> writes = afterKill.stream().filter(a -> a.failure() == null).toList();
            assertThat(writes).as("writes after the kill, by the port that took them")
                    .extracting(Attempt::port).containsOnly(named);
            assertThat(afterKill).as("failed attempts after the kill")
                    .filteredOn(a -> a.failure() != null).extracting(Attempt::failure)
                    .allMatch(f -> f instanceof JedisConnectionException || f instanceof JedisDataException,
                            "a connection closed or refused, or a Redis error");
            assertThat(writes).as("writes after the kill").hasSizeGreaterThanOrEqualTo(20);
            shard.awaitHealthy(WAIT);
            try (Jedis master = ClusterFacts.connect(shard.master(), null)) {
                for (Attempt write : writes) {
                    assertThat(master.get(write.key())).as(write.key() + " on the named master").isEqualTo("1");
                }
            }
        }
    }

    /** Waits, bounded, for {@code count} writes by attempts begun after {@code after}; fails saying how many it saw. */
    private static void awaitWrites(List<Attempt> attempts, long after, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            long seen;
            int all;
            synchronized (attempts) {
                seen = attempts.stream().filter(a -> a.begun() > after && a.failure() == null).count();
                all = attempts.size();
            }
            assertThat(seen).as("successful writes (of %d attempts)", all).isGreaterThanOrEqualTo(count);
        });
    }

    /** Asks the Sentinels only, not HAProxy: the routing is what the test watches. */
    private static void awaitSentinelsNameAnotherMaster(Shard shard, String oldPort) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            long naming = shard.sentinels().stream().filter(sentinel -> {
                try (Jedis jedis = ClusterFacts.connect(sentinel, null)) {
                    return !jedis.sentinelGetMasterAddrByName(shard.masterName()).get(1).equals(oldPort);
                } catch (RuntimeException down) {
                    return false;
                }
            }).count();
            assertThat(naming).as("Sentinels (of %d) that name a master other than port %s",
                    shard.sentinels().size(), oldPort).isGreaterThan(shard.sentinels().size() / 2);
        });
    }

    private static void awaitRole(Node node, String role) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(node.role()).as(node + " turns " + role).isEqualTo(role));
    }

    /** A fresh connection per attempt, a short pause after each; bounded in count and time. */
    private static void connectAndWrite(Endpoint masterPort, List<Attempt> attempts, AtomicBoolean running) {
        long stop = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int n = 0; running.get() && n < 20_000 && System.nanoTime() < stop; n++) {
            long begun = System.nanoTime();
            String key = "attempt-" + n;
            try (Jedis jedis = new Jedis(masterPort.host(), masterPort.port(), ATTEMPT_TIMEOUT_MILLIS)) {
                jedis.set(key, "1");
                String port = jedis.info("server").lines().filter(l -> l.startsWith("tcp_port:")).findFirst()
                        .orElseThrow().substring("tcp_port:".length()).trim();
                attempts.add(new Attempt(begun, key, port, null));
            } catch (RuntimeException e) {
                attempts.add(new Attempt(begun, key, null, e));
            }
            ClusterFacts.sleep(PAUSE_MILLIS);
        }
    }
}
