package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisClusterProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without connection details, on the same TLS cluster as {@link TlsRedisClusterIT} (an equal shared
 * {@code @RedisCluster}): {@link RedisClusterProperties} adds {@code spring.data.redis.ssl.*} and a
 * PEM bundle of the cluster's files under {@code spring.ssl.bundle.pem.*}, which Boot binds and uses.
 */
@SpringBootTest
@RedisCluster(lifecycle = Lifecycle.SHARED, tls = Toggle.TRUE)
class TlsRedisClusterPropertiesIT {

    static RedisClusterContainer cluster; // injected by @RedisCluster before the context starts

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisClusterProperties.register(registry, () -> cluster);
    }

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory connectionFactory;
    @Autowired
    Environment environment;

    @Test
    void writesAcrossTheSlotsOfEveryMasterOverTls(TlsMaterial tls) {
        assertThat(environment.getProperty("spring.data.redis.ssl.bundle")).isEqualTo("redis-cluster-testkit");
        assertThat(connectionFactory.getClientConfiguration().isUseSsl()).isTrue();
        TlsClusterChecks.writeToEveryMaster(redis, cluster, tls);
    }
}
