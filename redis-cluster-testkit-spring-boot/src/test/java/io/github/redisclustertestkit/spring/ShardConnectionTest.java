package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
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
        ShardConnection c = ShardConnection.of(TWO_SHARDS, null, "secret", null, 1, Mode.SENTINEL, "where");

        assertThat(c.properties()).containsExactly(
                entry("spring.data.redis.sentinel.master", "shard-1"),
                entry("spring.data.redis.sentinel.nodes", "127.0.0.1:7120,127.0.0.1:7121"),
                entry("spring.data.redis.password", "secret"));
    }

    @Test
    void aUserComesWithItsPasswordInEitherMode() {
        assertThat(ShardConnection.of(TWO_SHARDS, "app", "s3cret", null, 1, Mode.SENTINEL, "where").properties())
                .containsExactly(
                        entry("spring.data.redis.sentinel.master", "shard-1"),
                        entry("spring.data.redis.sentinel.nodes", "127.0.0.1:7120,127.0.0.1:7121"),
                        entry("spring.data.redis.username", "app"),
                        entry("spring.data.redis.password", "s3cret"));
        assertThat(ShardConnection.of(TWO_SHARDS, "app", "s3cret", null, 0, Mode.HAPROXY, "where").properties())
                .containsEntry("spring.data.redis.username", "app").containsEntry("spring.data.redis.password", "s3cret");
    }

    @Test
    void haproxyModeIsStandaloneOnTheHaproxyMasterPort() {
        ShardConnection c = ShardConnection.of(TWO_SHARDS, null, null, null, 0, Mode.HAPROXY, "where");

        assertThat(c.properties()).containsExactly(
                entry("spring.data.redis.host", "127.0.0.1"),
                entry("spring.data.redis.port", "7000"));
    }

    @Test
    void aTlsShardAddsTheBundleOfItsFiles() {
        ClientTls tls = new ClientTls(Path.of("/tls/ca.crt"), Path.of("/tls/client.crt"), Path.of("/tls/client.key"));
        ShardConnection c = ShardConnection.of(TWO_SHARDS, null, null, tls, 0, Mode.HAPROXY, "where");

        assertThat(c.properties()).containsExactly(
                entry("spring.data.redis.host", "127.0.0.1"),
                entry("spring.data.redis.port", "7000"),
                entry("spring.data.redis.ssl.enabled", "true"),
                entry("spring.data.redis.ssl.bundle", "redis-cluster-testkit"),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.truststore.certificate", "file:///tls/ca.crt"),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.keystore.certificate", "file:///tls/client.crt"),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.keystore.private-key", "file:///tls/client.key"));
    }

    @Test
    void everyPropertyOfAModeIsAmongItsNames() {
        ClientTls tls = new ClientTls(Path.of("/tls/ca.crt"), Path.of("/tls/client.crt"), Path.of("/tls/client.key"));
        for (Mode mode : Mode.values()) {
            for (ClientTls t : Arrays.asList(null, tls)) {
                assertThat(ShardConnection.propertyNames(mode))
                        .containsAll(ShardConnection.of(TWO_SHARDS, "u", "p", t, 0, mode, "where").properties().keySet());
            }
        }
    }

    @Test
    void aShardThatDoesNotExistNamesTheAttributeAndTheFix() {
        assertThatIllegalStateException()
                .isThrownBy(() -> ShardConnection.of(TWO_SHARDS, null, null, null, 2, Mode.SENTINEL, "@RedisShardConnection on FooIT"))
                .withMessage("@RedisShardConnection on FooIT is invalid: shard = 2 does not exist, the cluster has"
                        + " shards 0..1; set shard to one of those, or start more shards with"
                        + " @RedisShardedCluster(shards = 3)");
        assertThatIllegalStateException()
                .isThrownBy(() -> ShardConnection.of(List.of(shard(0)), null, null, null, -1, Mode.HAPROXY, "where"))
                .withMessage("where is invalid: shard = -1 does not exist, the cluster has shard 0 only; set shard to"
                        + " one of those");
    }
}
