package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A native Redis Cluster's connection: the cluster kind of details on both Boots, and the same as properties. */
class ClusterConnectionTest {

    static final List<Endpoint> NODES = List.of(new Endpoint("127.0.0.1", 7200), new Endpoint("127.0.0.1", 7201),
            new Endpoint("127.0.0.1", 7202));

    @Test
    void boot3DetailsAreOfTheClusterKind() {
        RedisConnectionDetails details = new Boot3ClusterConnectionDetails(new ClusterConnection(NODES, null, "secret", null));

        assertThat(details.getCluster().getNodes()).containsExactly(new RedisConnectionDetails.Node("127.0.0.1", 7200),
                new RedisConnectionDetails.Node("127.0.0.1", 7201), new RedisConnectionDetails.Node("127.0.0.1", 7202));
        assertThat(details.getPassword()).isEqualTo("secret");
        assertThat(details.getUsername()).isNull();
        assertThat(details.getSentinel()).isNull();
        assertThat(details.getStandalone()).as("Boot picks the first kind that is set").isNull();
    }

    @Test
    void boot4DetailsAreOfTheClusterKind() {
        DataRedisConnectionDetails details = new Boot4ClusterConnectionDetails(new ClusterConnection(NODES, null, null, null));

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
        assertThat(new ClusterConnection(NODES, null, "secret", null).properties()).containsExactly(
                Map.entry("spring.data.redis.cluster.nodes", "127.0.0.1:7200,127.0.0.1:7201,127.0.0.1:7202"),
                Map.entry("spring.data.redis.password", "secret"));
        assertThat(new ClusterConnection(NODES, null, null, null).properties()).containsOnlyKeys("spring.data.redis.cluster.nodes");
    }

    @Test
    void onAClusterWithUsersTheDetailsAndPropertiesGiveTheUser() {
        ClusterConnection asApp = new ClusterConnection(NODES, "app", "s3cret", null);

        assertThat(new Boot3ClusterConnectionDetails(asApp).getUsername()).isEqualTo("app");
        assertThat(new Boot3ClusterConnectionDetails(asApp).getPassword()).isEqualTo("s3cret");
        assertThat(new Boot4ClusterConnectionDetails(asApp).getUsername()).isEqualTo("app");
        assertThat(new Boot4ClusterConnectionDetails(asApp).getPassword()).isEqualTo("s3cret");
        assertThat(asApp.properties()).containsExactly(
                Map.entry("spring.data.redis.cluster.nodes", "127.0.0.1:7200,127.0.0.1:7201,127.0.0.1:7202"),
                Map.entry("spring.data.redis.username", "app"),
                Map.entry("spring.data.redis.password", "s3cret"));
        assertThat(ClusterConnection.PROPERTY_NAMES).containsAll(asApp.properties().keySet());
    }

    /** Boot 3.5 asks the cluster kind for its bundle, Boot 4.0 the details. */
    @Test
    void aTlsClustersDetailsCarryTheBundleWhereEachBootLooksForIt() {
        SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);
        ClusterConnection tls = new ClusterConnection(NODES, null, null, new ClientTls(Path.of("/tls/ca.crt"), null, null));

        assertThat(new Boot3ClusterConnectionDetails(tls, bundle).getCluster().getSslBundle()).isSameAs(bundle);
        assertThat(new Boot3ClusterConnectionDetails(tls, bundle).getCluster().getNodes()).hasSize(3);
        assertThat(new Boot4ClusterConnectionDetails(tls, bundle).getSslBundle()).isSameAs(bundle);
        assertThat(new Boot3ClusterConnectionDetails(tls).sslBundle()).as("made from the files").isNotNull();
        assertThat(new Boot3ClusterConnectionDetails(new ClusterConnection(NODES, null, null, null)).getCluster().getSslBundle())
                .isNull();
        assertThat(new Boot4ClusterConnectionDetails(new ClusterConnection(NODES, null, null, null)).getSslBundle()).isNull();
    }

    @Test
    void theTlsPropertiesComeWithTheNodesOfATlsCluster() {
        ClusterConnection tls = new ClusterConnection(NODES, null, null, new ClientTls(Path.of("/tls/ca.crt"), null, null));

        assertThat(tls.properties()).containsExactly(
                Map.entry("spring.data.redis.cluster.nodes", "127.0.0.1:7200,127.0.0.1:7201,127.0.0.1:7202"),
                Map.entry("spring.data.redis.ssl.enabled", "true"),
                Map.entry("spring.data.redis.ssl.bundle", "redis-cluster-testkit"),
                Map.entry("spring.ssl.bundle.pem.redis-cluster-testkit.truststore.certificate", "file:///tls/ca.crt"));
        assertThat(ClusterConnection.PROPERTY_NAMES).containsAll(tls.properties().keySet());
    }

    @Test
    void theTypeOnTheClasspathIsPicked() {
        ClusterConnection connection = new ClusterConnection(NODES, null, null, null);
        assertThat(ShardConnectionContextCustomizer.connectionDetails(() -> new Boot4ClusterConnectionDetails(connection),
                () -> new Boot3ClusterConnectionDetails(connection), getClass().getClassLoader(), "where"))
                .isInstanceOf(Boot4ClusterConnectionDetails.class);
    }
}
