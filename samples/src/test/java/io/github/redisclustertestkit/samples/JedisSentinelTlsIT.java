package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

import javax.net.ssl.SSLHandshakeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Jedis with Sentinel over TLS: JedisSentinelPool asks the Sentinels over TLS, connects to the
 * master over TLS, and follows a failover to the new master.
 */
// snippet:tls-jedis-sentinel
@RedisShardedCluster(shards = 1, tls = Toggle.TRUE)
class JedisSentinelTlsIT {

    @Test
    void thePoolFollowsAFailoverOverTls(Shard shard, TlsMaterial tls) {
        // One config serves both: the Sentinels and the nodes all serve TLS only, with the cluster's CA.
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(tls.sslSocketFactory()).build();
        Set<HostAndPort> sentinels = shard.sentinels().stream()
                .map(s -> new HostAndPort(s.host(), s.port())).collect(Collectors.toSet());
        try (JedisSentinelPool pool = new JedisSentinelPool(shard.masterName(), sentinels, config, config)) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("cart:7", "3 items");
                jedis.waitReplicas(shard.replicas().size(), 2000); // every replica has it before the kill
            }

            shard.masterNode().kill();
            int newMaster = shard.awaitMasterChange(Duration.ofSeconds(30)).endpoint().port();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.getCurrentHostMaster().getPort() == newMaster);
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.get("cart:7")).isEqualTo("3 items");
                assertThat(jedis.set("cart:7", "4 items")).isEqualTo("OK");
            }
        }
    }
    // end:tls-jedis-sentinel

    // snippet:tls-wrong-ca
    @Test
    void aClientThatDoesNotTrustTheClustersCaIsRefused(Shard shard) {
        Endpoint master = shard.master();
        // ssl(true) with no socket factory: the JVM's default trust store, which knows nothing of
        // the CA the cluster made for itself.
        JedisClientConfig defaultTrust = DefaultJedisClientConfig.builder().ssl(true).build();

        Throwable refused = catchThrowable(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort(master.host(), master.port()), defaultTrust)) {
                jedis.ping();
            }
        });

        assertThat(refused).isInstanceOf(JedisConnectionException.class);
        assertThat(Stream.iterate(refused, Objects::nonNull, Throwable::getCause))
                .as("the causes of %s", refused)
                .anySatisfy(cause -> assertThat(cause).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("unable to find valid certification path"));
    }

    @Test
    void aPlainClientIsRefused(Shard shard) {
        Endpoint master = shard.master();
        try (Jedis plain = new Jedis(master.host(), master.port())) {
            // The node reads the plain command as a broken TLS handshake and closes the connection.
            assertThatThrownBy(plain::ping).isInstanceOf(JedisConnectionException.class);
        }
    }
    // end:tls-wrong-ca
// snippet:tls-jedis-sentinel
}
// end:tls-jedis-sentinel
