package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.spec.Defaults;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.net.ServerSocket;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTO's probe answers from facts: "reached" once its host-networked server answers, "not
 * reached" only once that server says it listens and still cannot be reached, however slowly
 * a loaded machine starts it.
 */
class HostNetworkingIT {

    private static final String IMAGE = System.getenv().getOrDefault(Defaults.REDIS_IMAGE_ENV,
            Defaults.REDIS_IMAGE.asCanonicalNameString());

    private static ProbeAnswer probe(Addresses addresses) {
        return probe(addresses, false);
    }

    private static ProbeAnswer probe(Addresses addresses, boolean withExtras) {
        String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
        List<Integer> port = new PortBlocks(InternalDefaults.PORT_RANGE_START, InternalDefaults.PORT_RANGE_END,
                HostNetworkingIT::free, new Random()).take(1);
        try {
            return HostNetworking.probe(dockerHost, null, IMAGE, "redis-server", addresses, port.get(0), withExtras);
        } finally {
            PortBlocks.release(port);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (java.io.IOException taken) {
            return false;
        }
    }

    @Test
    void aHostNetworkedServerOnThisLinuxEngineIsReached() {
        assertThat(probe(new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1")).atClientHost()).isTrue();
    }

    /** The server listens on 127.0.0.1 and the JVM looks on 127.0.0.2, as if its port were in a VM. */
    @Test
    void aServerThatListensWhereThisJvmDoesNotLookIsNotReached() {
        assertThat(probe(new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.2")))
                .isEqualTo(ProbeAnswer.NOTHING);
    }

    /** Where endpoints point at 127.0.0.1, an answer there is an answer at the client host, never a contradiction. */
    @Test
    void anAnswerOnLoopbackIsOneAtAClientHostOnLoopback() {
        for (int i = 0; i < 3; i++) {
            assertThat(probe(new Addresses("127.0.0.1", "127.0.0.1", "127.0.0.1"), true))
                    .isEqualTo(new ProbeAnswer(true, true, false));
        }
    }
}
