package io.github.redisclustertestkit.samples;

// snippet:partition-quickstart
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IsolatedMasterIT {

    @Test
    void writesToAnIsolatedMasterAreLostWhenItRejoins() {
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withNetworkFaults(true)) {
            cluster.start();
            Shard shard = cluster.shard(0);
            Node oldMaster = shard.masterNode();

            cluster.network().isolate(oldMaster);       // cut from every Redis node and Sentinel, both ways
            try (Jedis client = new Jedis(oldMaster.endpoint().host(), oldMaster.endpoint().port())) {
                // The test's own connection comes from 127.0.0.1, which no rule names: it gets through.
                assertThat(client.set("order:1", "paid")).isEqualTo("OK"); // the isolated master still says OK
            }
            Node newMaster = shard.awaitMasterChange(oldMaster, Duration.ofSeconds(30)); // a replica is promoted

            cluster.network().heal();                   // the old master rejoins as a replica...
            shard.awaitHealthy(Duration.ofSeconds(30));
            try (Jedis client = new Jedis(newMaster.endpoint().host(), newMaster.endpoint().port())) {
                assertThat(client.get("order:1")).isNull(); // ...and the write it acknowledged is gone
            }
        }
    }
}
// end:partition-quickstart
