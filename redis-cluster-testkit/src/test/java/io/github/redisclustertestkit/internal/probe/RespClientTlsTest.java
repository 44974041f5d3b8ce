package io.github.redisclustertestkit.internal.probe;

import io.github.redisclustertestkit.internal.tls.CertificateIssuer;
import io.github.redisclustertestkit.internal.tls.ClusterCertificates;
import io.github.redisclustertestkit.internal.tls.LoopbackTlsServer;
import io.github.redisclustertestkit.internal.tls.TlsFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RespClient over TLS, against an in-JVM TLS server with a cluster's certificates (the IT does it against Redis). */
class RespClientTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static TlsFiles files;
    private static LoopbackTlsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        ClusterCertificates certificates = CertificateIssuer.issue("probe", List.of(), false, Instant.now(),
                CertificateIssuer.DEFAULT_VALIDITY);
        files = TlsFiles.writeToNewDirectory(certificates, "probe");
        server = new LoopbackTlsServer(certificates, false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        files.delete();
    }

    @Test
    void callsOverTls() throws Exception {
        try (RespClient client = RespClient.connect("127.0.0.1", server.port(), null, TIMEOUT, trusting(files))) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (RespClient client = RespClient.connectBefore("127.0.0.1", server.port(), null, TIMEOUT, deadline,
                trusting(files))) {
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aServerOfAnotherCaFailsTheHandshakeBeforeAnyCommand() throws Exception {
        TlsFiles other = TlsFiles.writeToNewDirectory(CertificateIssuer.issue("other", List.of(), false,
                Instant.now(), CertificateIssuer.DEFAULT_VALIDITY), "other");
        try {
            assertThatThrownBy(() -> RespClient.connect("127.0.0.1", server.port(), null, TIMEOUT, trusting(other)))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            other.delete();
        }
    }

    /** A peer that accepts the connection but never answers the handshake must not hold a probe forever. */
    @Test
    void aSilentPeerFailsTheHandshakeWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> RespClient.connect("127.0.0.1", silent.getLocalPort(), null,
                    Duration.ofMillis(300), trusting(files))).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static SSLSocketFactory trusting(TlsFiles files) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files.trustStore())) {
            trust.load(in, files.storePassword().toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
