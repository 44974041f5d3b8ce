package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import java.util.List;

/** Spring Boot 3.x's connection details for a shard. */
record Boot3ConnectionDetails(ShardConnection connection, SslBundle sslBundle) implements RedisConnectionDetails {

    static final String TYPE = "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails";

    /** The bundle is made once: Boot may ask for it more than once, and each time would read the files again. */
    Boot3ConnectionDetails(ShardConnection connection) {
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
        return connection.mode() == Mode.HAPROXY
                ? Standalone.of(connection.shard().haproxyMaster().host(), connection.shard().haproxyMaster().port(),
                        sslBundle)
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

            /** Boot 3.5 takes the bundle of the kind of connection, for Sentinels and data nodes alike. */
            @Override
            public SslBundle getSslBundle() {
                return sslBundle;
            }
        } : null;
    }
}
