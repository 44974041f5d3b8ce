package io.github.redisclustertestkit.samples;

// snippet:cluster-ask
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.SlotMigration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisAskDataException;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client in the middle of a resharding: the old owner answers -ASK, a cluster client follows it. */
class SlotMigrationIT {

    @Test
    void aClusterClientFollowsAskWhileASlotMoves() {
        try (var cluster = new RedisClusterContainer()) {
            cluster.start();
            Set<HostAndPort> seeds = cluster.nodes().stream()
                    .map(node -> new HostAndPort(node.host(), node.port())).collect(Collectors.toSet());
            int slot = RedisClusterContainer.slotOf("{cart:42}");
            RedisClusterShard owner = cluster.shardOwning(slot);
            RedisClusterShard target = cluster.shard((owner.index() + 1) % cluster.masterCount());

            try (JedisCluster jedis = new JedisCluster(seeds)) {
                for (int i = 0; i < 10; i++) {
                    jedis.set("{cart:42}:item:" + i, "sku-" + i);
                }
                SlotMigration migration = cluster.beginMigration(slot, target); // half of the keys moved

                try (Jedis old = new Jedis(owner.master().host(), owner.master().port())) {
                    assertThatThrownBy(() -> old.get("{cart:42}:item:new")) // not on the old owner: ask the target
                            .isInstanceOf(JedisAskDataException.class);
                }
                for (int i = 0; i < 10; i++) {
                    assertThat(jedis.get("{cart:42}:item:" + i)).isEqualTo("sku-" + i); // follows ASK
                }
                jedis.set("{cart:42}:item:10", "sku-10"); // a new key goes to the target

                migration.complete();
                assertThat(cluster.shardOwning(slot).index()).isEqualTo(target.index());
                assertThat(jedis.get("{cart:42}:item:10")).isEqualTo("sku-10"); // follows MOVED
            }
        }
    }
}
// end:cluster-ask
