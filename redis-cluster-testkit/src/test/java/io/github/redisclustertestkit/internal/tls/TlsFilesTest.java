package io.github.redisclustertestkit.internal.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsFilesTest {

    private static final ClusterCertificates MUTUAL =
            CertificateIssuer.issue("abc123", List.of("127.0.0.5"), true, Instant.now(), CertificateIssuer.DEFAULT_VALIDITY);

    @TempDir
    Path temp;

    @Test
    void writesPemThatReadsBackAsTheSameCertificatesAndTheClientKeyButNotTheNodesKey() throws Exception {
        TlsFiles files = TlsFiles.write(MUTUAL, temp);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        try (InputStream ca = Files.newInputStream(files.caCertificate());
             InputStream client = Files.newInputStream(files.clientCertificate())) {
            assertThat(x509.generateCertificate(ca)).isEqualTo(MUTUAL.ca());
            assertThat(x509.generateCertificate(client)).isEqualTo(MUTUAL.client().certificate());
        }
        assertThat(readKey(files.clientKey())).isEqualTo(MUTUAL.client().key());
        assertThat(Files.readString(files.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("\n-----END PRIVATE KEY-----\n");
        // The nodes' key stays in their containers: nothing on this machine needs it.
        assertThat(temp.resolve("server.key")).doesNotExist();
    }

    @Test
    void theStoresHoldTheCaAsTrustedAndTheClientKeyWithItsChain() throws Exception {
        TlsFiles files = TlsFiles.write(MUTUAL, temp);
        KeyStore trust = load(files.trustStore(), files.storePassword());
        assertThat(trust.size()).isOne();
        assertThat(trust.isCertificateEntry(TlsFiles.CA_ALIAS)).isTrue();
        assertThat(trust.getCertificate(TlsFiles.CA_ALIAS)).isEqualTo(MUTUAL.ca());

        KeyStore keys = load(files.keyStore(), files.storePassword());
        assertThat(keys.size()).isOne();
        assertThat(keys.getKey(TlsFiles.CLIENT_ALIAS, files.storePassword().toCharArray()))
                .isEqualTo(MUTUAL.client().key());
        assertThat(keys.getCertificateChain(TlsFiles.CLIENT_ALIAS))
                .containsExactly(new Certificate[] {MUTUAL.client().certificate(), MUTUAL.ca()});
    }

    @Test
    void aNewDirectoryAndEveryFileAreForTheOwnerOnlyAndGoneAfterDelete() throws Exception {
        TlsFiles files = TlsFiles.writeToNewDirectory(MUTUAL, "abc123");
        try {
            assertThat(files.directory().getFileName().toString()).startsWith("rct-tls-abc123-");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.directory())))
                    .isEqualTo("rwx------");
            List<Path> written;
            try (Stream<Path> list = Files.list(files.directory())) {
                written = list.toList();
            }
            assertThat(written).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                    "ca.crt", "client.crt", "client.key", "truststore.p12", "keystore.p12",
                    "store-password");
            for (Path file : written) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        } finally {
            files.delete();
        }
        assertThat(files.directory()).doesNotExist();
        files.delete();
    }

    @Test
    void withoutAClientCertificateThereAreNoClientFilesNorKeyStore() throws Exception {
        ClusterCertificates serverOnly = CertificateIssuer.issue("abc123", List.of(), false, Instant.now(),
                CertificateIssuer.DEFAULT_VALIDITY);
        TlsFiles files = TlsFiles.write(serverOnly, temp);
        assertThat(files.clientCertificate()).isNull();
        assertThat(files.clientKey()).isNull();
        assertThat(files.keyStore()).isNull();
        try (Stream<Path> list = Files.list(temp)) {
            assertThat(list.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "truststore.p12", "store-password");
        }
    }

    @Test
    void anotherProcessReadsTheSameFilesBackAndNothingOnceDeleted() {
        TlsFiles written = TlsFiles.writeToNewDirectory(MUTUAL, "abc123");
        try {
            TlsFiles read = TlsFiles.read(written.directory());
            assertThat(read).isEqualTo(written);
            assertThat(read.sslContext().getProtocol()).isEqualTo("TLS");
        } finally {
            written.delete();
        }
        assertThatThrownBy(() -> TlsFiles.read(written.directory())).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining(written.directory().toString());
    }

    @Test
    void eachClusterHasItsOwnPasswordAndToStringShowsNone() {
        TlsFiles one = TlsFiles.write(MUTUAL, temp.resolve(".").normalize());
        TlsFiles two = TlsFiles.write(MUTUAL, mkdir(temp.resolve("two")));
        assertThat(one.storePassword()).isNotEqualTo(two.storePassword()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(one.toString()).doesNotContain(one.storePassword()).contains(temp.toString());
    }

    private static Path mkdir(Path directory) {
        try {
            return Files.createDirectory(directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
