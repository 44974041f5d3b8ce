package io.github.redisclustertestkit.spring;

import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;

/** Spring Boot 3.x's connection details for a native Redis Cluster: the cluster kind, no Sentinel. */
record Boot3ClusterConnectionDetails(ClusterConnection connection) implements RedisConnectionDetails {

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
        return () -> connection.nodes().stream().map(n -> new Node(n.host(), n.port())).toList();
    }
}
