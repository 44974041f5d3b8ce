package io.github.redisclustertestkit.internal.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * One cluster's certificates, as {@link CertificateIssuer} made them: the CA certificate (its key
 * was dropped once the others were signed), the server certificate every node presents, and the
 * client certificate for mutual TLS, if one was asked for.
 *
 * @param ca     the self-signed CA certificate: what clients and nodes trust
 * @param server for every node; its SANs are the addresses clients use
 * @param client for clients under mutual TLS ({@code tls-auth-clients yes}), or null
 */
public record ClusterCertificates(X509Certificate ca, Issued server, Issued client) {

    public ClusterCertificates {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(server, "server");
    }

    /** The client certificate and key, if mutual TLS was asked for. */
    public Optional<Issued> clientCertificate() {
        return Optional.ofNullable(client);
    }

    /**
     * A certificate signed by the cluster's CA, with its private key.
     *
     * @param certificate the certificate, issued by {@link ClusterCertificates#ca()}
     * @param key         the private key of the certificate's public key
     */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }

        /** The subject only: a record's default would print the key object too. */
        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
        }
    }
}
