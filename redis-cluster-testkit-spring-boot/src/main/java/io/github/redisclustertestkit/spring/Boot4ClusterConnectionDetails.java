package io.github.redisclustertestkit.spring;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/** Spring Boot 4.x's connection details for a native Redis Cluster: the cluster kind, no Sentinel. */
record Boot4ClusterConnectionDetails(ClusterConnection connection, SslBundle sslBundle) implements DataRedisConnectionDetails {

    /** The bundle is made once: Boot may ask for it more than once, and each time would read the files again. */
    Boot4ClusterConnectionDetails(ClusterConnection connection) {
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

    /** Boot 4.0 takes one bundle for every kind of connection; null: plain connections. */
    @Override
    public SslBundle getSslBundle() {
        return sslBundle;
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
        return () -> connection.nodes().stream().map(n -> new Node(n.host(), n.port())).toList();
    }
}
