package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.OnShard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as a plain standalone client on shard 1's HAProxy master port, on a cluster of this
 * class's own (PER_CLASS): it serves, and after a master kill HAProxy takes it to the new master.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@RedisShardedCluster(shards = 2)
@RedisShardConnection(shard = 1, mode = Mode.HAPROXY)
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class HaproxyModeIT {

    private static final Logger log = LoggerFactory.getLogger(HaproxyModeIT.class);

    @Value("${local.server.port}")
    int port;
    @Autowired
    RedisConnectionFactory connectionFactory;

    @Test
    void servesThroughHaproxyAndFollowsTheMaster(@OnShard(1) Shard shard) {
        RedisStandaloneConfiguration standalone = ((JedisConnectionFactory) connectionFactory).getStandaloneConfiguration();
        assertThat(standalone.getPort()).isEqualTo(shard.haproxyMaster().port());

        PageViewsClient client = new PageViewsClient(port);
        assertThat(client.view("home")).as(client::lastFailure).isEqualTo(1);
        try (Viewer viewer = new Viewer(client, "home")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.confirmed().size() >= 5);
            shard.masterNode().kill();
            Instant killed = Instant.now();
            await("views confirmed again after the master was killed").atMost(PageViewsIT.RECOVERY_BOUND)
                    .pollInterval(Duration.ofMillis(50)).until(() -> viewer.confirmedAfter(killed) >= 5);
            log.info("HAProxy mode: views confirmed again {} ms after the master was killed",
                    viewer.firstConfirmedAfter(killed).toMillis());
        }
    }
}
