package io.github.redisclustertestkit.plan;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static io.github.redisclustertestkit.plan.PlannerTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AddressesTest {

    private static final InetAddress LOCALHOST = address("localhost", 127, 0, 0, 1);
    private static final InetAddress REMOTE = address("docker.example", 10, 0, 0, 5);

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
    void aChosenWildcardListensEverywhereAndNodesMeetOnLoopback() {
        assertThat(Addresses.resolve("0.0.0.0", "localhost", LOCALHOST))
                .isEqualTo(new Addresses("0.0.0.0", "127.0.0.1", "127.0.0.1"));
        assertThat(Addresses.resolve("0.0.0.0", "docker.example", REMOTE))
                .isEqualTo(new Addresses("0.0.0.0", "127.0.0.1", "docker.example"));
        assertThat(Addresses.resolve("::", "localhost", LOCALHOST)).isEqualTo(new Addresses("::", "::1", "::1"));
        assertThat(Addresses.resolve("0:0::0", "docker.example", REMOTE))
                .isEqualTo(new Addresses("0:0::0", "::1", "docker.example"));
    }

    @Test
    void aChosenSpecificAddressIsUsedByEveryone() {
        assertThat(Addresses.resolve("127.0.0.2", "localhost", LOCALHOST))
                .isEqualTo(new Addresses("127.0.0.2", "127.0.0.2", "127.0.0.2"));
        assertThat(Addresses.resolve("192.168.1.7", "docker.example", REMOTE))
                .isEqualTo(new Addresses("192.168.1.7", "192.168.1.7", "192.168.1.7"));
        assertThat(Addresses.resolve("::1", "docker.example", null)).isEqualTo(new Addresses("::1", "::1", "::1"));
    }

    @Test
    void onlyLoopbackAddressesOtherThan127001NeedASourceAddress() {
        assertThat(Addresses.resolve(null, "localhost", LOCALHOST).sourceAddress()).isNull();
        assertThat(Addresses.resolve("0.0.0.0", "localhost", LOCALHOST).sourceAddress()).isNull();
        assertThat(Addresses.resolve(null, "docker.example", REMOTE).sourceAddress()).isNull();
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
