package io.github.redisclustertestkit.internal.tls;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateIssuerTest {

    private static final Instant NOW = Instant.now();
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private static ClusterCertificates issue(List<String> extra, boolean client) {
        return CertificateIssuer.issue("abc123", extra, client, NOW, CertificateIssuer.DEFAULT_VALIDITY);
    }

    @Test
    void theServerAndClientCertificatesChainToTheCaAtTheStartAndUntilTheEndOfADay() throws Exception {
        ClusterCertificates certificates = issue(List.of("127.0.0.5"), true);
        for (X509Certificate leaf : List.of(certificates.server().certificate(),
                certificates.clientCertificate().orElseThrow().certificate())) {
            for (Instant at : List.of(NOW, NOW.plus(Duration.ofHours(23)))) {
                validate(leaf, certificates.ca(), at);
            }
            assertThatThrownBy(() -> validate(leaf, certificates.ca(),
                    NOW.plus(CertificateIssuer.DEFAULT_VALIDITY).plusSeconds(1)))
                    .isInstanceOf(CertPathValidatorException.class).hasRootCauseInstanceOf(CertificateExpiredException.class);
        }
        certificates.ca().verify(certificates.ca().getPublicKey());
    }

    @Test
    void aCertificateFromAnotherClustersCaDoesNotChain() {
        X509Certificate otherCa = issue(List.of(), false).ca();
        X509Certificate server = issue(List.of(), false).server().certificate();
        assertThatThrownBy(() -> validate(server, otherCa, NOW)).isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void theValidityStartsALittleBeforeTheStartSoThatAnotherClockAcceptsIt() throws Exception {
        X509Certificate server = issue(List.of(), false).server().certificate();
        server.checkValidity(Date.from(NOW.minusSeconds(60)));
        assertThatThrownBy(() -> server.checkValidity(Date.from(NOW.minus(CertificateIssuer.BACKDATE).minusSeconds(1))))
                .isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void theServerCertificateNamesLoopbackAndTheExtraAddressesOnce() throws Exception {
        X509Certificate server = issue(List.of("127.0.0.5", "localhost", "::1", "redis.test"), false)
                .server().certificate();
        assertThat(server.getSubjectAlternativeNames()).containsExactly(
                List.of(IP_ADDRESS, "127.0.0.1"), List.of(DNS_NAME, "localhost"), List.of(IP_ADDRESS, "127.0.0.5"),
                List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"), List.of(DNS_NAME, "redis.test"));
        assertThat(server.getSubjectX500Principal().getName()).contains("abc123");
    }

    @Test
    void eachKeyBelongsToItsCertificate() throws Exception {
        ClusterCertificates certificates = issue(List.of(), true);
        for (ClusterCertificates.Issued issued : List.of(certificates.server(),
                certificates.clientCertificate().orElseThrow())) {
            byte[] data = "a handshake".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issued.key());
            signer.update(data);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(issued.certificate().getPublicKey());
            verifier.update(data);
            assertThat(verifier.verify(signer.sign())).as(issued.toString()).isTrue();
        }
        assertThat(certificates.server().key().getEncoded())
                .isNotEqualTo(certificates.clientCertificate().orElseThrow().key().getEncoded());
    }

    @Test
    void purposesFitTheRoles() throws Exception {
        ClusterCertificates certificates = issue(List.of(), true);
        X509Certificate server = certificates.server().certificate();
        X509Certificate client = certificates.clientCertificate().orElseThrow().certificate();
        assertThat(certificates.ca().getBasicConstraints()).isZero();
        assertThat(certificates.ca().getKeyUsage()[5]).as("keyCertSign").isTrue();
        // Nodes present the server certificate as clients too (replication, Sentinel, cluster bus).
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getSubjectAlternativeNames()).isNull();
        for (X509Certificate leaf : List.of(server, client)) {
            assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
            assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
            assertThat(leaf.getSerialNumber()).isPositive();
        }
    }

    @Test
    void withoutAClientCertificateThereIsNone() {
        assertThat(issue(List.of(), false).clientCertificate()).isEmpty();
    }

    @Test
    void anAddressThatIsNeitherAnIpNorAHostNameIsRefusedByName() {
        assertThatThrownBy(() -> issue(List.of("not an address"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not an address'");
        assertThatThrownBy(() -> issue(List.of("127.0.0.300"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'127.0.0.300'");
        assertThatThrownBy(() -> CertificateIssuer.issue("abc123", List.of(), false, NOW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
    }

    @Test
    void noSecurityProviderIsRegistered() {
        issue(List.of(), true);
        assertThat(Arrays.stream(Security.getProviders()).map(p -> p.getName())).doesNotContain("BC");
    }

    /** The figure the issue asks for: milliseconds, cold (class loading) and warm. */
    @Test
    void issuingTakesMilliseconds() {
        long cold = System.nanoTime();
        CertificateIssuer.issue("cold", List.of("127.0.0.5"), true, Instant.now(), Duration.ofHours(1));
        double coldMillis = (System.nanoTime() - cold) / 1e6;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            CertificateIssuer.issue("warm", List.of("127.0.0.5"), true, Instant.now(), Duration.ofHours(1));
            warm.add((System.nanoTime() - start) / 1e6);
        }
        warm.sort(Double::compare);
        System.out.printf("CA + server + client certificates: first %.1f ms, then median %.1f ms, max %.1f ms%n",
                coldMillis, warm.get(warm.size() / 2), warm.get(warm.size() - 1));
        // A hang or a far slower key type shows here; a busy machine does not.
        assertThat(warm.get(warm.size() / 2)).isLessThan(250.0);
    }

    private static void validate(X509Certificate leaf, X509Certificate ca, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
