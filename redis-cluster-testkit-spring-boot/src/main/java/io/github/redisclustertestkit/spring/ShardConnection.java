package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a Spring Boot application needs to reach one shard in one mode; both the connection
 * details and the {@code spring.data.redis.*} properties are made from it.
 *
 * @param username the ACL user the application is on the data nodes, or null for the default user
 * @param password that user's password, or null (Sentinels take none)
 * @param tls      the client's side of a TLS cluster (Sentinels and data nodes alike), or null
 */
record ShardConnection(Mode mode, ShardEndpoints shard, String username, String password, ClientTls tls) {

    static final String MASTER = "spring.data.redis.sentinel.master";
    static final String NODES = "spring.data.redis.sentinel.nodes";
    static final String HOST = "spring.data.redis.host";
    static final String PORT = "spring.data.redis.port";
    static final String USERNAME = "spring.data.redis.username";
    static final String PASSWORD = "spring.data.redis.password";

    /**
     * @param user  a declared user's name, or empty: see {@link ConnectionUser#of}
     * @param where names the setting in error messages, e.g. "@RedisShardConnection on FooIT"
     */
    static ShardConnection of(RedisShardedClusterContainer cluster, int shard, Mode mode, String user, String where) {
        ConnectionUser connectAs = ConnectionUser.of(cluster.spec(), user, where);
        return of(cluster.endpoints(), connectAs.name(), connectAs.password(), ClientTls.of(cluster), shard, mode,
                where);
    }

    /** @throws IllegalStateException naming the attribute and the fix when the shard does not exist */
    static ShardConnection of(List<ShardEndpoints> shards, String username, String password, ClientTls tls, int shard,
                              Mode mode, String where) {
        if (shard < 0 || shard >= shards.size()) {
            throw new IllegalStateException(where + " is invalid: shard = " + shard + " does not exist, the cluster has "
                    + (shards.size() == 1 ? "shard 0 only" : "shards 0.." + (shards.size() - 1))
                    + (shard < 0 ? "; set shard to one of those"
                            : "; set shard to one of those, or start more shards with @RedisShardedCluster(shards = "
                            + (shard + 1) + ")"));
        }
        return new ShardConnection(mode, shards.get(shard), username, password, tls);
    }

    /** The property names that {@link #properties()} may set in a mode. */
    static List<String> propertyNames(Mode mode) {
        List<String> names = new ArrayList<>(mode == Mode.SENTINEL ? List.of(MASTER, NODES, USERNAME, PASSWORD)
                : List.of(HOST, PORT, USERNAME, PASSWORD));
        names.addAll(ClientTls.PROPERTY_NAMES);
        return List.copyOf(names);
    }

    /**
     * The {@code spring.data.redis.*} properties (the same on Boot 3.5 and 4.0), and for a TLS
     * cluster the {@code spring.ssl.bundle.*} ones of its bundle; no user name or password, no entry.
     */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (mode == Mode.SENTINEL) {
            properties.put(MASTER, shard.masterName());
            properties.put(NODES, shard.sentinels().stream().map(Endpoint::toString).collect(Collectors.joining(",")));
        } else {
            properties.put(HOST, shard.haproxyMaster().host());
            properties.put(PORT, String.valueOf(shard.haproxyMaster().port()));
        }
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
