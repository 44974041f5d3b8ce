package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerTest {

    @Test
    void redisServerVersionOutput() {
        Server v = Server.parseProbe("redis-server Redis server v=7.0.15 sha=00000000:0"
                + " malloc=jemalloc-5.3.0 bits=64 build=e08dbad3e06f3fb\n").orElseThrow();
        assertThat(v).isEqualTo(new Server(ServerFlavour.REDIS, "7.0.15"));
        assertThat(v).hasToString("Redis 7.0.15");
        assertThat(v.isSupported()).isTrue();
    }

    @Test
    void valkeyServerVersionOutput() {
        Server v = Server.parseProbe("valkey-server Valkey server v=8.1.1 sha=00000000:0"
                + " malloc=jemalloc-5.3.0 bits=64 build=1c7e0d6bbb1e3cc2\n").orElseThrow();
        assertThat(v).isEqualTo(new Server(ServerFlavour.VALKEY, "8.1.1"));
        assertThat(v.isSupported()).isTrue();
    }

    /** What the probe printed on Redis 7.0 (built with TLS), and a server's refusal of a directive it lacks. */
    @Test
    void theTlsProbeTellsAServerBuiltWithTlsFromOneWithout() {
        String version = "redis-server Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64\n";
        String withTls = version + Server.TLS_PROBE + "7:C 04 Dec 2026 18:33:07.599 # Configuration loaded"
                + " 7:M 04 Dec 2026 18:33:07.601 # Configured to not listen anywhere, exiting. ";
        String without = version + Server.TLS_PROBE + "Reading the configuration file, at line 3 >>> 'tls-port \"0\"'"
                + " Bad directive or wrong number of arguments ";
        assertThat(Server.parseProbe(withTls)).contains(new Server(ServerFlavour.REDIS, "7.0.15"));
        assertThat(Server.tlsBuiltIn(withTls)).isTrue();
        assertThat(Server.tlsBuiltIn(without)).isFalse();
        assertThat(Server.tlsBuiltIn(version)).as("no probe, no TLS").isFalse();
        assertThat(Server.tlsProbeAnswer(without)).endsWith("Bad directive or wrong number of arguments");
    }

    @Test
    void anImageWithNeitherProgramPrintsNothing() {
        assertThat(Server.parseProbe("")).isEmpty();
        assertThat(Server.parseProbe("sh: 1: not found\n")).isEmpty();
    }

    @Test
    void aProgramThatPrintsNoVersionIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> Server.parseProbe("redis-server oops"))
                .withMessage("redis-server --version printed no version (v=X.Y.Z): redis-server oops");
    }

    @Test
    void minimumIsRedis60AndValkey72() {
        assertThat(new Server(ServerFlavour.REDIS, "5.0.14").isSupported()).isFalse();
        assertThat(new Server(ServerFlavour.REDIS, "6.0.16").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "6.2.14").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "7.0.0").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "8.0.2").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "10.0.0").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.VALKEY, "7.0.0").isSupported()).isFalse();
        assertThat(new Server(ServerFlavour.VALKEY, "7.2.5").isSupported()).isTrue();
        assertThat(new Server(ServerFlavour.VALKEY, "8.1.1").isSupported()).isTrue();
    }

    @Test
    void sentinelDebugFromRedis70AndInEveryValkey() {
        assertThat(new Server(ServerFlavour.REDIS, "6.2.14").hasSentinelDebug()).isFalse();
        assertThat(new Server(ServerFlavour.REDIS, "7.0.15").hasSentinelDebug()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "8.0.2").hasSentinelDebug()).isTrue();
        assertThat(new Server(ServerFlavour.VALKEY, "7.2.5").hasSentinelDebug()).isTrue();
    }

    @Test
    void channelRulesAndSentinelAuthUserCameWithRedis62() {
        assertThat(new Server(ServerFlavour.REDIS, "6.0.16").hasPubSubAcl()).isFalse();
        assertThat(new Server(ServerFlavour.REDIS, "6.0.16").hasSentinelAuthUser()).isFalse();
        assertThat(new Server(ServerFlavour.REDIS, "6.2.14").hasPubSubAcl()).isTrue();
        assertThat(new Server(ServerFlavour.REDIS, "7.0.15").hasSentinelAuthUser()).isTrue();
        assertThat(new Server(ServerFlavour.VALKEY, "7.2.4").hasPubSubAcl()).isTrue();
    }

    @Test
    void usersOnSentinelsOfRedis60AreRefusedBeforeAnythingStarts() {
        io.github.redisclustertestkit.spec.ClusterSpec spec = io.github.redisclustertestkit.spec.ClusterSpec.defaults()
                .toBuilder().users(java.util.List.of("app pw +@all")).build().validate();
        assertThatIllegalArgumentException().isThrownBy(() -> Planner.requireServerFits(spec,
                new Server(ServerFlavour.REDIS, "6.0.16"))).withMessageContaining("sentinel auth-user")
                .withMessageContaining("Redis 6.2");
        Planner.requireServerFits(spec, new Server(ServerFlavour.REDIS, "6.2.14"));
    }
}
