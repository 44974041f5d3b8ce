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
import redis.clients.jedis.exceptions.JedisAccessControlException;
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
 * Jedis with Sentinel over TLS, as a named ACL user with the default user off: JedisSentinelPool asks
 * the Sentinels over TLS, connects to the master over TLS as its user, and follows a failover to the
 * new master. A client without the CA, without TLS or without its user is refused, and so is a
 * command outside the user's rules.
 */
// snippet:tls-jedis-sentinel
@RedisShardedCluster(shards = 1, tls = Toggle.TRUE,
        users = "app s3cret ~cart:* +@all -@dangerous", defaultUserDisabled = Toggle.TRUE)
class JedisSentinelTlsIT {

    @Test
    void thePoolFollowsAFailoverOverTlsAsItsUser(Shard shard, TlsMaterial tls) {
        // The Sentinels take no password: only the nodes have users. So the pool's Sentinel config
        // is TLS alone, and its master config is TLS and the app user.
        JedisClientConfig sentinelConfig = overTls(tls).build();
        JedisClientConfig masterConfig = overTls(tls).user("app").password("s3cret").build();
        Set<HostAndPort> sentinels = shard.sentinels().stream()
                .map(s -> new HostAndPort(s.host(), s.port())).collect(Collectors.toSet());
        try (JedisSentinelPool pool = new JedisSentinelPool(shard.masterName(), sentinels, masterConfig, sentinelConfig)) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("cart:7", "3 items");
                assertThat(jedis.waitReplicas(shard.replicas().size(), 2000))
                        .as("replicas that have cart:7 before the kill").isEqualTo(shard.replicas().size());
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

    /** TLS trusting the cluster's CA only: the Sentinels and the nodes serve nothing else. */
    private static DefaultJedisClientConfig.Builder overTls(TlsMaterial tls) {
        return DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslSocketFactory());
    }
    // end:tls-jedis-sentinel

    // snippet:acl-jedis-refusals
    @Test
    void aClientWithoutItsUserIsRefused(Shard shard, TlsMaterial tls) {
        HostAndPort master = new HostAndPort(shard.master().host(), shard.master().port());

        // The default user is off, so a connection that names no user is never authenticated.
        assertThatThrownBy(() -> {
            try (Jedis anonymous = new Jedis(master, overTls(tls).build())) {
                anonymous.get("cart:7");
            }
        }).isInstanceOf(JedisAccessControlException.class).hasMessageStartingWith("NOAUTH");
        // The right password without the user name is the default user's AUTH, which the node refuses.
        assertThatThrownBy(() -> {
            try (Jedis passwordOnly = new Jedis(master, overTls(tls).password("s3cret").build())) {
                passwordOnly.get("cart:7");
            }
        }).isInstanceOf(JedisAccessControlException.class).hasMessageStartingWith("WRONGPASS");
    }

    @Test
    void whatTheUsersRulesLeaveOutIsRefused(Shard shard, TlsMaterial tls) {
        HostAndPort master = new HostAndPort(shard.master().host(), shard.master().port());
        try (Jedis app = new Jedis(master, overTls(tls).user("app").password("s3cret").build())) {
            // -@dangerous takes FLUSHALL away, ~cart:* every key outside the carts.
            assertThatThrownBy(app::flushAll).isInstanceOf(JedisAccessControlException.class)
                    .hasMessageStartingWith("NOPERM");
            assertThatThrownBy(() -> app.set("order:7", "paid")).isInstanceOf(JedisAccessControlException.class)
                    .hasMessageStartingWith("NOPERM");
        }
    }
    // end:acl-jedis-refusals

    // snippet:tls-wrong-ca
    @Test
    void aClientThatDoesNotTrustTheClustersCaIsRefused(Shard shard) {
        Endpoint master = shard.master();
        // ssl(true) with no socket factory: the JVM's default trust store, which knows nothing of
        // the CA the cluster made for itself. The handshake fails before the user would matter.
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
