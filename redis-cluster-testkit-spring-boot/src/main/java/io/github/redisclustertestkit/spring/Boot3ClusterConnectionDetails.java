package io.github.redisclustertestkit.spring;

import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import java.util.List;

/** Spring Boot 3.x's connection details for a native Redis Cluster: the cluster kind, no Sentinel. */
record Boot3ClusterConnectionDetails(ClusterConnection connection, SslBundle sslBundle) implements RedisConnectionDetails {

    /** The bundle is made once: Boot may ask for it more than once, and each time would read the files again. */
    Boot3ClusterConnectionDetails(ClusterConnection connection) {
        this(connection, ClientTls.sslBundleOf(connection.tls()));
    }

    /** The data nodes' user; null: the default user. */
    @Override
    public String getUsername() {
        return connection.username();
    }

    @Override
    public String getPassword() {
        return connection.password();
    }

    @Override
    public Standalone getStandalone() {
        return null;
    }

    @Override
    public Sentinel getSentinel() {
        return null;
    }

    @Override
    public Cluster getCluster() {
        List<Node> nodes = connection.nodes().stream().map(n -> new Node(n.host(), n.port())).toList();
        return new Cluster() {
            @Override
            public List<Node> getNodes() {
                return nodes;
            }

            /** Boot 3.5 takes the bundle of the kind of connection; null: plain connections. */
            @Override
            public SslBundle getSslBundle() {
                return sslBundle;
            }
        };
    }
}
