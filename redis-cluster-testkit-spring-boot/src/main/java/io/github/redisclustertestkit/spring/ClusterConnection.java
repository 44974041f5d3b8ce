package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a Spring Boot application needs to reach a native Redis Cluster: the seeds, the user and
 * password and, for a TLS cluster, its trust material. Both the connection details and the {@code spring.data.redis.*} properties are made
 * from it.
 *
 * @param nodes    every node's client address, as seeds; the client finds the slots' owners itself
 * @param username the ACL user the application is on every node, or null for the default user
 * @param password that user's password, or null
 * @param tls      the client's side of a TLS cluster, or null
 */
record ClusterConnection(List<Endpoint> nodes, String username, String password, ClientTls tls) {

    static final String NODES = "spring.data.redis.cluster.nodes";
    static final String USERNAME = "spring.data.redis.username";
    static final String PASSWORD = "spring.data.redis.password";
    static final List<String> PROPERTY_NAMES = Stream.concat(Stream.of(NODES, USERNAME, PASSWORD),
            ClientTls.PROPERTY_NAMES.stream()).toList();

    ClusterConnection {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param user  a declared user's name, or empty: see {@link ConnectionUser#of}
     * @param where names the setting in error messages, e.g. "@RedisClusterConnection on FooIT"
     */
    static ClusterConnection of(RedisClusterContainer cluster, String user, String where) {
        ConnectionUser connectAs = ConnectionUser.of(cluster.spec(), user, where);
        return new ClusterConnection(cluster.nodes(), connectAs.name(), connectAs.password(), ClientTls.of(cluster));
    }

    /**
     * The {@code spring.data.redis.*} properties (the same on Boot 3.5 and 4.0), and for a TLS
     * cluster the {@code spring.ssl.bundle.*} ones of its bundle; no user name or password, no entry.
     */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(NODES, nodes.stream().map(Endpoint::toString).collect(Collectors.joining(",")));
        if (username != null) {
            properties.put(USERNAME, username);
        }
        if (password != null) {
            properties.put(PASSWORD, password);
        }
        if (tls != null) {
            properties.putAll(tls.properties());
        }
        return properties;
    }
}
