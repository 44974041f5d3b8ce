package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.spec.NetworkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    @RedisShardedCluster
    static class Unset {
    }

    @RedisShardedCluster(bindAddress = "127.0.0.2")
    static class Annotated {
    }

    @RedisShardedCluster(bindAddress = "docker.example")
    static class NotAnAddress {
    }

    @RedisShardedCluster(reuse = RedisShardedCluster.Toggle.FALSE)
    static class NotReused {
    }

    @RedisShardedCluster(networkFaults = RedisShardedCluster.Toggle.TRUE)
    static class WithNetworkFaults {
    }

    @RedisShardedCluster(redisImage = "redis-cluster-testkit/valkey:8.1-trixie")
    static class CustomImage {
    }

    @RedisShardedCluster(networkMode = "pod")
    static class InAPod {
    }

    private static ClusterSettings resolve(Class<?> type, Map<String, String> config) {
        return ClusterSettings.resolve(type.getAnnotation(RedisShardedCluster.class), type.getSimpleName(),
                key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void bindAddressIsUnsetUnlessAnnotatedOrConfigured() {
        assertThat(resolve(Unset.class, Map.of()).spec().bindAddress()).isNull();
        assertThat(resolve(Unset.class, Map.of(RedisShardedCluster.BIND_ADDRESS, " 0.0.0.0 ")).spec().bindAddress())
                .isEqualTo("0.0.0.0");
        assertThat(resolve(Annotated.class, Map.of(RedisShardedCluster.BIND_ADDRESS, "0.0.0.0")).spec().bindAddress())
                .as("the annotation wins").isEqualTo("127.0.0.2");
    }

    /** A name is all an annotation or a configuration parameter can give: giving it is the declaration. */
    @Test
    void customImageNamesFromTheAnnotationOrAParameterCountAsDeclared() {
        assertThat(resolve(CustomImage.class, Map.of()).spec().redisImage().asCanonicalNameString())
                .isEqualTo("redis-cluster-testkit/valkey:8.1-trixie");
        assertThat(resolve(Unset.class, Map.of(RedisShardedCluster.HAPROXY_IMAGE, "redis-cluster-testkit/haproxy:3.0"))
                .spec().haproxyImage().asCanonicalNameString()).isEqualTo("redis-cluster-testkit/haproxy:3.0");
    }

    @Test
    void reuseIsOffUnlessAnnotatedOrConfiguredAndTheBuilderSetsIt() {
        assertThat(resolve(Unset.class, Map.of()).spec().reuse()).isFalse();
        assertThat(resolve(Unset.class, Map.of(RedisShardedCluster.REUSE, "true")).spec().reuse()).isTrue();
        assertThat(resolve(NotReused.class, Map.of(RedisShardedCluster.REUSE, "true")).spec().reuse())
                .as("the annotation wins").isFalse();
        assertThatThrownBy(() -> resolve(Unset.class, Map.of(RedisShardedCluster.REUSE, "yes")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(RedisShardedCluster.REUSE).hasMessageContaining("true or false");
        assertThat(RedisShardedClusterExtension.builder().withReuse(true).build())
                .extracting("programmatic").extracting("spec").extracting("reuse").isEqualTo(true);
    }

    @Test
    void aBindAddressThatIsNoIpNamesTheClassAndTheOption() {
        assertThatThrownBy(() -> resolve(NotAnAddress.class, Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisShardedCluster on NotAnAddress is invalid: bindAddress \"docker.example\""
                        + " is not an IP address");
    }

    @Test
    void networkFaultsAreOffUnlessAnnotatedOrConfigured() {
        assertThat(resolve(Unset.class, Map.of()).spec().networkFaults()).isFalse();
        assertThat(resolve(Unset.class, Map.of(RedisShardedCluster.NETWORK_FAULTS, "true")).spec().networkFaults())
                .isTrue();
        assertThat(resolve(WithNetworkFaults.class, Map.of(RedisShardedCluster.NETWORK_FAULTS, "false")).spec()
                .networkFaults()).as("the annotation wins").isTrue();
    }

    @Test
    void networkModeIsAutoUnlessAnnotatedOrConfigured() {
        assertThat(resolve(Unset.class, Map.of()).spec().networkMode()).isEqualTo(NetworkMode.AUTO);
        assertThat(resolve(Unset.class, Map.of(RedisShardedCluster.NETWORK_MODE, "POD")).spec().networkMode())
                .isEqualTo(NetworkMode.POD);
        assertThat(resolve(InAPod.class, Map.of(RedisShardedCluster.NETWORK_MODE, "host")).spec().networkMode())
                .as("the annotation wins").isEqualTo(NetworkMode.POD);
        assertThatThrownBy(() -> resolve(Unset.class, Map.of(RedisShardedCluster.NETWORK_MODE, "bridge")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("redis-cluster-testkit.network-mode = \"bridge\"")
                .hasMessageContaining("one of [HOST, POD, AUTO]");
    }
}
