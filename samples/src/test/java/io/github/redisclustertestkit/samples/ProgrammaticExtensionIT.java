package io.github.redisclustertestkit.samples;

// snippet:junit-register-extension
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.junit5.RedisShardedClusterExtension;
import io.github.redisclustertestkit.spec.Routing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammaticExtensionIT {

    @RegisterExtension
    static RedisShardedClusterExtension redis = RedisShardedClusterExtension.builder()
            .withShards(1)
            .withDownAfter(Duration.ofSeconds(2))        // what the annotation spells downAfterMillis = 2000
            .withRouting(Routing.SENTINEL_AGREED)
            .withRedisConf("maxmemory-policy allkeys-lru")
            .reset(Reset.NONE)                           // keep data between tests
            .build();

    @Test
    void writesThroughTheMasterPort(@HaproxyMaster Endpoint writes) {
        try (Jedis jedis = new Jedis(writes.host(), writes.port())) {
            assertThat(jedis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(jedis.set("session:1", "alice")).isEqualTo("OK");
        }
    }
}
// end:junit-register-extension
