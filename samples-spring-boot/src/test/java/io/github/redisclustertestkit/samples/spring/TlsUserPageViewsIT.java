package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spring.RedisShardConnection;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TlsPageViewsIT} on a shard with an ACL user and the default user off, as a production
 * deployment with named users has it: the same {@code @RedisShardConnection}, which connects the
 * application as the first declared user (its name and password in the connection details), over
 * mutual TLS. The inherited test serves and survives a master kill as that user; a client that names
 * no user is refused, so the views cannot have gone through the default user.
 */
// snippet:spring-boot-acl-user
@RedisShardedCluster(shards = 1, replicasPerShard = 2, mutualTls = Toggle.TRUE,
        users = "app s3cret ~views:* +@all", defaultUserDisabled = Toggle.TRUE)
@RedisShardConnection // connects as "app", the first declared user; user = "..." picks another
class TlsUserPageViewsIT extends TlsPageViewsIT {
// end:spring-boot-acl-user

    @Test
    void connectsAsTheDeclaredUserWhileTheDefaultUserIsOff(Shard shard, TlsMaterial tls) {
        assertThat(sentinelConfiguration().getUsername()).isEqualTo("app");
        assertThat(new PageViewsClient(port).view("users")).isEqualTo(1);

        try (Jedis anonymous = new Jedis(new HostAndPort(shard.master().host(), shard.master().port()),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslSocketFactory()).build())) {
            assertThatThrownBy(anonymous::ping).as("the default user is off: no way in without a user")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
            anonymous.auth("app", "s3cret");
            assertThat(anonymous.get("views:users")).as("the application's write, read as its user").isEqualTo("1");
        }
    }

    private RedisSentinelConfiguration sentinelConfiguration() {
        if (connectionFactory instanceof JedisConnectionFactory jedis) {
            return jedis.getSentinelConfiguration();
        }
        return ((LettuceConnectionFactory) connectionFactory).getSentinelConfiguration();
    }
}
