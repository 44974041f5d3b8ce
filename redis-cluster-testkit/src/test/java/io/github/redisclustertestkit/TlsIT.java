package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.tls.CertificateIssuer;
import io.github.redisclustertestkit.internal.tls.TlsFiles;
import io.github.redisclustertestkit.spec.Defaults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.github.redisclustertestkit.TlsTestSupport.catchFrom;
import static io.github.redisclustertestkit.TlsTestSupport.causes;
import static io.github.redisclustertestkit.TlsTestSupport.trustOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The per-cluster TLS material against a real server: one host-networked node per image, serving
 * TLS only on 127.0.0.1 ({@code port 0}, {@code tls-port}), with the server certificate and key
 * copied in. Jedis and the library's own probe client connect with {@link TlsMaterial}'s socket
 * factory; a plain client, a client of another CA and, under {@code tls-auth-clients yes}, a client
 * without the client certificate are refused.
 * <p>
 * Images: {@code RCT_REDIS_IMAGE} (else the default), those of {@code RCT_REDIS_IMAGES}, and the
 * offline Redis 6.0 and Valkey 8.1 images where this machine has them.
 */
class TlsIT {

    /** Where the node finds its files: its working directory, which the image's entrypoint hands to the server's user. */
    private static final String TLS_DIR = "/data/tls/";
    private static final int TIMEOUT_MILLIS = 5_000;

    static List<String> images() {
        Set<String> images = new LinkedHashSet<>();
        images.add(System.getenv().getOrDefault(Defaults.REDIS_IMAGE_ENV, Defaults.REDIS_IMAGE.asCanonicalNameString()));
        String listed = System.getenv("RCT_REDIS_IMAGES");
        if (listed != null && !listed.isBlank()) {
            images.addAll(List.of(listed.trim().split("\\s+")));
        }
        for (String offline : List.of("redis-cluster-testkit/redis:6.0-bullseye", "redis-cluster-testkit/valkey:8.1-trixie")) {
            if (presentLocally(offline)) {
                images.add(offline);
            }
        }
        return new ArrayList<>(images);
    }

