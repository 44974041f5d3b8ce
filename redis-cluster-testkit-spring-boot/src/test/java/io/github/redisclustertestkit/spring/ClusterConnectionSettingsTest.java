package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The context-cache key of {@link RedisClusterConnection}: one context per shared cluster, else per class. */
class ClusterConnectionSettingsTest {

    @RedisCluster(lifecycle = Lifecycle.SHARED)
    @RedisClusterConnection
    static class SharedA {
    }

    @RedisCluster(lifecycle = Lifecycle.SHARED)
    @RedisClusterConnection
    static class SharedB {
    }

    @RedisCluster(lifecycle = Lifecycle.SHARED)
    @RedisClusterConnection(user = "reports")
    static class SharedAsReports {
    }

    @RedisCluster(masters = 4, lifecycle = Lifecycle.SHARED)
    @RedisClusterConnection
    static class SharedOther {
    }

    @RedisCluster
    @RedisClusterConnection
    static class OwnCluster {
    }

    @RedisCluster
    static class NoConnection {
    }

    @RedisCluster
    @RedisShardedCluster
    @RedisClusterConnection
    @RedisShardConnection
    static class BothConnections {
    }

    @Test
    void aClassWithBothConnectionsIsRefusedRatherThanOneWinningInSilence() {
        assertThatIllegalStateException().isThrownBy(() -> new ShardConnectionContextCustomizerFactory()
                        .createContextCustomizer(BothConnections.class, List.of()))
                .withMessageContaining("has both @RedisShardConnection and @RedisClusterConnection");
        assertThat(new ShardConnectionContextCustomizerFactory().createContextCustomizer(OwnCluster.class, List.of()))
                .isInstanceOf(ClusterConnectionContextCustomizer.class);
    }

    @Test
    void classesSharingAClusterShareTheKeyAndOthersHaveTheirOwn() {
        assertThat(ClusterConnectionSettings.of(SharedA.class)).isEqualTo(ClusterConnectionSettings.of(SharedB.class));
        assertThat(ClusterConnectionSettings.of(SharedA.class)).isNotEqualTo(ClusterConnectionSettings.of(SharedOther.class));
        assertThat(ClusterConnectionSettings.of(SharedA.class)).as("another user, another context")
                .isNotEqualTo(ClusterConnectionSettings.of(SharedAsReports.class));
        assertThat(ClusterConnectionSettings.of(OwnCluster.class)).get().extracting(ClusterConnectionSettings::ownCluster)
                .isEqualTo(OwnCluster.class);
        assertThat(ClusterConnectionSettings.of(NoConnection.class)).isEmpty();
    }

    @Test
    void onlyAClassWithItsOwnClusterHasItsContextClosedAfterIt() {
        assertThat(ClusterConnectionSettings.ownsContext(OwnCluster.class)).isTrue();
        assertThat(ClusterConnectionSettings.ownsContext(SharedA.class)).isFalse();
        assertThat(ClusterConnectionSettings.ownsContext(NoConnection.class)).isFalse();
    }
}
