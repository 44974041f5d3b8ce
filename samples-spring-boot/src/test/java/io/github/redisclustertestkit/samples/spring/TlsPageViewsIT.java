package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The page-view service on a shard that serves mutual TLS only, through its Sentinels: the same
 * {@code @RedisShardConnection} as on a plain shard, no TLS setting in the application. Its
 * connection details carry the cluster's SSL bundle, so Boot's client trusts the cluster's CA and
 * presents the client certificate, to the Sentinels and to the nodes; it serves, and it recovers by
 * itself when the master is killed, without losing a view it confirmed.
 */
// snippet:spring-boot-tls
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@RedisShardedCluster(shards = 1, replicasPerShard = 2, mutualTls = Toggle.TRUE) // or tls = Toggle.TRUE
@RedisShardConnection // as for a plain shard: the details carry the cluster's SslBundle
class TlsPageViewsIT {
// end:spring-boot-tls

    private static final Logger log = LoggerFactory.getLogger(TlsPageViewsIT.class);

    @Value("${local.server.port}")
    int port;
    @Value("${spring.data.redis.client-type:lettuce}")
    String clientType;
    @Autowired
    RedisConnectionFactory connectionFactory;

    @Test
    void servesOverMutualTlsAndRecoversFromAMasterKill(Shard shard, TlsMaterial tls) {
        assertThat(tls.hasClientCertificate()).isTrue();
        assertThat(usesSsl(connectionFactory)).as("Boot's %s client uses TLS", clientType).isTrue();
        Endpoint master = shard.master();
        assertThatThrownBy(() -> {
            try (Jedis plain = new Jedis(master.host(), master.port(), 2000)) {
                plain.ping();
            }
        }).as("the shard takes no plain client: the views below went over TLS")
                .isInstanceOf(JedisConnectionException.class);

        PageViewsClient client = new PageViewsClient(port);
        assertThat(client.view("home")).as(client::lastFailure).isEqualTo(1);
        Viewer viewer = new Viewer(client, "home");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.confirmed().size() >= 20);
            shard.masterNode().kill();
            Instant killed = Instant.now();
            await("views confirmed again after the master was killed").atMost(PageViewsIT.RECOVERY_BOUND)
                    .pollInterval(Duration.ofMillis(50)).until(() -> viewer.confirmedAfter(killed) >= 5);
            log.info("{} over mutual TLS: views confirmed again {} ms after the master was killed", clientType,
                    viewer.firstConfirmedAfter(killed).toMillis());
        } finally {
            viewer.close();
        }

        List<Long> counts = viewer.confirmed().stream().map(Viewer.Confirmed::count).toList();
        assertThat(counts).as("no confirmed view lost").doesNotHaveDuplicates();
        long highest = counts.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.views("home") >= highest);
    }

    private static boolean usesSsl(RedisConnectionFactory factory) {
        if (factory instanceof JedisConnectionFactory jedis) {
            return jedis.getClientConfiguration().isUseSsl();
        }
        return ((LettuceConnectionFactory) factory).getClientConfiguration().isUseSsl();
    }
}
