package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import java.util.List;

/** Spring Boot 4.x's connection details for a shard. */
record Boot4ConnectionDetails(ShardConnection connection, SslBundle sslBundle) implements DataRedisConnectionDetails {

    static final String TYPE = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    /** The bundle is made once: Boot may ask for it more than once, and each time would read the files again. */
    Boot4ConnectionDetails(ShardConnection connection) {
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

    /** Boot 4.0 takes one bundle for every kind of connection, Sentinels included; null: plain connections. */
    @Override
    public SslBundle getSslBundle() {
        return sslBundle;
    }

    @Override
    public Standalone getStandalone() {
        return connection.mode() == Mode.HAPROXY
                ? Standalone.of(connection.shard().haproxyMaster().host(), connection.shard().haproxyMaster().port())
                : null;
    }

    @Override
    public Sentinel getSentinel() {
        return connection.mode() == Mode.SENTINEL ? new Sentinel() {
            @Override
            public int getDatabase() {
                return 0;
            }

            @Override
            public String getMaster() {
                return connection.shard().masterName();
            }

            @Override
            public List<Node> getNodes() {
                return connection.shard().sentinels().stream().map(s -> new Node(s.host(), s.port())).toList();
            }

            /** The Sentinels' own user, not the data nodes': they take none, users or not. */
            @Override
            public String getUsername() {
                return null;
            }

            @Override
            public String getPassword() {
                return null; // the Sentinels take no password, only the data nodes do
            }
        } : null;
    }
}
