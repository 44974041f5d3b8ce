package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import io.github.redisclustertestkit.spring.RedisShardProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without connection details, on the TLS shard of {@link TlsHaproxyModeIT}: {@link RedisShardProperties}
 * in SENTINEL mode adds {@code spring.data.redis.ssl.*} and the PEM bundle of the cluster's CA, and
 * Boot's Lettuce reaches the Sentinels and the master over TLS.
 */
@SpringBootTest
@RedisShardedCluster(shards = 1, replicasPerShard = 1, tls = Toggle.TRUE, lifecycle = Lifecycle.SHARED)
class TlsShardPropertiesIT {

    static RedisShardedClusterContainer cluster; // injected by @RedisShardedCluster before the context starts

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisShardProperties.register(registry, () -> cluster, 0, Mode.SENTINEL);
    }

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Test
    void writesThroughTheSentinelsOverTls(TlsMaterial tls) {
        assertThat(connectionFactory.getClientConfiguration().isUseSsl()).isTrue();
        assertThat(connectionFactory.getSentinelConfiguration().getMaster().getName())
                .isEqualTo(cluster.shard(0).masterName());

        redis.opsForValue().set("views:properties", "1");
        assertThat(TlsShardChecks.onTheMaster(cluster.shard(0), tls, "views:properties")).isEqualTo("1");
    }
}
