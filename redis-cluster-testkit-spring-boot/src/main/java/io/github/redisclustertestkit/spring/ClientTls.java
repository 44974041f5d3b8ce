package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.ClusterContainer;
import io.github.redisclustertestkit.TlsMaterial;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client's side of a TLS cluster as Spring Boot takes it: the cluster's CA to trust and, under
 * mutual TLS, the client certificate and key to present, all PEM files of the cluster's
 * {@link TlsMaterial}. The connection details return it as an {@link SslBundle}; the properties
 * publish the same files as a PEM bundle of Boot's {@code spring.ssl.bundle.*}, so both ways reach
 * the server with the same trust.
 *
 * @param caCertificate     the cluster's CA certificate
 * @param clientCertificate the client certificate under mutual TLS, else null
 * @param clientKey         its private key (PKCS#8) under mutual TLS, else null
 */
record ClientTls(Path caCertificate, Path clientCertificate, Path clientKey) {

    /** The bundle's name in {@code spring.ssl.bundle.pem.*}: one per context, as a context has one Redis connection. */
    static final String BUNDLE = "redis-cluster-testkit";
    static final String SSL_ENABLED = "spring.data.redis.ssl.enabled";
    static final String SSL_BUNDLE = "spring.data.redis.ssl.bundle";
    static final String TRUSTED_CERTIFICATE = "spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate";
    static final String CLIENT_CERTIFICATE = "spring.ssl.bundle.pem." + BUNDLE + ".keystore.certificate";
    static final String CLIENT_KEY = "spring.ssl.bundle.pem." + BUNDLE + ".keystore.private-key";
    static final List<String> PROPERTY_NAMES =
            List.of(SSL_ENABLED, SSL_BUNDLE, TRUSTED_CERTIFICATE, CLIENT_CERTIFICATE, CLIENT_KEY);

    ClientTls {
        Objects.requireNonNull(caCertificate, "caCertificate");
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate goes with its key: " + clientCertificate
                    + ", " + clientKey);
        }
    }

    /** {@return the cluster's client side, or null when it serves plain connections} */
    static ClientTls of(ClusterContainer cluster) {
        return cluster.spec().tls() ? of(cluster.tls()) : null;
    }

    static ClientTls of(TlsMaterial material) {
        return new ClientTls(material.caCertificateFile(), material.clientCertificateFile().orElse(null),
                material.clientKeyFile().orElse(null));
    }

    /**
     * The bundle Boot's Lettuce and Jedis configurations turn on TLS with. It reads the files when
     * first asked for its stores, which the cluster keeps for as long as it runs.
     *
     * @param tls the cluster's client side, or null
     * @return null when {@code tls} is: the details then ask for a plain connection
     */
    static SslBundle sslBundleOf(ClientTls tls) {
        if (tls == null) {
            return null;
        }
        PemSslStoreDetails keyStore = tls.clientCertificate == null ? null
                : PemSslStoreDetails.forCertificate(location(tls.clientCertificate)).withPrivateKey(location(tls.clientKey));
        return SslBundle.of(new PemSslStoreBundle(keyStore, PemSslStoreDetails.forCertificate(location(tls.caCertificate))));
    }

    /** The properties that give Boot the same bundle by name; no client certificate, no keystore entries. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(SSL_ENABLED, "true");
        properties.put(SSL_BUNDLE, BUNDLE);
        properties.put(TRUSTED_CERTIFICATE, location(caCertificate));
        if (clientCertificate != null) {
            properties.put(CLIENT_CERTIFICATE, location(clientCertificate));
            properties.put(CLIENT_KEY, location(clientKey));
        }
        return properties;
    }

    /** A {@code file:} URL: Boot reads a bundle's location as a resource, and a URL leaves it no choice. */
    private static String location(Path file) {
        return file.toAbsolutePath().toUri().toString();
    }
}
