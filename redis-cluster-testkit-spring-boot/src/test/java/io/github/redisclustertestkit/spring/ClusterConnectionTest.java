package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A native Redis Cluster's connection: the cluster kind of details on both Boots, and the same as properties. */
class ClusterConnectionTest {

    static final List<Endpoint> NODES = List.of(new Endpoint("127.0.0.1", 7200), new Endpoint("127.0.0.1", 7201),
            new Endpoint("127.0.0.1", 7202));

    @Test
    void boot3DetailsAreOfTheClusterKind() {
        RedisConnectionDetails details = new Boot3ClusterConnectionDetails(new ClusterConnection(NODES, "secret"));

        assertThat(details.getCluster().getNodes()).containsExactly(new RedisConnectionDetails.Node("127.0.0.1", 7200),
                new RedisConnectionDetails.Node("127.0.0.1", 7201), new RedisConnectionDetails.Node("127.0.0.1", 7202));
        assertThat(details.getPassword()).isEqualTo("secret");
        assertThat(details.getUsername()).isNull();
        assertThat(details.getSentinel()).isNull();
        assertThat(details.getStandalone()).as("Boot picks the first kind that is set").isNull();
    }

    @Test
    void boot4DetailsAreOfTheClusterKind() {
        DataRedisConnectionDetails details = new Boot4ClusterConnectionDetails(new ClusterConnection(NODES, null));

        assertThat(details.getCluster().getNodes()).containsExactly(
                new DataRedisConnectionDetails.Node("127.0.0.1", 7200),
                new DataRedisConnectionDetails.Node("127.0.0.1", 7201),
                new DataRedisConnectionDetails.Node("127.0.0.1", 7202));
        assertThat(details.getPassword()).isNull();
        assertThat(details.getSentinel()).isNull();
        assertThat(details.getStandalone()).isNull();
        assertThat(details.getMasterReplica()).isNull();
    }

    @Test
    void thePropertiesNameEveryNodeAndThePasswordOnlyIfSet() {
        assertThat(new ClusterConnection(NODES, "secret").properties()).containsExactly(
                Map.entry("spring.data.redis.cluster.nodes", "127.0.0.1:7200,127.0.0.1:7201,127.0.0.1:7202"),
                Map.entry("spring.data.redis.password", "secret"));
        assertThat(new ClusterConnection(NODES, null).properties()).containsOnlyKeys("spring.data.redis.cluster.nodes");
    }

    @Test
    void theTypeOnTheClasspathIsPicked() {
        ClusterConnection connection = new ClusterConnection(NODES, null);
        assertThat(ShardConnectionContextCustomizer.connectionDetails(() -> new Boot4ClusterConnectionDetails(connection),
                () -> new Boot3ClusterConnectionDetails(connection), getClass().getClassLoader(), "where"))
                .isInstanceOf(Boot4ClusterConnectionDetails.class);
    }
}
