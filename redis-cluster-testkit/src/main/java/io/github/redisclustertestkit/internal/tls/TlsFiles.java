package io.github.redisclustertestkit.internal.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A cluster's certificates written to a directory of their own, readable by this user only: PEM
 * files for clients that take PEM, and PKCS#12 stores for JVM clients. The nodes' key is not among
 * them: the nodes get it in their containers (see {@code ClusterTls.environment}), and nothing on
 * this machine needs it.
 * <p>
 * The CA's private key is not among them (it was never kept). The stores share one random
 * password: it guards files that are already private to this user and live as long as the
 * cluster, so it is there because PKCS#12 tools want one, not as a secret of its own.
 *
 * @param directory         holds every file below and nothing else
 * @param caCertificate     {@code ca.crt}: what clients and nodes trust
 * @param clientCertificate {@code client.crt}, for mutual TLS; null without a client certificate
 * @param clientKey         {@code client.key}, its key; null without a client certificate
 * @param trustStore        {@code truststore.p12}: the CA certificate as a trusted entry
 * @param keyStore          {@code keystore.p12}: the client key with its chain; null without a client certificate
 * @param storePassword     the password of both stores and of the key entry
 */
public record TlsFiles(Path directory, Path caCertificate, Path clientCertificate, Path clientKey, Path trustStore,
                       Path keyStore,
                       String storePassword) {

    public static final String STORE_TYPE = "PKCS12";
    /** The alias of the CA certificate in the trust store. */
    public static final String CA_ALIAS = "redis-cluster-testkit-ca";
    /** The alias of the client key entry in the key store. */
    public static final String CLIENT_ALIAS = "redis-cluster-testkit-client";

    /** Before the cluster id in the name of a cluster's directory. */
    static final String DIRECTORY_PREFIX = "rct-tls-";
    /** Holds {@link #storePassword}, in the directory that is already private to this user. */
    private static final String PASSWORD_FILE = "store-password";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Writes the certificates into a new temporary directory ({@code rct-tls-<cluster id>-*},
     * owner-only on POSIX file systems). {@link #delete()} removes it.
     */
    public static TlsFiles writeToNewDirectory(ClusterCertificates certificates, String clusterId) {
        try {
            Path directory = POSIX
                    ? Files.createTempDirectory(DIRECTORY_PREFIX + clusterId + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(DIRECTORY_PREFIX + clusterId + "-");
            return write(certificates, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the TLS files of cluster " + clusterId
                    + " in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    /** Writes the files into {@code directory}, which exists and holds none of them yet. */
    public static TlsFiles write(ClusterCertificates certificates, Path directory) {
        String password = newPassword();
        try {
            Path ca = writeText(directory.resolve("ca.crt"), Pem.certificate(certificates.ca()));

            KeyStore trust = emptyStore();
            trust.setCertificateEntry(CA_ALIAS, certificates.ca());
            Path trustStore = writeStore(directory.resolve("truststore.p12"), trust, password);

            Path clientCrt = null;
            Path clientKey = null;
            Path keyStore = null;
            if (certificates.client() != null) {
                ClusterCertificates.Issued client = certificates.client();
                clientCrt = writeText(directory.resolve("client.crt"), Pem.certificate(client.certificate()));
                clientKey = writeText(directory.resolve("client.key"), Pem.privateKey(client.key()));
                KeyStore keys = emptyStore();
                keys.setKeyEntry(CLIENT_ALIAS, client.key(), password.toCharArray(),
                        new Certificate[] {client.certificate(), certificates.ca()});
                keyStore = writeStore(directory.resolve("keystore.p12"), keys, password);
            }
            // For a process that attaches to the cluster later (the CLI's fault verbs): see read().
            writeText(directory.resolve(PASSWORD_FILE), password);
            return new TlsFiles(directory, ca, clientCrt, clientKey, trustStore, keyStore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the TLS files to " + directory + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make the PKCS#12 stores in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The files {@link #write} wrote to {@code directory}, as another process of the same user finds
     * them.
     *
     * @throws UncheckedIOException naming the directory, if it or a file is gone or unreadable
     */
    public static TlsFiles read(Path directory) {
        try {
            String password = Files.readString(directory.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII);
            Path clientCrt = directory.resolve("client.crt");
            boolean client = Files.exists(clientCrt);
            return new TlsFiles(directory, existing(directory.resolve("ca.crt")),
                    client ? clientCrt : null, client ? existing(directory.resolve("client.key")) : null,
                    existing(directory.resolve("truststore.p12")),
                    client ? existing(directory.resolve("keystore.p12")) : null, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the cluster's TLS files in " + directory + " (the"
                    + " process that started the cluster removes them when it stops it): " + e, e);
        }
    }

    private static Path existing(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "missing or unreadable");
        }
        return file;
    }

    /** Removes the directory and its files; what is already gone is no error. */
    public void delete() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the TLS files in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new {@code SSLContext} for clients of the cluster: it trusts the CA and nothing else and, with
     * a client certificate, presents it.
     *
     * @throws IllegalStateException if the stores cannot be read (the cluster was stopped, which
     *                               removes them) or the JVM cannot use them
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore), storePassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalStateException("could not read the cluster's TLS stores in " + directory
                    + " (they are removed when the cluster stops): " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make an SSLContext from the cluster's TLS stores in "
                    + directory + ": " + e, e);
        }
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, storePassword.toCharArray());
        }
        return store;
    }

    /** Paths only: the password and the keys stay out of logs. */
    @Override
    public String toString() {
        return "TlsFiles[" + directory + (keyStore == null ? "" : ", with a client certificate") + "]";
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static Path writeText(Path file, String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(createPrivate(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static Path writeStore(Path file, KeyStore store, String password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(createPrivate(file))) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** Created empty with owner-only permissions, so the content is never readable by others, not even briefly. */
    private static Path createPrivate(Path file) throws IOException {
        FileAttribute<?>[] ownerOnly = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        return Files.createFile(file, ownerOnly);
    }
}
