package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ITs of every module take their network mode from one property: the one users set. */
class TestNetworkModeTest {

    @Test
    void theItsNetworkModePropertyIsTheExtensionsConfigurationParameter() {
        assertThat(TestNetworkMode.PROPERTY).isEqualTo(RedisShardedCluster.NETWORK_MODE);
    }
}
