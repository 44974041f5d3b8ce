package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Node;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lettuce Master/Replica through Sentinel ({@code redis-sentinel://}) reading from replicas. */
@RedisShardedCluster(shards = 1)
class LettuceMasterReplicaIT {

    private RedisClient client;
    private StatefulRedisMasterReplicaConnection<String, String> connection;

    @BeforeEach
    void connect(Shard shard) {
        Endpoint first = shard.sentinels().get(0);
        RedisURI.Builder uri = RedisURI.Builder.sentinel(first.host(), first.port(), shard.masterName())
                .withTimeout(Duration.ofSeconds(2));
        shard.sentinels().subList(1, shard.sentinels().size()).forEach(s -> uri.withSentinel(s.host(), s.port()));
        client = RedisClient.create();
        connection = MasterReplica.connect(client, StringCodec.UTF8, uri.build());
        connection.setReadFrom(ReadFrom.REPLICA);
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void readsGoToReplicas(Shard shard) {
        connection.sync().set("session:1", "open");
        await().atMost(Duration.ofSeconds(5)).until(() -> "open".equals(connection.sync().get("session:1")));

        // With every replica stopped, writes still work and reads have nowhere to go.
        List<Node> replicas = shard.replicaNodes();
        replicas.forEach(Node::stop);
        assertThat(connection.sync().set("session:2", "open")).isEqualTo("OK");
        assertThatThrownBy(() -> connection.sync().get("session:1")).isInstanceOf(RedisException.class);
    }

    @Test
    void survivesAFailover(Shard shard) {
        connection.sync().set("session:3", "open");
        shard.failover();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> "OK".equals(connection.sync().set("session:4", "open")));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> "open".equals(connection.sync().get("session:3")));
    }
}
