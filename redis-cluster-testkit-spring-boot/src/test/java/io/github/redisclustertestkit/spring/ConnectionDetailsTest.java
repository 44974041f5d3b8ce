package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConnectionDetailsTest {

    static ShardConnection connection(Mode mode) {
        return ShardConnection.of(ShardConnectionTest.TWO_SHARDS, null, "secret", null, 1, mode, "where");
    }

    @Test
    void boot3SentinelDetails() {
        RedisConnectionDetails details = new Boot3ConnectionDetails(connection(Mode.SENTINEL));

        assertThat(details.getStandalone()).isNull();
        assertThat(details.getPassword()).isEqualTo("secret");
        assertThat(details.getSentinel().getMaster()).isEqualTo("shard-1");
        assertThat(details.getSentinel().getNodes()).containsExactly(
                new RedisConnectionDetails.Node("127.0.0.1", 7120), new RedisConnectionDetails.Node("127.0.0.1", 7121));
        assertThat(details.getSentinel().getPassword()).as("Sentinels take no password").isNull();
    }

    @Test
    void boot3HaproxyDetails() {
        RedisConnectionDetails details = new Boot3ConnectionDetails(connection(Mode.HAPROXY));

        assertThat(details.getSentinel()).isNull();
        assertThat(details.getStandalone().getHost()).isEqualTo("127.0.0.1");
        assertThat(details.getStandalone().getPort()).isEqualTo(7100);
        assertThat(details.getPassword()).isEqualTo("secret");
    }

    @Test
    void boot4SentinelDetails() {
        DataRedisConnectionDetails details = new Boot4ConnectionDetails(connection(Mode.SENTINEL));

        assertThat(details.getStandalone()).isNull();
        assertThat(details.getPassword()).isEqualTo("secret");
        assertThat(details.getSentinel().getMaster()).isEqualTo("shard-1");
        assertThat(details.getSentinel().getNodes()).containsExactly(new DataRedisConnectionDetails.Node("127.0.0.1",
                7120), new DataRedisConnectionDetails.Node("127.0.0.1", 7121));
        assertThat(details.getSentinel().getPassword()).isNull();
    }

    @Test
    void boot4HaproxyDetails() {
        DataRedisConnectionDetails details = new Boot4ConnectionDetails(connection(Mode.HAPROXY));

        assertThat(details.getSentinel()).isNull();
        assertThat(details.getStandalone().getPort()).isEqualTo(7100);
    }

    /**
     * On a cluster with users the data nodes take the user's name and password; the Sentinels'
     * own credentials stay empty, as they take none.
     */
    @Test
    void theDetailsGiveTheDataNodesUserAndLeaveTheSentinelsWithout() {
        for (Mode mode : Mode.values()) {
            ShardConnection asApp = ShardConnection.of(ShardConnectionTest.TWO_SHARDS, "app", "s3cret", null, 1, mode,
                    "where");
            RedisConnectionDetails boot3 = new Boot3ConnectionDetails(asApp);
            DataRedisConnectionDetails boot4 = new Boot4ConnectionDetails(asApp);

            assertThat(boot3.getUsername()).as("%s", mode).isEqualTo("app");
            assertThat(boot3.getPassword()).as("%s", mode).isEqualTo("s3cret");
            assertThat(boot4.getUsername()).as("%s", mode).isEqualTo("app");
            assertThat(boot4.getPassword()).as("%s", mode).isEqualTo("s3cret");
            if (mode == Mode.SENTINEL) {
                assertThat(boot3.getSentinel().getUsername()).isNull();
                assertThat(boot3.getSentinel().getPassword()).isNull();
                assertThat(boot4.getSentinel().getUsername()).isNull();
                assertThat(boot4.getSentinel().getPassword()).isNull();
            }
        }
        assertThat(new Boot3ConnectionDetails(connection(Mode.SENTINEL)).getUsername()).as("the default user").isNull();
        assertThat(new Boot4ConnectionDetails(connection(Mode.HAPROXY)).getUsername()).isNull();
    }

    @Test
    void aPlainShardsDetailsHaveNoBundle() {
        assertThat(new Boot3ConnectionDetails(connection(Mode.SENTINEL)).getSentinel().getSslBundle()).isNull();
        assertThat(new Boot3ConnectionDetails(connection(Mode.HAPROXY)).getStandalone().getSslBundle()).isNull();
        assertThat(new Boot4ConnectionDetails(connection(Mode.SENTINEL)).getSslBundle()).isNull();
        assertThat(new Boot4ConnectionDetails(connection(Mode.HAPROXY)).getSslBundle()).isNull();
    }

    /** Boot 3.5 asks the kind of connection for its bundle, Boot 4.0 the details: each gets it in every mode. */
    @Test
    void aTlsShardsDetailsCarryTheBundleWhereEachBootLooksForIt() {
        SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);
        ShardConnection sentinel = tlsConnection(Mode.SENTINEL);
        ShardConnection haproxy = tlsConnection(Mode.HAPROXY);

        assertThat(new Boot3ConnectionDetails(sentinel, bundle).getSentinel().getSslBundle()).isSameAs(bundle);
        assertThat(new Boot3ConnectionDetails(haproxy, bundle).getStandalone().getSslBundle()).isSameAs(bundle);
        assertThat(new Boot3ConnectionDetails(haproxy, bundle).getStandalone().getPort()).isEqualTo(7100);
        assertThat(new Boot4ConnectionDetails(sentinel, bundle).getSslBundle()).isSameAs(bundle);
        assertThat(new Boot4ConnectionDetails(haproxy, bundle).getSslBundle()).isSameAs(bundle);
    }

    /** The bundle is made from the connection's files: see ClientTlsTest for what it holds. */
    @Test
    void theDetailsOfATlsShardMakeTheirBundleFromItsFiles() {
        assertThat(new Boot3ConnectionDetails(tlsConnection(Mode.SENTINEL)).sslBundle()).isNotNull();
        assertThat(new Boot4ConnectionDetails(tlsConnection(Mode.HAPROXY)).sslBundle()).isNotNull();
    }

    static ShardConnection tlsConnection(Mode mode) {
        ClientTls tls = new ClientTls(Path.of("/tls/ca.crt"), Path.of("/tls/client.crt"), Path.of("/tls/client.key"));
        return ShardConnection.of(ShardConnectionTest.TWO_SHARDS, null, "secret", tls, 1, mode, "where");
    }

    @Test
    void theTypeOnTheClasspathIsPicked() {
        ClassLoader both = getClass().getClassLoader();
        ClassLoader boot3 = hiding(Boot4ConnectionDetails.TYPE);
        ClassLoader neither = hiding(Boot4ConnectionDetails.TYPE, Boot3ConnectionDetails.TYPE);

        assertThat(ShardConnectionContextCustomizer.connectionDetails(connection(Mode.SENTINEL), both, "where"))
                .isInstanceOf(Boot4ConnectionDetails.class);
        assertThat(ShardConnectionContextCustomizer.connectionDetails(connection(Mode.SENTINEL), boot3, "where"))
                .isInstanceOf(Boot3ConnectionDetails.class);
        assertThatIllegalStateException().isThrownBy(() ->
                        ShardConnectionContextCustomizer.connectionDetails(connection(Mode.SENTINEL), neither, "where"))
                .withMessageStartingWith("where needs Spring Boot's Redis support on the test classpath")
                .withMessageEndingWith("add spring-boot-starter-data-redis");
    }

    private ClassLoader hiding(String... types) {
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                for (String type : types) {
                    if (type.equals(name)) {
                        throw new ClassNotFoundException(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
    }
}