    @ParameterizedTest
    @MethodSource("images")
    void serverAuthenticatedTls(String image) throws Exception {
        TlsFiles files = issue(false);
        TlsFiles otherCluster = issue(false);
        try {
            TlsMaterial tls = TlsMaterial.of(files);
            withTlsNode(image, files, false, port -> {
                // Host names checked as a careful client would: both loopback names are in the certificate.
                for (String host : List.of("127.0.0.1", "localhost")) {
                    try (Jedis jedis = jedis(host, port, tls.sslSocketFactory(), true)) {
                        assertThat(jedis.set("greeting-" + host, "over TLS")).isEqualTo("OK");
                        assertThat(jedis.get("greeting-" + host)).isEqualTo("over TLS");
                    }
                }
                try (RespClient probe = RespClient.connect("127.0.0.1", port, null, Duration.ofMillis(TIMEOUT_MILLIS),
                        tls.sslSocketFactory())) {
                    assertThat(probe.call("PING")).isEqualTo("PONG");
                }

                assertThatThrownBy(() -> plainPing(port)).as("a plain client").isInstanceOf(JedisConnectionException.class);
                assertThatThrownBy(() -> {
                    try (RespClient plain = RespClient.connect("127.0.0.1", port, null, Duration.ofMillis(TIMEOUT_MILLIS))) {
                        plain.call("PING");
                    }
                }).as("a plain probe").isInstanceOf(IOException.class);

                Throwable wrongCa = catchFrom(() -> jedis("127.0.0.1", port,
                        TlsMaterial.of(otherCluster).sslSocketFactory(), false).ping());
                assertThat(wrongCa).as("a client trusting another cluster's CA").isInstanceOf(JedisConnectionException.class);
                assertThat(causes(wrongCa)).as("causes of " + wrongCa).anyMatch(SSLHandshakeException.class::isInstance);
            });
        } finally {
            files.delete();
            otherCluster.delete();
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void mutualTls(String image) throws Exception {
        TlsFiles files = issue(true);
        try {
            TlsMaterial tls = TlsMaterial.of(files);
            withTlsNode(image, files, true, port -> {
                try (Jedis jedis = jedis("127.0.0.1", port, tls.sslSocketFactory(), true)) {
                    assertThat(jedis.set("mutual", "yes")).isEqualTo("OK");
                    assertThat(jedis.get("mutual")).isEqualTo("yes");
                }
                try (RespClient probe = RespClient.connect("127.0.0.1", port, null, Duration.ofMillis(TIMEOUT_MILLIS),
                        tls.sslSocketFactory())) {
                    assertThat(probe.call("PING")).isEqualTo("PONG");
                }

                Throwable noClientCertificate = catchFrom(() -> jedis("127.0.0.1", port, trustOnly(tls), false).ping());
                assertThat(noClientCertificate).as("a client without the client certificate")
                        .isInstanceOf(JedisConnectionException.class);
                // Under TLS 1.3 the client's side of the handshake ends before the server checks its
                // certificate, so the refusal meets the first command: the server's certificate_required
                // alert (an SSLHandshakeException) or, when the write comes after the server closed the
                // connection, a broken pipe. A race: both were seen with Redis 6.0, 7.0 and Valkey 8.1.
                assertThat(causes(noClientCertificate)).as("causes of " + noClientCertificate)
                        .anyMatch(cause -> cause instanceof SSLException || cause instanceof SocketException);
                System.out.println(image + ": a client without the client certificate got " + causes(noClientCertificate));
            });
        } finally {
            files.delete();
        }
    }

    private interface PortCheck {
        void check(int port) throws Exception;
    }

    /** Starts one TLS-only node, runs the checks, and removes the node (and its volume) whatever happens. */
    private static void withTlsNode(String image, TlsFiles files, boolean authClients, PortCheck checks)
            throws Exception {
        assumeTrue(presentLocally(image), image + " is not on this machine");
        List<Integer> ports = new PortBlocks(InternalDefaults.PORT_RANGE_START, InternalDefaults.PORT_RANGE_END,
                TlsIT::free, new Random()).take(1);
        int port = ports.get(0);
        try (GenericContainer<?> node = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withCopyToContainer(privateFile(files.serverCertificate()), TLS_DIR + "server.crt")
                .withCopyToContainer(privateFile(files.serverKey()), TLS_DIR + "server.key")
                .withCopyToContainer(privateFile(files.caCertificate()), TLS_DIR + "ca.crt")
                // Options first: the image's entrypoint runs its server program with them and drops root.
                .withCommand("--port", "0", "--bind", "127.0.0.1", "--protected-mode", "no",
                        "--tls-port", String.valueOf(port),
                        "--tls-cert-file", TLS_DIR + "server.crt",
                        "--tls-key-file", TLS_DIR + "server.key",
                        "--tls-ca-cert-file", TLS_DIR + "ca.crt",
                        "--tls-auth-clients", authClients ? "yes" : "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)))) {
            node.start();
            try {
                checks.check(port);
            } catch (AssertionError | Exception e) {
                System.err.println(image + " log:\n" + node.getLogs());
                throw e;
            }
        } finally {
            PortBlocks.release(ports);
        }
    }

    private static TlsFiles issue(boolean clientCertificate) {
        return TlsFiles.writeToNewDirectory(CertificateIssuer.issue("tls-it", List.of(), clientCertificate,
                Instant.now(), CertificateIssuer.DEFAULT_VALIDITY), "tls-it");
    }

    /** Owner-only in the container too; the entrypoint makes the server's user its owner. */
    private static Transferable privateFile(Path file) throws IOException {
        return Transferable.of(Files.readAllBytes(file), 0600);
    }

    private static Jedis jedis(String host, int port, SSLSocketFactory factory, boolean checkHostName) {
        SSLParameters parameters = new SSLParameters();
        if (checkHostName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(factory).sslParameters(parameters)
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build());
    }

    private static String plainPing(int port) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build())) {
            return jedis.ping();
        }
    }

    private static boolean presentLocally(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException absent) {
            return false;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
