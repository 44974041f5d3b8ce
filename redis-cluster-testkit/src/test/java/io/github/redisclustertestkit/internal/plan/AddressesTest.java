package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static io.github.redisclustertestkit.internal.plan.PlannerTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AddressesTest {

    private static final InetAddress LOCALHOST = address("localhost", 127, 0, 0, 1);
    private static final InetAddress REMOTE = address("docker.example", 10, 0, 0, 5);
    private static final InetAddress REMOTE_IPV6 = address("docker.example", 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 5);

    @Test
    void aDockerHostOnThisMachineMeansLoopbackForEverything() {
        assertThat(Addresses.resolve(null, "localhost", LOCALHOST))
                .isEqualTo(new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"));
    }

    @Test
    void anIpv6LoopbackDockerHostStillMeansIpv4Loopback() {
        assertThat(Addresses.resolve(null, "localhost", address("localhost", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 1))).isEqualTo(new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"));
    }

    @Test
    void aRemoteDockerHostBindsItsOwnAddressAndClientsKeepItsName() {
        assertThat(Addresses.resolve(null, "docker.example", REMOTE))
                .isEqualTo(new Addresses("10.0.0.5", "10.0.0.5", "docker.example"));
    }

    @Test
    void aChosenWildcardListensEverywhereAndNodesMeetOnLoopbackHere() {
        assertThat(Addresses.resolve("0.0.0.0", "localhost", LOCALHOST))
                .isEqualTo(new Addresses("0.0.0.0", "127.0.0.1", "127.0.0.1"));
        assertThat(Addresses.resolve("::", "localhost", LOCALHOST)).isEqualTo(new Addresses("::", "::1", "::1"));
    }

    /** Sentinels announce the nodes' address to clients, which must not be handed their own loopback. */
    @Test
    void aChosenWildcardOnARemoteDockerHostMeetsOnItsAddress() {
        assertThat(Addresses.resolve("0.0.0.0", "docker.example", REMOTE))
                .isEqualTo(new Addresses("0.0.0.0", "10.0.0.5", "docker.example"));
        assertThat(Addresses.resolve("0:0::0", "docker.example", REMOTE_IPV6))
                .isEqualTo(new Addresses("0:0::0", "2001:db8:0:0:0:0:0:5", "docker.example"));
    }

    @Test
    void aChosenWildcardOfTheOtherFamilyThanARemoteDockerHostSaysWhichToChoose() {
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.resolve("::", "docker.example", REMOTE))
                .withMessageContaining("resolves to 10.0.0.5").withMessageContaining("withBindAddress(\"0.0.0.0\")")
                .withMessageContaining("--bind 0.0.0.0");
        assertThatIllegalStateException().isThrownBy(() -> Addresses.resolve("0.0.0.0", "nowhere.invalid", null))
                .withMessageStartingWith("the Docker host 'nowhere.invalid' does not resolve to an address");
    }

    @Test
    void aLoopbackAddressIsRefusedWithADockerHostElsewhere() {
        for (String loopback : new String[]{"127.0.0.1", "127.0.0.2", "::1"}) {
            assertThatIllegalArgumentException().as(loopback)
                    .isThrownBy(() -> Addresses.resolve(loopback, "docker.example", REMOTE))
                    .withMessageStartingWith("bindAddress " + loopback + " is a loopback address, but the Docker host"
                            + " 'docker.example' is not this machine")
                    .withMessageContaining("withBindAddress(\"IP\")").withMessageContaining("bindAddress")
                    .withMessageContaining("--bind IP");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.resolve("::1", "docker.example", null));
    }

    @Test
    void aChosenSpecificAddressIsUsedByEveryone() {
        assertThat(Addresses.resolve("127.0.0.2", "localhost", LOCALHOST))
                .isEqualTo(new Addresses("127.0.0.2", "127.0.0.2", "127.0.0.2"));
        assertThat(Addresses.resolve("192.168.1.7", "docker.example", REMOTE))
                .isEqualTo(new Addresses("192.168.1.7", "192.168.1.7", "192.168.1.7"));
        assertThat(Addresses.resolve("192.0.2.9", "docker.example", null))
                .isEqualTo(new Addresses("192.0.2.9", "192.0.2.9", "192.0.2.9"));
    }

    @Test
    void onlyLoopbackAddressesOtherThan127001NeedASourceAddress() {
        assertThat(Addresses.resolve(null, "localhost", LOCALHOST).sourceAddress()).isNull();
        assertThat(Addresses.resolve("0.0.0.0", "localhost", LOCALHOST).sourceAddress()).isNull();
        assertThat(Addresses.resolve(null, "docker.example", REMOTE).sourceAddress()).isNull();
        assertThat(Addresses.resolve("0.0.0.0", "docker.example", REMOTE).sourceAddress()).isNull();
        assertThat(Addresses.resolve("::1", "localhost", LOCALHOST).sourceAddress()).isNull();
        assertThat(Addresses.resolve("127.0.0.2", "localhost", LOCALHOST).sourceAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void anUnresolvableDockerHostWithoutAChoiceSaysHowToChoose() {
        assertThatIllegalStateException().isThrownBy(() -> Addresses.resolve(null, "nowhere.invalid", null))
                .withMessageStartingWith("the Docker host 'nowhere.invalid' does not resolve to an address")
                .withMessageContaining("withBindAddress(\"IP\")").withMessageContaining("--bind IP");
    }
}
