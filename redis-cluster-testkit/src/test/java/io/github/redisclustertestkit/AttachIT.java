package io.github.redisclustertestkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster that another process started, attached to by its id: the CLI's fault verbs work this
 * way. Here the "other process" is a second handle built only from the containers' labels.
 */
class AttachIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(ClusterFacts.leftoverContainers()).isEmpty();
    }

    @Test
    void anAttachedHandleBreaksAndWaitsLikeTheOwnerAndCloseLeavesTheClusterRunning() {
        try (var owner = ClusterFacts.newCluster().withShards(2).withPassword("pw")) {
            ClusterFacts.start(owner);
            Node oldMaster = owner.shard(1).masterNode();

            try (var attached = RedisShardedClusterContainer.attach(owner.clusterId())) {
                assertThat(attached.clusterId()).isEqualTo(owner.clusterId());
                assertThat(attached.networkMode()).isEqualTo(owner.networkMode());
                assertThat(attached.spec()).isEqualTo(owner.spec().validate());
                assertThat(attached.endpoints()).isEqualTo(owner.endpoints());
                assertThat(attached.serverVersion()).isEqualTo(owner.serverVersion());

                Node newMaster = attached.shard(1).failover(WAIT);
                assertThat(newMaster.name()).isNotEqualTo(oldMaster.name());
                // Done as for the owner's own failover(): HAProxy already routes writes to the new master.
                Endpoint writes = owner.shard(1).haproxyMaster();
                try (Jedis jedis = new Jedis(writes.host(), writes.port())) {
                    jedis.auth("pw");
                    assertThat(jedis.info("replication")).contains("role:master");
                }
                assertThat(owner.shard(1).masterNode().name()).isEqualTo(newMaster.name());

                attached.shard(0).replicaNodes().get(0).stop();
                attached.heal(WAIT);
            }

            assertThat(owner.isRunning()).isTrue();
            owner.awaitHealthy(WAIT);
            assertThat(owner.shard(0).replicaNodes()).allMatch(Node::isRunning);
        }
    }

    @Test
    void attachingToAClusterThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> RedisShardedClusterContainer.attach("nosuch00"))
                .isExactlyInstanceOf(RedisClusterException.class)
                .hasMessage("no cluster nosuch00 exists on this Docker engine");
    }
}
