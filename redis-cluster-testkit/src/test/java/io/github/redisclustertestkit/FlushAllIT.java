package io.github.redisclustertestkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reset between tests must not leak: after flushAll() no replica still holds the old keys. */
class FlushAllIT {

    private static final int KEYS_PER_SHARD = 2000;
    private static final String VALUE = "x".repeat(1024);
    /**
     * A replica that applies the replication stream late, as a busy one does, made repeatable:
     * {@code CLIENT PAUSE .. WRITE} on a replica holds back what its master sends while DBSIZE
     * still answers. (Unpaused, the flush here reaches the replicas microseconds before
     * flushAll() returns, and a leak shows only on a loaded machine.)
     */
    private static final String REPLICA_LAG_MILLIS = "200";

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    @Test
    void everyReplicaIsEmptyAsSoonAsFlushAllReturns() {
        try (var cluster = new RedisShardedClusterContainer().withShards(2)) {
            ClusterFacts.start(cluster);
            List<Jedis> replicas = new ArrayList<>();
            try {
                for (int s = 0; s < cluster.shardCount(); s++) {
                    for (Endpoint replica : cluster.shard(s).replicas()) {
                        replicas.add(ClusterFacts.connect(replica, null));
                    }
                }
                for (int round = 0; round < 20; round++) {
                    for (int s = 0; s < cluster.shardCount(); s++) {
                        try (Jedis master = ClusterFacts.connect(cluster.shard(s).haproxyMaster(), null)) {
                            Pipeline pipeline = master.pipelined();
                            for (int k = 0; k < KEYS_PER_SHARD; k++) {
                                pipeline.set("round-" + round + "-key-" + k, VALUE);
                            }
                            pipeline.sync();
                        }
                    }
                    for (Jedis replica : replicas) {
                        replica.sendCommand(Protocol.Command.CLIENT, "PAUSE", REPLICA_LAG_MILLIS, "WRITE");
                    }
                    cluster.flushAll();
                    List<Long> sizes = replicas.stream().map(Jedis::dbSize).toList();
                    assertThat(sizes).as("DBSIZE of every replica right after flushAll(), round %d", round)
                            .containsOnly(0L);
                }
            } finally {
                replicas.forEach(Jedis::close);
            }
        }
    }

    @Test
    void aReplicaThatCannotApplyTheFlushIsNamed() {
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(2)) {
            ClusterFacts.start(cluster);
            Node hung = cluster.shard(0).redisNode(2).pause();
            assertThatThrownBy(cluster::flushAll)
                    .isInstanceOf(RedisClusterException.class)
                    .hasMessageStartingWith("FLUSHALL on shard-0 redis-0 (replication offset ")
                    .hasMessageContaining("): shard-0 redis-2 (at ip=")
                    .hasMessageContaining("did not apply it within 10000 ms")
                    .hasMessageContaining("\n  node: shard-0 redis-0 (master at start, port ")
                    .satisfies(e -> assertThat(e.getMessage().lines().findFirst().orElseThrow())
                            .as("the replicas named as lagging").doesNotContain("shard-0 redis-1"));
            hung.unpause();
        }
    }
}
