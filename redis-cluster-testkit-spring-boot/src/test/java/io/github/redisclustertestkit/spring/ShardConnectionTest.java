package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

class ShardConnectionTest {

    static final List<ShardEndpoints> TWO_SHARDS = List.of(shard(0), shard(1));

    static ShardEndpoints shard(int index) {
        int base = 7000 + 100 * index;
        return new ShardEndpoints(index, "shard-" + index, new Endpoint("127.0.0.1", base),
                new Endpoint("127.0.0.1", base + 1), new Endpoint("127.0.0.1", base + 10),
                List.of(new Endpoint("127.0.0.1", base + 11)),
                List.of(new Endpoint("127.0.0.1", base + 20), new Endpoint("127.0.0.1", base + 21)));
    }

    @Test
    void sentinelModeSetsMasterNameSentinelsAndPassword() {
        ShardConnection c = ShardConnection.of(TWO_SHARDS, "secret", 1, Mode.SENTINEL, "where");

        assertThat(c.properties()).containsExactly(
                entry("spring.data.redis.sentinel.master", "shard-1"),
                entry("spring.data.redis.sentinel.nodes", "127.0.0.1:7120,127.0.0.1:7121"),
                entry("spring.data.redis.password", "secret"));
    }

    @Test
    void haproxyModeIsStandaloneOnTheHaproxyMasterPort() {
        ShardConnection c = ShardConnection.of(TWO_SHARDS, null, 0, Mode.HAPROXY, "where");

        assertThat(c.properties()).containsExactly(
                entry("spring.data.redis.host", "127.0.0.1"),
                entry("spring.data.redis.port", "7000"));
    }

    @Test
    void everyPropertyOfAModeIsAmongItsNames() {
        for (Mode mode : Mode.values()) {
            assertThat(ShardConnection.propertyNames(mode))
                    .containsAll(ShardConnection.of(TWO_SHARDS, "p", 0, mode, "where").properties().keySet());
        }
    }

    @Test
    void aShardThatDoesNotExistNamesTheAttributeAndTheFix() {
        assertThatIllegalStateException()
                .isThrownBy(() -> ShardConnection.of(TWO_SHARDS, null, 2, Mode.SENTINEL, "@RedisShardConnection on FooIT"))
                .withMessage("@RedisShardConnection on FooIT is invalid: shard = 2 does not exist, the cluster has"
                        + " shards 0..1; set shard to one of those, or start more shards with"
                        + " @RedisShardedCluster(shards = 3)");
        assertThatIllegalStateException()
                .isThrownBy(() -> ShardConnection.of(List.of(shard(0)), null, -1, Mode.HAPROXY, "where"))
                .withMessage("where is invalid: shard = -1 does not exist, the cluster has shard 0 only; set shard to"
                        + " one of those");
    }
}
