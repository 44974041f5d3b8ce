package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce Master/Replica through Sentinel ({@code redis-sentinel://}) over TLS, trusting the
 * cluster's CA from its PEM file: writes go on after the master is killed.
 */
@RedisShardedCluster(shards = 1, tls = Toggle.TRUE)
class LettuceSentinelTlsIT {

    private RedisClient client;
    private StatefulRedisMasterReplicaConnection<String, String> connection;

    @BeforeEach
    void connect(Shard shard, TlsMaterial tls) {
        // snippet:tls-lettuce-sentinel
        Endpoint first = shard.sentinels().get(0);
        RedisURI.Builder uri = RedisURI.Builder.sentinel(first.host(), first.port(), shard.masterName())
                .withTimeout(Duration.ofSeconds(2));
        shard.sentinels().subList(1, shard.sentinels().size()).forEach(s -> uri.withSentinel(s.host(), s.port()));
        // After the sentinels: withSsl(true) turns TLS on for the Sentinels added so far, and for the
        // nodes they name.
        uri.withSsl(true);

        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().trustManager(tls.caCertificateFile().toFile()).build())
                .build());
        connection = MasterReplica.connect(client, StringCodec.UTF8, uri.build());
        // end:tls-lettuce-sentinel
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void writesGoOnAfterTheMasterIsKilled(Shard shard) {
        assertThat(connection.sync().set("session:1", "open")).isEqualTo("OK");
        assertThat(connection.sync().waitForReplication(shard.replicas().size(), 2000))
                .as("replicas that have session:1 before the kill").isEqualTo((long) shard.replicas().size());

        shard.masterNode().kill();
        shard.awaitMasterChange(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> "OK".equals(connection.sync().set("session:2", "open")));
        assertThat(connection.sync().get("session:1")).isEqualTo("open");
    }
}
