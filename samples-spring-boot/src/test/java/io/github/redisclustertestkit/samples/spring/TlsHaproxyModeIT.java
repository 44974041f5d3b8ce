package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @RedisShardConnection(mode = HAPROXY)} on a TLS shard, with Jedis: HAProxy passes TLS
 * through, so the standalone client does TLS with the master behind the master port, with the
 * bundle of the connection details. Shares its cluster with {@link TlsShardPropertiesIT}.
 */
@SpringBootTest
@RedisShardedCluster(shards = 1, replicasPerShard = 1, tls = Toggle.TRUE, lifecycle = Lifecycle.SHARED)
@RedisShardConnection(mode = Mode.HAPROXY)
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class TlsHaproxyModeIT {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisConnectionFactory connectionFactory;

    @Test
    void writesThroughTheMasterPortOverTls(Shard shard, TlsMaterial tls) {
        JedisConnectionFactory jedis = (JedisConnectionFactory) connectionFactory;
        assertThat(jedis.getClientConfiguration().isUseSsl()).isTrue();
        assertThat(jedis.getStandaloneConfiguration().getPort()).isEqualTo(shard.haproxyMaster().port());

        redis.opsForValue().set("views:haproxy", "1");
        assertThat(TlsShardChecks.onTheMaster(shard, tls, "views:haproxy")).isEqualTo("1");
    }
}
