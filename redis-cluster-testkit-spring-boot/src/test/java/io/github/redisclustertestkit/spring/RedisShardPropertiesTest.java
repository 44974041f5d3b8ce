package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class RedisShardPropertiesTest {

    @Test
    void registersTheModesPropertiesAndReadsTheClusterOnceWhenTheContextAsks() {
        Map<String, Supplier<Object>> registry = new LinkedHashMap<>();
        AtomicInteger lookups = new AtomicInteger();

        RedisShardProperties.register(registry::put, Mode.SENTINEL, () -> {
            lookups.incrementAndGet();
            return ConnectionDetailsTest.connection(Mode.SENTINEL);
        });

        assertThat(lookups).as("nothing is read before the context starts").hasValue(0);
        assertThat(registry.keySet()).startsWith("spring.data.redis.sentinel.master",
                "spring.data.redis.sentinel.nodes", "spring.data.redis.username", "spring.data.redis.password");
        assertThat(registry.get("spring.data.redis.sentinel.master").get()).isEqualTo("shard-1");
        assertThat(registry.get("spring.data.redis.sentinel.nodes").get()).isEqualTo("127.0.0.1:7120,127.0.0.1:7121");
        assertThat(registry.get("spring.data.redis.password").get()).isEqualTo("secret");
        assertThat(registry.get("spring.data.redis.username").get()).as("the default user: no name").isNull();
        assertThat(registry.get("spring.data.redis.ssl.bundle").get()).as("a plain cluster: no such property").isNull();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aUserIsRegisteredWithItsPassword() {
        Map<String, Supplier<Object>> registry = new LinkedHashMap<>();

        RedisShardProperties.register(registry::put, Mode.HAPROXY, () -> ShardConnection.of(
                ShardConnectionTest.TWO_SHARDS, "app", "s3cret", null, 0, Mode.HAPROXY, "where"));

        assertThat(registry.get("spring.data.redis.username").get()).isEqualTo("app");
        assertThat(registry.get("spring.data.redis.password").get()).isEqualTo("s3cret");
    }

    @Test
    void aTlsClusterRegistersItsBundle() {
        Map<String, Supplier<Object>> registry = new LinkedHashMap<>();

        RedisShardProperties.register(registry::put, Mode.SENTINEL, () -> ConnectionDetailsTest.tlsConnection(Mode.SENTINEL));

        assertThat(registry.get("spring.data.redis.ssl.enabled").get()).isEqualTo("true");
        assertThat(registry.get("spring.data.redis.ssl.bundle").get()).isEqualTo("redis-cluster-testkit");
        assertThat(registry.get("spring.ssl.bundle.pem.redis-cluster-testkit.truststore.certificate").get())
                .isEqualTo("file:///tls/ca.crt");
        assertThat(registry.get("spring.ssl.bundle.pem.redis-cluster-testkit.keystore.private-key").get())
                .isEqualTo("file:///tls/client.key");
    }

    @Test
    void haproxyModeRegistersHostAndPort() {
        Map<String, Supplier<Object>> registry = new LinkedHashMap<>();

        RedisShardProperties.register(registry::put, Mode.HAPROXY, () -> ConnectionDetailsTest.connection(Mode.HAPROXY));

        assertThat(registry.keySet()).startsWith("spring.data.redis.host", "spring.data.redis.port",
                "spring.data.redis.username", "spring.data.redis.password");
        assertThat(registry.get("spring.data.redis.port").get()).isEqualTo("7100");
    }
}
