package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.tls.TlsFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client needs to connect to a TLS cluster: the cluster's CA certificate to trust and, under
 * mutual TLS, the client certificate and key to present, as files and as a ready {@link SSLContext}.
 * <p>
 * The name says what it is: key and trust material in the JSSE and OpenSSL sense, made for one
 * cluster when it starts, not a TLS setting. Each form suits some client: PEM files for Lettuce,
 * redis-cli or a Spring Boot PEM bundle; PKCS#12 stores with their password for a JKS-minded
 * configuration or a JKS bundle; an {@code SSLContext} or {@code SSLSocketFactory} for Jedis and
 * anything else on the JVM.
 * <p>
 * The files live in a directory of their own, readable by the test's user only, for as long as the
 * cluster: its CA is trusted by nothing else and its certificates expire soon. The CA's private key
 * is in none of them, so trusting the CA trusts this cluster's servers and nothing more. Only JDK
 * types appear here; {@link #toString()} shows no password.
 *
 * @since 0.1.0
 */
public final class TlsMaterial {

    private static final String STORE_TYPE = TlsFiles.STORE_TYPE;

    private final Path directory;
    private final Path caCertificateFile;
    private final Path clientCertificateFile;
    private final Path clientKeyFile;
    private final Path trustStoreFile;
    private final Path keyStoreFile;
    private final String storePassword;
    private final TlsFiles files;

    private TlsMaterial(TlsFiles files) {
        this.files = files;
        this.directory = files.directory();
        this.caCertificateFile = files.caCertificate();
        this.clientCertificateFile = files.clientCertificate();
        this.clientKeyFile = files.clientKey();
        this.trustStoreFile = files.trustStore();
        this.keyStoreFile = files.keyStore();
        this.storePassword = files.storePassword();
    }

    /** The client's part of a cluster's files: the server's key stays with the nodes. */
    static TlsMaterial of(TlsFiles files) {
        return new TlsMaterial(Objects.requireNonNull(files, "files"));
    }

    /**
     * The directory that holds every file below, owner-only; removed when the cluster stops.
     *
     * @return an absolute path
     * @since 0.1.0
     */
    public Path directory() {
        return directory;
    }

    /**
     * The cluster's CA certificate, PEM: what a client trusts ({@code --cacert}, Lettuce's
     * {@code SslOptions.trustManager(File)}, Spring Boot's {@code trust-certificate}).
     *
     * @return an absolute path
     * @since 0.1.0
     */
    public Path caCertificateFile() {
        return caCertificateFile;
    }

    /**
     * Whether the cluster was made with a client certificate, for mutual TLS: then its servers
     * refuse a client that does not present it.
     *
     * @return true if the client files and the key store exist
     * @since 0.1.0
     */
    public boolean hasClientCertificate() {
        return keyStoreFile != null;
    }

    /**
     * The client certificate, PEM, for mutual TLS.
     *
     * @return its path, or empty if the cluster has no client certificate
     * @since 0.1.0
     */
    public Optional<Path> clientCertificateFile() {
        return Optional.ofNullable(clientCertificateFile);
    }

    /**
     * The client certificate's private key, PEM (PKCS#8, unencrypted), for mutual TLS.
     *
     * @return its path, or empty if the cluster has no client certificate
     * @since 0.1.0
     */
    public Optional<Path> clientKeyFile() {
        return Optional.ofNullable(clientKeyFile);
    }

    /**
     * A PKCS#12 trust store that holds the CA certificate as its one trusted entry, protected by
     * {@link #storePassword()}.
     *
     * @return an absolute path
     * @since 0.1.0
     */
    public Path trustStoreFile() {
        return trustStoreFile;
    }

    /**
     * A PKCS#12 key store that holds the client key with its certificate chain, for mutual TLS;
     * the store and the key entry are protected by {@link #storePassword()}.
     *
     * @return its path, or empty if the cluster has no client certificate
     * @since 0.1.0
     */
    public Optional<Path> keyStoreFile() {
        return Optional.ofNullable(keyStoreFile);
    }

    /**
     * The password of the trust store, the key store and its key entry: random per cluster.
     *
     * @return the password
     * @since 0.1.0
     */
    public String storePassword() {
        return storePassword;
    }

    /**
     * The type of both stores, for {@code KeyStore.getInstance} or a {@code *-store-type} property.
     *
     * @return {@code PKCS12}
     * @since 0.1.0
     */
    public String storeType() {
        return STORE_TYPE;
    }

    /**
     * A new {@code SSLContext} (protocol {@code TLS}) that trusts the cluster's CA and nothing else
     * and, under mutual TLS, presents the client certificate. Host names are checked only where the
     * client asks for it (e.g. {@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}); the
     * server certificate names {@code 127.0.0.1}, {@code localhost} and the cluster's addresses.
     *
     * @return a new, initialised context
     * @throws IllegalStateException if the files cannot be read (the cluster was stopped, which
     *                               removes them) or the JVM cannot use them
     * @since 0.1.0
     */
    public SSLContext sslContext() {
        return files.sslContext();
    }

    /**
     * The socket factory of a new {@link #sslContext()}, e.g. for Jedis'
     * {@code DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(..)}.
     *
     * @return a socket factory that trusts the cluster's CA
     * @throws IllegalStateException as {@link #sslContext()}
     * @since 0.1.0
     */
    public SSLSocketFactory sslSocketFactory() {
        return sslContext().getSocketFactory();
    }

    /**
     * The directory, and whether there is a client certificate; never the password.
     *
     * @return a description for logs
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return "TlsMaterial[" + directory + (hasClientCertificate() ? ", mutual TLS" : "") + "]";
    }
}
