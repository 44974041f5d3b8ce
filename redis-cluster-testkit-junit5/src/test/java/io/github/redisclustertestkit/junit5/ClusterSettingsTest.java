package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
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

    @RedisShardedCluster(networkMode = RedisShardedCluster.NetworkMode.POD)
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

    @RedisCluster
    static class NativeUnset {
    }

    @RedisCluster(masters = 4, replicasPerMaster = 0, clusterNodeTimeoutMillis = 2000)
    static class NativeAnnotated {
    }

    private static ClusterSettings resolveNative(Class<?> type, Map<String, String> config) {
        return ClusterSettings.resolve(type.getAnnotation(RedisCluster.class), Topology.CLUSTER, type.getSimpleName(),
                key -> Optional.ofNullable(config.get(key)));
    }

    /** The masters have their own parameter: a project's Sentinel shards do not size its native cluster. */
    @Test
    void aNativeClusterReadsItsOwnCountsAndSharesTheRest() {
        ClusterSpec spec = resolveNative(NativeUnset.class, Map.of(RedisShardedCluster.SHARDS, "5",
                RedisShardedCluster.PASSWORD, "pw", RedisCluster.REPLICAS_PER_MASTER, "2")).spec();
        assertThat(spec.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(spec.shards()).as("the container's default, not the shards parameter").isEqualTo(3);
        assertThat(spec.replicasPerShard()).isEqualTo(2);
        assertThat(spec.password()).isEqualTo("pw");
        assertThat(resolveNative(NativeUnset.class, Map.of(RedisCluster.MASTERS, "5")).spec().shards()).isEqualTo(5);
        ClusterSpec annotated = resolveNative(NativeAnnotated.class, Map.of(RedisCluster.MASTERS, "5")).spec();
        assertThat(annotated.shards()).as("the annotation wins").isEqualTo(4);
        assertThat(annotated.replicasPerShard()).isZero();
        assertThat(annotated.clusterNodeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anInvalidNativeParameterNamesTheClusterAnnotation() {
        assertThatThrownBy(() -> resolveNative(NativeUnset.class, Map.of(RedisCluster.MASTERS, "many")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter redis-cluster-testkit.masters = \"many\" is invalid for"
                        + " NativeUnset: expected a whole number (or set masters on @RedisCluster)");
        assertThatThrownBy(() -> resolveNative(NativeUnset.class, Map.of(RedisCluster.MASTERS, "0")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisCluster on NativeUnset is invalid: masters must be between 1 and 32");
    }
}
