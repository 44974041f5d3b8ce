package io.github.redisclustertestkit.internal.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a cluster's certificates at start, in memory, without network access or external tools:
 * a CA, a server certificate for the nodes and, for mutual TLS, a client certificate.
 * <p>
 * The JDK can sign but has no public API to build an X.509 certificate, so Bouncy Castle's
 * {@code bcpkix} builds them. Keys and signatures come from the JDK's own providers: no provider
 * is registered, so the JVM's security setup is left as it was. Keys are EC P-256, which every
 * server build with TLS and every JDK client accepts, and which costs about a millisecond to make
 * (RSA 2048 takes tens).
 * <p>
 * The CA's private key never leaves this class: it signs the other two certificates and is
 * dropped, so nothing else can be issued under the CA a test trusts.
 */
public final class CertificateIssuer {

    /**
     * How long certificates are valid from the start of a cluster: a day covers any test run, and
     * material that leaked from a test expires soon after it.
     */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(1);
    /** notBefore lies this far before the start, so a clock read a moment later elsewhere still accepts it. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    /** The addresses every server certificate names: what clients on this machine use. */
    public static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost");

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String CURVE = "secp256r1";
    private static final String ORGANIZATION = "redis-cluster-testkit";
    /** IPv4 dotted quads, and anything with a colon (IPv6): each becomes an iPAddress SAN, the rest dNSName. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /**
     * Issues a cluster's certificates.
     *
     * @param clusterId         names the CA and certificates, so that a handshake error shows whose they are
     * @param extraAddresses    server addresses besides {@link #LOOPBACK_NAMES} (a bind address, a
     *                          host name): IP literals become IP SANs, other names DNS SANs
     * @param clientCertificate whether to issue a client certificate too, for mutual TLS
     * @param now               the start of validity (less {@link #BACKDATE})
     * @param validity          how long after {@code now} the certificates expire
     * @throws IllegalArgumentException naming an address that is neither an IP literal nor a host name
     */
    public static ClusterCertificates issue(String clusterId, List<String> extraAddresses, boolean clientCertificate,
                                            Instant now, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive (was " + validity + ")");
        }
        GeneralNames serverNames = subjectAlternativeNames(extraAddresses);
        Date notBefore = Date.from(now.minus(BACKDATE));
        Date notAfter = Date.from(now.plus(validity));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            KeyPair caKeys = newKeyPair();
            X500Name caName = name("redis-cluster-testkit CA " + clusterId);
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter, caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic())), caKeys.getPrivate());

            // Nodes present the server certificate when they connect out too (replication, Sentinel
            // to node, the cluster bus), where a server with tls-auth-clients checks it as a client's.
            KeyPair serverKeys = newKeyPair();
            X509Certificate server = sign(leaf(caKeys.getPublic(), caName, "redis-cluster-testkit server " + clusterId, serverKeys.getPublic(),
                    notBefore, notAfter, extensions, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)
                    .addExtension(Extension.subjectAlternativeName, false, serverNames), caKeys.getPrivate());

            ClusterCertificates.Issued client = null;
            if (clientCertificate) {
                KeyPair clientKeys = newKeyPair();
                client = new ClusterCertificates.Issued(sign(leaf(caKeys.getPublic(), caName, "redis-cluster-testkit client " + clusterId,
                        clientKeys.getPublic(), notBefore, notAfter, extensions, KeyPurposeId.id_kp_clientAuth),
                        caKeys.getPrivate()), clientKeys.getPrivate());
            }
            return new ClusterCertificates(ca, new ClusterCertificates.Issued(server, serverKeys.getPrivate()), client);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("could not issue the TLS certificates of cluster " + clusterId
                    + " with this JVM's security providers (" + SIGNATURE + " on " + CURVE + "): " + e.getMessage(), e);
        }
    }

    /** {@link #LOOPBACK_NAMES} and the extra addresses, each once, in that order. */
    static GeneralNames subjectAlternativeNames(List<String> extraAddresses) {
        Set<String> addresses = new LinkedHashSet<>(LOOPBACK_NAMES);
        addresses.addAll(extraAddresses);
        List<GeneralName> names = new ArrayList<>();
        for (String address : addresses) {
            if (IPV4.matcher(address).matches() || address.contains(":")) {
                names.add(ipAddress(address));
            } else if (DNS_NAME.matcher(address).matches() && address.length() <= 253) {
                names.add(new GeneralName(GeneralName.dNSName, address));
            } else {
                throw new IllegalArgumentException("TLS server address '" + address + "' is neither an IP address"
                        + " nor a host name");
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static GeneralName ipAddress(String address) {
        try {
            return new GeneralName(GeneralName.iPAddress, address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS server address '" + address + "' is not a valid IP address", e);
        }
    }

    private static X509v3CertificateBuilder leaf(PublicKey caKey, X500Name caName, String commonName,
                                                 PublicKey key, Date notBefore, Date notAfter,
                                                 JcaX509ExtensionUtils extensions, KeyPurposeId... purposes)
            throws GeneralSecurityException, CertIOException {
        return new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter, name(commonName), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                // The key identifier alone, as OpenSSL's authorityKeyIdentifier=keyid: issuer and serial
                // would add nothing for a CA that is never re-issued.
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caKey));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** Positive and unpredictable, as RFC 5280 asks (at most 20 octets). */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
