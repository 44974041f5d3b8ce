package io.github.redisclustertestkit;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code withUser} and {@code withDefaultUserDisabled}: clients connect as named users with their own
 * rules, a client that forgets its user name is refused, and replication, Sentinel, HAProxy's checks
 * and the library itself keep working as users of their own through a failover.
 */
class AclUsersIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TIMEOUT_MILLIS = 2000;

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    @Test
    void namedUsersBehindHaproxyWithTheDefaultUserOffSurviveAFailover() {
        try (RedisShardedClusterContainer cluster = new RedisShardedClusterContainer().withShards(1)
                .withReplicasPerShard(1).withSentinelsPerShard(3).withNetworkMode(ClusterFacts.NETWORK_MODE)
                .withUser("app", "app-secret", "~app:*", "+@all")
                .withDefaultUserDisabled(true)) {
            ClusterFacts.start(cluster);
            Shard shard = cluster.shard(0);
            Endpoint master = shard.haproxyMaster();

            try (Jedis app = client(master, "app", "app-secret")) {
                assertThat(app.set("app:greeting", "hello")).isEqualTo("OK");
                assertThatThrownBy(() -> app.set("other:key", "x")).as("a key outside the user's pattern")
                        .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
                // HAProxy's checks may do no more than they need.
                assertThat(app.aclGetUser("rct-haproxy").getCommands().split(" "))
                        .containsExactlyInAnyOrder("-@all", "+ping", "+info", "+quit");
                assertThat(app.aclGetUser("default").getFlags()).contains("off");
            }
            assertThatThrownBy(() -> {
                try (Jedis anonymous = client(master, null, null)) {
                    anonymous.get("app:greeting");
                }
            }).as("a client that forgets its user name").isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOAUTH");
            assertThatThrownBy(() -> {
                try (Jedis wrong = client(master, "app", "wrong")) {
                    wrong.ping();
                }
            }).as("a wrong password")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("WRONGPASS");

            Node old = shard.masterNode();
            old.kill();
            Node promoted = shard.awaitMasterChange(WAIT);
            assertThat(promoted.name()).isNotEqualTo(old.name());
            await("the app user writes through the master port after the failover").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (Jedis app = client(master, "app", "app-secret")) {
                    assertThat(app.get("app:greeting")).isEqualTo("hello");
                    assertThat(app.set("app:after", "failover")).isEqualTo("OK");
                }
            });
            // The old master rejoins as a replica: it authenticates to the new one as the replication user.
            cluster.heal(WAIT);
            assertThat(old.role()).isEqualTo("slave");
            cluster.awaitHealthy(WAIT);
        }
    }

    @Test
    void aTlsNativeClusterWithUsersFailsOverAndMovesASlot() {
        try (RedisClusterContainer cluster = new RedisClusterContainer().withTls(true)
                .withUser("app", "app-secret", "~*", "+@all").withDefaultUserDisabled(true)
                .withNetworkMode(ClusterFacts.NETWORK_MODE)) {
            cluster.start();
            ClusterFacts.remember(cluster.clusterId());
            TlsMaterial tls = cluster.tls();
            RedisClusterShard shard = cluster.shard(0);
            int slot = shard.firstSlot();
            String key = keyIn(slot);
            try (JedisCluster app = clusterClient(cluster, tls)) {
                app.set(key, "before");
            }
            // MIGRATE between nodes authenticates as the library's own user.
            cluster.migrateSlot(slot, cluster.shard(1));
            Node old = cluster.shard(1).masterNode();
            old.kill();
            cluster.shard(1).awaitMasterChange(WAIT);
            await("the app user reads the moved key from the failed-over master").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (JedisCluster app = clusterClient(cluster, tls)) {
                    assertThat(app.get(key)).isEqualTo("before");
                    app.set(key, "after");
                }
            });
        }
    }

    private static Jedis client(Endpoint endpoint, String user, String password) {
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), DefaultJedisClientConfig.builder()
                .user(user).password(password)
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build());
    }

    private static JedisCluster clusterClient(RedisClusterContainer cluster, TlsMaterial tls) {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(e -> new HostAndPort(e.host(), e.port()))
                .collect(Collectors.toSet());
        return new JedisCluster(seeds, DefaultJedisClientConfig.builder().user("app").password("app-secret")
                .ssl(true).sslSocketFactory(tls.sslSocketFactory()).timeoutMillis(TIMEOUT_MILLIS).build(), 5,
                new GenericObjectPoolConfig<>());
    }

    private static String keyIn(int slot) {
        for (int i = 0; i < 1_000_000; i++) {
            if (JedisClusterCRC16.getSlot("k" + i) == slot) {
                return "k" + i;
            }
        }
        throw new AssertionError("no key for slot " + slot);
    }
}
