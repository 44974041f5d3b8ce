package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.tls.CertificateIssuer;
import io.github.redisclustertestkit.internal.tls.ClusterCertificates;
import io.github.redisclustertestkit.internal.tls.LoopbackTlsServer;
import io.github.redisclustertestkit.internal.tls.TlsFiles;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's material against an in-JVM TLS server with the cluster's server certificate (TlsClusterIT: against every image). */
class TlsMaterialTest {

    private static final int TIMEOUT_MILLIS = 5_000;

    @Test
    void withoutAClientCertificateTheContextTrustsTheCaAndPresentsNothing() throws Exception {
        ClusterCertificates certificates = issue(false);
        TlsFiles files = TlsFiles.writeToNewDirectory(certificates, "unit");
        try (LoopbackTlsServer server = new LoopbackTlsServer(certificates, false)) {
            TlsMaterial material = TlsMaterial.of(files);
            assertThat(material.hasClientCertificate()).isFalse();
            assertThat(material.clientCertificateFile()).isEmpty();
            assertThat(material.clientKeyFile()).isEmpty();
            assertThat(material.keyStoreFile()).isEmpty();
            assertThat(material.caCertificateFile()).isEqualTo(files.caCertificate()).exists();
            assertThat(material.trustStoreFile()).isEqualTo(files.trustStore()).exists();
            assertThat(material.storeType()).isEqualTo("PKCS12");
            assertThat(ping(material.sslSocketFactory(), server.port())).isEqualTo("+PONG");
        } finally {
            files.delete();
        }
    }

    @Test
    void underMutualTlsTheContextPresentsTheClientCertificate() throws Exception {
        ClusterCertificates certificates = issue(true);
        TlsFiles files = TlsFiles.writeToNewDirectory(certificates, "unit");
        try (LoopbackTlsServer server = new LoopbackTlsServer(certificates, true)) {
            TlsMaterial material = TlsMaterial.of(files);
            assertThat(material.hasClientCertificate()).isTrue();
            assertThat(material.clientCertificateFile()).contains(files.clientCertificate());
            assertThat(material.clientKeyFile()).contains(files.clientKey());
            assertThat(material.keyStoreFile()).contains(files.keyStore());
            SSLSocket socket = connect(material.sslSocketFactory(), server.port());
            try (socket) {
                assertThat(socket.getSession().getLocalCertificates()[0])
                        .isEqualTo(certificates.client().certificate());
                assertThat(exchange(socket)).isEqualTo("+PONG");
            }
        } finally {
            files.delete();
        }
    }

    @Test
    void anotherClustersMaterialIsNotTrusted() throws Exception {
        ClusterCertificates mine = issue(false);
        TlsFiles other = TlsFiles.writeToNewDirectory(issue(false), "other");
        try (LoopbackTlsServer server = new LoopbackTlsServer(mine, false)) {
            assertThatThrownBy(() -> ping(TlsMaterial.of(other).sslSocketFactory(), server.port()))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        } finally {
            other.delete();
        }
    }

    @Test
    void afterTheFilesAreRemovedAContextCannotBeMadeAndTheMessageSaysWhy() {
        TlsFiles files = TlsFiles.writeToNewDirectory(issue(true), "unit");
        TlsMaterial material = TlsMaterial.of(files);
        files.delete();
        assertThatThrownBy(material::sslContext).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(files.directory().toString()).hasMessageContaining("removed when the cluster stops");
    }

    @Test
    void toStringNamesTheDirectoryButNotThePassword() {
        TlsFiles files = TlsFiles.writeToNewDirectory(issue(true), "unit");
        try {
            TlsMaterial material = TlsMaterial.of(files);
            assertThat(material.toString()).contains(files.directory().toString(), "mutual TLS")
                    .doesNotContain(material.storePassword());
        } finally {
            files.delete();
        }
    }

    private static ClusterCertificates issue(boolean client) {
        return CertificateIssuer.issue("unit", List.of(), client, Instant.now(), CertificateIssuer.DEFAULT_VALIDITY);
    }

    private static String ping(SSLSocketFactory factory, int port) throws IOException {
        try (SSLSocket socket = connect(factory, port)) {
            return exchange(socket);
        }
    }

    private static SSLSocket connect(SSLSocketFactory factory, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        return socket;
    }

    private static String exchange(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] reply = new byte[7];
        int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
        return new String(reply, 0, read, StandardCharsets.US_ASCII).strip();
    }
}
