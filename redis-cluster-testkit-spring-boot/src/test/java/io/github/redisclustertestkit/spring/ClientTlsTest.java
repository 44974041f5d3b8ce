package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.internal.tls.CertificateIssuer;
import io.github.redisclustertestkit.internal.tls.ClusterCertificates;
import io.github.redisclustertestkit.internal.tls.TlsFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

/**
 * The bundle and the properties that a TLS cluster's files give Spring Boot, made from real
 * certificates of the core's issuer and proven by a handshake with the cluster's server certificate
 * (the samples' TLS tests prove them against Redis).
 */
class ClientTlsTest {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final List<TlsFiles> written = new ArrayList<>();

    @AfterEach
    void deleteTheFiles() {
        written.forEach(TlsFiles::delete);
    }

    @Test
    void theBundleTrustsTheClustersCaAndHandshakesWithItsServer() throws Exception {
        ClusterCertificates certificates = issue(false);
        SslBundle bundle = ClientTls.sslBundleOf(clientTls(certificates));

        assertThat(bundle.getStores().getKeyStore()).as("no client certificate to present").isNull();
        KeyStore trusted = bundle.getStores().getTrustStore();
        assertThat(trusted.getCertificate(trusted.aliases().nextElement())).isEqualTo(certificates.ca());
        assertThat(handshake(certificates, false, bundle.createSslContext())).isEmpty();
    }

    @Test
    void underMutualTlsTheBundlePresentsTheClientCertificate() throws Exception {
        ClusterCertificates certificates = issue(true);
        SslBundle bundle = ClientTls.sslBundleOf(clientTls(certificates));

        assertThat(handshake(certificates, true, bundle.createSslContext()))
                .containsExactly(certificates.client().certificate());
    }

    @Test
    void aBundleWithoutTheClientCertificateIsRefusedUnderMutualTls() throws Exception {
        ClusterCertificates certificates = issue(true);
        ClientTls trustOnly = new ClientTls(clientTls(certificates).caCertificate(), null, null);

        SSLContext context = ClientTls.sslBundleOf(trustOnly).createSslContext();
        Throwable refused = catchThrowable(() -> handshake(certificates, true, context));
        assertThat(Stream.iterate(refused, Objects::nonNull, Throwable::getCause)).as("%s", refused)
                .anyMatch(SSLHandshakeException.class::isInstance);
    }

    @Test
    void aPlainClusterHasNoBundle() {
        assertThat(ClientTls.sslBundleOf(null)).isNull();
    }

    @Test
    void thePropertiesNameABundleOfTheSameFiles() {
        ClientTls tls = clientTls(issue(true));
        ClientTls trustOnly = new ClientTls(tls.caCertificate(), null, null);

        assertThat(tls.properties()).containsExactly(
                entry("spring.data.redis.ssl.enabled", "true"),
                entry("spring.data.redis.ssl.bundle", "redis-cluster-testkit"),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.truststore.certificate",
                        tls.caCertificate().toUri().toString()),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.keystore.certificate",
                        tls.clientCertificate().toUri().toString()),
                entry("spring.ssl.bundle.pem.redis-cluster-testkit.keystore.private-key",
                        tls.clientKey().toUri().toString()));
        assertThat(trustOnly.properties()).containsOnlyKeys("spring.data.redis.ssl.enabled",
                "spring.data.redis.ssl.bundle", "spring.ssl.bundle.pem.redis-cluster-testkit.truststore.certificate");
        assertThat(ClientTls.PROPERTY_NAMES).containsExactlyElementsOf(tls.properties().keySet());
        assertThat(tls.caCertificate().toUri().toString()).startsWith("file:/");
    }

    private static ClusterCertificates issue(boolean clientCertificate) {
        return CertificateIssuer.issue("unit", List.of(), clientCertificate, Instant.now(),
                CertificateIssuer.DEFAULT_VALIDITY);
    }

    /** The cluster's files, as the connection takes them from its {@code TlsMaterial}. */
    private ClientTls clientTls(ClusterCertificates certificates) {
        TlsFiles files = TlsFiles.writeToNewDirectory(certificates, "unit");
        written.add(files);
        return new ClientTls(files.caCertificate(), files.clientCertificate(), files.clientKey());
    }

    /**
     * One handshake on 127.0.0.1 with the cluster's server certificate, as a node serves it.
     *
     * @return the certificates the client presented
     */
    private static List<Certificate> handshake(ClusterCertificates certificates, boolean needClientAuth,
                                               SSLContext client) throws Exception {
        char[] password = "unit-test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificates.server().key(), password,
                new Certificate[] {certificates.server().certificate(), certificates.ca()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates.ca());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(needClientAuth);
            server.setSoTimeout(TIMEOUT_MILLIS);
            // Completed before the server's socket closes: closing waits for the client's close_notify.
            CompletableFuture<List<Certificate>> seen = new CompletableFuture<>();
            new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(TIMEOUT_MILLIS);
                    accepted.startHandshake();
                    // TLS 1.3 ends the client's handshake before the server checked it: the server reads to know.
                    accepted.getInputStream().read();
                    seen.complete(needClientAuth ? List.of(accepted.getSession().getPeerCertificates()) : List.of());
                } catch (Exception e) {
                    seen.completeExceptionally(e);
                }
            }, "tls-server").start();
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    server.getLocalPort())) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
                try {
                    socket.getOutputStream().write('x');
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // A server that refused the client's certificate may have closed first (Broken pipe here):
                    // its own side, below, says why.
                }
                return seen.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
