package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.HaproxyReplicas;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Jedis through HAProxy: writes on a shard's master port, reads on its replicas port. */
@RedisShardedCluster(shards = 1)
class JedisThroughHaproxyIT {

    @Test
    void writesOnTheMasterPortAreEventuallyReadOnTheReplicasPort(@HaproxyMaster Endpoint writes,
                                                                 @HaproxyReplicas Endpoint reads) {
        try (Jedis master = new Jedis(writes.host(), writes.port())) {
            master.set("profile:42", "alice");
        }
        // Replication is asynchronous: a replica may lag behind, so wait instead of sleeping.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Jedis replica = new Jedis(reads.host(), reads.port())) {
                assertThat(replica.get("profile:42")).isEqualTo("alice");
            }
        });
    }

    @Test
    void theReplicasPortRefusesWrites(@HaproxyReplicas Endpoint reads) {
        try (Jedis replica = new Jedis(reads.host(), reads.port())) {
            assertThatThrownBy(() -> replica.set("profile:42", "mallory"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("READONLY");
        }
    }
}
