package io.github.redisclustertestkit.samples;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce Master/Replica through Sentinel ({@code redis-sentinel://}) over TLS, trusting the
 * cluster's CA from its PEM file, as a named ACL user with the default user off: writes go on after
 * the master is killed; a URI without the user, and a command outside the user's rules, are refused.
 */
@RedisShardedCluster(shards = 1, tls = Toggle.TRUE,
        users = "app s3cret ~session:* +@all -@dangerous", defaultUserDisabled = Toggle.TRUE)
class LettuceSentinelTlsIT {

    private RedisClient client;
    private StatefulRedisMasterReplicaConnection<String, String> connection;

    // snippet:tls-lettuce-sentinel
    @BeforeEach
    void connect(Shard shard, TlsMaterial tls) {
        RedisURI uri = sentinelsOverTls(shard)
                // The nodes' user. The Sentinels take no password, and Lettuce sends these credentials
                // to the nodes only, never to a Sentinel.
                .withAuthentication("app", "s3cret")
                .build();

        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().trustManager(tls.caCertificateFile().toFile()).build())
                .build());
        connection = MasterReplica.connect(client, StringCodec.UTF8, uri);
    }

    private static RedisURI.Builder sentinelsOverTls(Shard shard) {
        Endpoint first = shard.sentinels().get(0);
        RedisURI.Builder uri = RedisURI.Builder.sentinel(first.host(), first.port(), shard.masterName())
                .withTimeout(Duration.ofSeconds(2));
        shard.sentinels().subList(1, shard.sentinels().size()).forEach(s -> uri.withSentinel(s.host(), s.port()));
        // After the sentinels: withSsl(true) turns TLS on for the Sentinels added so far, and for the
        // nodes they name.
        return uri.withSsl(true);
    }
    // end:tls-lettuce-sentinel

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

    // snippet:acl-lettuce-refusals
    @Test
    void whatTheUsersRulesLeaveOutIsRefused() {
        // -@dangerous takes FLUSHALL away, ~session:* every key outside the sessions.
        assertThatThrownBy(() -> connection.sync().flushall())
                .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
        assertThatThrownBy(() -> connection.sync().set("order:7", "paid"))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
    }

    @Test
    void aUriWithoutTheUserIsRefused(Shard shard) {
        // The Sentinels answer, but the default user is off: each node refuses the connection's
        // HELLO with NOAUTH, and connect() fails with one suppressed exception per node.
        Throwable refused = catchThrowable(() -> {
            try (var anonymous = MasterReplica.connect(client, StringCodec.UTF8, sentinelsOverTls(shard).build())) {
                anonymous.sync().get("session:1");
            }
        });

        assertThat(refused).isInstanceOf(RedisConnectionException.class);
        assertThat(causesAndSuppressed(refused)).as("what %s carries", refused)
                .anySatisfy(cause -> assertThat(cause).isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessageStartingWith("NOAUTH"));
    }

    private static Stream<Throwable> causesAndSuppressed(Throwable t) {
        return Stream.concat(Stream.of(t), Stream.concat(Stream.ofNullable(t.getCause()), Arrays.stream(t.getSuppressed()))
                .flatMap(LettuceSentinelTlsIT::causesAndSuppressed));
    }
    // end:acl-lettuce-refusals
}
