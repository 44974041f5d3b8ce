package io.github.redisclustertestkit.samples;

// snippet:tls-jedis-cluster
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Toggle;
import io.github.redisclustertestkit.junit5.Seeds;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A native Redis Cluster over TLS: JedisCluster follows MOVED to TLS ports, as the nodes announce them. */
@RedisCluster(tls = Toggle.TRUE)
class JedisClusterTlsIT {

    @Test
    void writesAcrossEverySlotOverTls(@Seeds List<Endpoint> nodes, TlsMaterial tls) {
        Set<HostAndPort> seeds = nodes.stream().map(n -> new HostAndPort(n.host(), n.port())).collect(Collectors.toSet());
        try (JedisCluster jedis = new JedisCluster(seeds, DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(tls.sslSocketFactory()).build())) {
            for (int i = 0; i < 100; i++) {
                jedis.set("user:" + i, "name " + i); // spread over the three masters
            }
            assertThat(jedis.get("user:42")).isEqualTo("name 42");
        }
    }
}
// end:tls-jedis-cluster
