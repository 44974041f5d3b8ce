package io.github.redisclustertestkit.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClusterSpecTest {

    private final ClusterSpec defaults = ClusterSpec.defaults();

    @Test
    void defaultsDescribeTheWriteUpsTopologyWithTestTimings() {
        assertThat(defaults.validate()).isSameAs(defaults);
        assertThat(defaults.shards()).isEqualTo(3);
        assertThat(defaults.replicasPerShard()).isEqualTo(2);
        assertThat(defaults.sentinelsPerShard()).isEqualTo(3);
        assertThat(defaults.effectiveQuorum()).isEqualTo(2);
        assertThat(defaults.masterName(1)).isEqualTo("shard-1");
        assertThat(defaults.downAfter()).isEqualTo(Duration.ofMillis(800));
        assertThat(defaults.failoverTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.routing()).isEqualTo(Routing.SENTINEL_AGREED);
    }

    @Test
    void quorumDefaultsToAMajorityOfTheSentinels() {
        assertThat(defaults.toBuilder().sentinelsPerShard(5).build().effectiveQuorum()).isEqualTo(3);
        assertThat(defaults.toBuilder().sentinelsPerShard(1).build().effectiveQuorum()).isEqualTo(1);
        assertThat(defaults.toBuilder().sentinelsPerShard(5).quorum(2).build().effectiveQuorum()).isEqualTo(2);
    }

    @Test
    void zeroShardsIsRejectedWithTheOptionAndTheFix() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().shards(0).build().validate())
                .withMessage("shards must be between 1 and 32 (was 0). Use withShards(n) with 1 <= n <= 32");
    }

    @Test
    void quorumLargerThanTheSentinelsIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().quorum(4).build().validate())
                .withMessageStartingWith("quorum 4 is invalid for 3 Sentinels per shard")
                .withMessageContaining("Use withQuorum(q) with 1 <= q <= 3");
    }

    @Test
    void emptyMasterNamePrefixIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().masterNamePrefix("").build().validate())
                .withMessageStartingWith("masterNamePrefix \"\" is invalid")
                .withMessageContaining("withMasterNamePrefix(\"shard-\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "quote\"d", "back\\slash", "dollar$"})
    void passwordsThatCannotBeWrittenIntoHaproxyChecksAreRejected(String password) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().password(password).build().validate())
                .withMessageStartingWith("password is invalid")
                .withMessageContaining("withPassword(p)");
    }

    @Test
    void aFixedLayoutThatLeavesThePortRangeIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().haproxyBasePort(65530).build().validate())
                .withMessage("haproxyBasePort 65530 is out of range: the fixed layout for 3 shards uses ports"
                        + " 65530..65537. Use withHaproxyBasePort(p) with 1024 <= p <= 65528, e.g. 5000,"
                        + " or leave it unset to choose ports per run");
    }

    @Test
    void multiLineConfigDirectivesAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().redisConf(List.of("maxmemory 1mb\nport 1")).build().validate())
                .withMessageContaining("redisConf entry")
                .withMessageContaining("withRedisConf(\"maxmemory 64mb\")");
    }

    @Test
    void tooShortDownAfterIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().downAfter(Duration.ofMillis(10)).build().validate())
                .withMessage("downAfter must be at least 100 ms (was 10 ms). Use withDownAfter(Duration.ofMillis(...))"
                        + " with a value >= 100 ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis:7.2.5", "redis", "valkey/valkey:8.1", "redis@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void officialRedisAndValkeyImagesNeedNoDeclaration(String image) {
        defaults.toBuilder().redisImage(image).build().validate();
    }

    @Test
    void aCustomImageNameMustBeDeclaredCompatible() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().redisImage("redis-cluster-testkit/redis:7.0-bookworm").build()
                        .validate())
                .withMessage("redisImage \"redis-cluster-testkit/redis:7.0-bookworm\" is not known to be a redis or a"
                        + " valkey/valkey image. If it is one, declare it: withRedisImage(DockerImageName.parse("
                        + "\"redis-cluster-testkit/redis:7.0-bookworm\").asCompatibleSubstituteFor(\"redis\")); a name"
                        + " given by configuration (system property, environment variable, annotation attribute,"
                        + " CLI option) counts as declared");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().haproxyImage("example/haproxy:2.6").build().validate())
                .withMessageContaining("withHaproxyImage(DockerImageName.parse(\"example/haproxy:2.6\")"
                        + ".asCompatibleSubstituteFor(\"haproxy\"))");
    }

    @Test
    void aDeclaredCustomImageIsAccepted() {
        defaults.toBuilder()
                .redisImage(DockerImageName.parse("redis-cluster-testkit/valkey:8.1-trixie")
                        .asCompatibleSubstituteFor("valkey/valkey"))
                .haproxyImage(DockerImageName.parse("redis-cluster-testkit/haproxy:2.6-bookworm")
                        .asCompatibleSubstituteFor("haproxy"))
                .build().validate();
    }

    @Test
    void blankImageIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().redisImage(" ").build().validate())
                .withMessageContaining("withRedisImage(\"redis:7.0.15\")");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(defaults.toBuilder().password("s3cret").build().toString())
                .doesNotContain("s3cret")
                .contains("password=***");
    }

    @Test
    void equalSettingsMakeEqualSpecs() {
        assertThat(defaults.toBuilder().shards(2).build()).isEqualTo(defaults.toBuilder().shards(2).build());
        assertThat(defaults.toBuilder().shards(2).build()).isNotEqualTo(defaults);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "0.0.0.0", "10.1.255.249", "::", "::1", "fe80::1",
            "2001:db8::8:800:200c:417a", "1:2:3:4:5:6:7:8", "1::", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:0"})
    void bindAddressAcceptsIpLiterals(String address) {
        assertThat(defaults.toBuilder().bindAddress(address).build().validate().bindAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "localhost", "", " 127.0.0.1", "256.0.0.1", "1.2.3", "1.2.3.4.5",
            "01.2.3.4", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", "1.2.3.4::", ":1", "1:", "12345::",
            "1:2:3:4:5:6:7::8", "::g"})
    void bindAddressRejectsAnythingButAnIpLiteralWithTheFix(String address) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.toBuilder().bindAddress(address).build().validate())
                .withMessageStartingWith("bindAddress \"" + address + "\" is not an IP address")
                .withMessageContaining("withBindAddress(\"127.0.0.1\")")
                .withMessageContaining("withBindAddress(\"0.0.0.0\")");
    }

    @Test
    void bindAddressIsUnsetByDefault() {
        assertThat(defaults.bindAddress()).isNull();
        assertThat(defaults.toString()).contains("bindAddress=default");
    }

    @Test
    void usersNeedAPasswordAndNoneOfTheLibrarysNamesOrPasswordRules() {
        ClusterSpec base = ClusterSpec.defaults();
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("app")).build().validate())
                .withMessageContaining("users entry \"app\" has no password").withMessageContaining("withUser(");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("default hunter2x +@all")).build()
                .validate()).withMessageNotContaining("hunter2x");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("rct-admin pw")).build()
                .validate()).withMessageContaining("the library's own");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("default pw")).build()
                .validate()).withMessageContaining("\"default\" is set by password and defaultUserDisabled");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("app pw nopass")).build()
                .validate()).withMessageContaining("rule \"nopass\" is not allowed");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("app pw >other")).build()
                .validate()).withMessageContaining("rule '>...' (a password rule) is not allowed")
                .withMessageNotContaining("other");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().users(List.of("app hun;ter2 +@all"))
                .build().validate()).withMessageContaining("users entry for \"app\" contains ';'")
                .withMessageNotContaining("hun");
        assertThatIllegalArgumentException().isThrownBy(() -> base.toBuilder().password("pw").defaultUserDisabled(true)
                .build().validate()).withMessageContaining("defaultUserDisabled turns that user off");
        assertThat(base.toBuilder().users(List.of("app s3cret ~app:* +@all")).defaultUserDisabled(true).build()
                .validate().hasUsers()).isTrue();
        assertThat(base.hasUsers()).isFalse();
    }

    @Test
    void mutualTlsTurnsTlsOnAndTlsIsRefusedWithReuse() {
        ClusterSpec mutual = ClusterSpec.defaults().toBuilder().mutualTls(true).build();
        assertThat(mutual.tls()).isTrue();
        // Off again, as documented: the client certificates go, TLS stays until it is turned off too.
        ClusterSpec mutualOff = mutual.toBuilder().mutualTls(false).build();
        assertThat(mutualOff.mutualTls()).isFalse();
        assertThat(mutualOff.tls()).isTrue();
        assertThat(mutualOff.toBuilder().tls(false).build().tls()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.defaults().toBuilder().tls(true).reuse(true)
                .build().validate()).withMessageContaining("tls cannot be combined with reuse");
    }
}
