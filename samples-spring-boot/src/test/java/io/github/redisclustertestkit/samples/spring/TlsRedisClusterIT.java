package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisClusterConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @RedisClusterConnection} on a native Redis Cluster that serves TLS only: the connection
 * details carry the cluster's SSL bundle, so Boot's cluster client reaches every slot's master over
 * TLS, redirections included, with no TLS setting in the application.
 */
@SpringBootTest
@RedisCluster(lifecycle = Lifecycle.SHARED, tls = Toggle.TRUE)
@RedisClusterConnection
class TlsRedisClusterIT {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Test
    void writesAcrossTheSlotsOfEveryMasterOverTls(RedisClusterContainer cluster, TlsMaterial tls) {
        assertThat(connectionFactory.getClientConfiguration().isUseSsl()).isTrue();
        assertThat(connectionFactory.getClusterConfiguration().getClusterNodes()).hasSize(cluster.nodes().size());
        TlsClusterChecks.writeToEveryMaster(redis, cluster, tls);
    }
}
