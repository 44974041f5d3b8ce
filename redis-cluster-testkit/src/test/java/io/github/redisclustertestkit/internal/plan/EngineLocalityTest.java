package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineLocalityTest {

    private static final URI REMOTE = URI.create("tcp://198.51.100.2:2375");
    private static final URI SOCKET = URI.create("unix:///var/run/docker.sock");

    @Test
    void onlyANetworkEngineHasAnAddress() {
        assertThat(EngineLocality.engineHost(REMOTE)).isEqualTo("198.51.100.2");
        assertThat(EngineLocality.engineHost(URI.create("tcp://docker:2375"))).isEqualTo("docker");
        assertThat(EngineLocality.engineHost(SOCKET)).isNull();
        assertThat(EngineLocality.engineHost(URI.create("npipe:////./pipe/docker_engine"))).isNull();
        assertThat(EngineLocality.engineHost(null)).isNull();
    }

    @Test
    void anEngineIsKnownRemoteOnlyAtAResolvedAddressThatIsNotThisMachines() {
        assertThat(EngineLocality.knownRemote("198.51.100.2", true, false, false)).isTrue();
        assertThat(EngineLocality.knownRemote("localhost", true, true, false)).isFalse();
        assertThat(EngineLocality.knownRemote("192.0.2.2", true, false, true)).isFalse();
        assertThat(EngineLocality.knownRemote("docker", false, false, false)).isFalse();
        assertThat(EngineLocality.knownRemote(null, false, false, false)).isFalse();
    }

    @Test
    void anOverrideThatNamesLoopbackWhileTheRemoteEngineAnsweredOnItsAddressFailsNamingVariableAnswerAndFix() {
        assertThatThrownBy(() -> EngineLocality.requireOverrideAgrees("localhost", "127.0.0.1", REMOTE,
                "198.51.100.2", new ProbeAnswer(false, false, true)))
                .isInstanceOf(ClusterFailure.class)
                .hasMessageStartingWith("TESTCONTAINERS_HOST_OVERRIDE=localhost says this JVM reaches the Docker"
                        + " engine's ports at 127.0.0.1, but a host-networked probe on the engine"
                        + " (tcp://198.51.100.2:2375) answered on 198.51.100.2 and not on 127.0.0.1: the engine does"
                        + " not share this machine's network")
                .hasMessageContaining("Unset TESTCONTAINERS_HOST_OVERRIDE")
                .hasMessageContaining("or set it to 198.51.100.2");
    }

    @Test
    void anOverrideNamingAnotherAddressWhileTheLocalEngineAnsweredOnLoopbackFails() {
        assertThatThrownBy(() -> EngineLocality.requireOverrideAgrees("192.0.2.77", "192.0.2.77", SOCKET, null,
                new ProbeAnswer(false, true, false)))
                .isInstanceOf(ClusterFailure.class)
                .hasMessageContaining("answered on 127.0.0.1 and not on 192.0.2.77: the engine shares this"
                        + " machine's network")
                .hasMessageContaining("or set it to 127.0.0.1");
    }

    @Test
    void noOverrideAnAnswerWhereItPointsOrNoAnswerAtAllContradictNothing() {
        ProbeAnswer elsewhere = new ProbeAnswer(false, false, true);
        assertThatCode(() -> EngineLocality.requireOverrideAgrees(null, "127.0.0.1", REMOTE, "198.51.100.2",
                elsewhere)).doesNotThrowAnyException();
        assertThatCode(() -> EngineLocality.requireOverrideAgrees(" ", "127.0.0.1", REMOTE, "198.51.100.2",
                elsewhere)).doesNotThrowAnyException();
        assertThatCode(() -> EngineLocality.requireOverrideAgrees("localhost", "127.0.0.1", SOCKET, null,
                new ProbeAnswer(true, true, false))).doesNotThrowAnyException();
        // Rootless Docker: nothing answers anywhere, and AUTO picks POD.
        assertThatCode(() -> EngineLocality.requireOverrideAgrees("localhost", "127.0.0.1", SOCKET, null,
                ProbeAnswer.NOTHING)).doesNotThrowAnyException();
    }
}
