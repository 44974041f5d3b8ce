package io.github.redisclustertestkit.internal.tls;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.TlsLayout;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A TLS cluster's certificates at run time: the files clients use, the socket factory the
 * library's own probes use, and what each node's container writes at start.
 * <p>
 * Made per cluster when it starts ({@link #issue}), or found again by another process of the same
 * user in the directory the cluster's labels name ({@link #read}).
 */
public final class ClusterTls {

    /** In each node's environment: where its container writes each file, and the file's PEM text. */
    public static final String CA_FILE_ENV = "RCT_TLS_CA_FILE";
    public static final String CA_ENV = "RCT_TLS_CA";
    public static final String CERT_FILE_ENV = "RCT_TLS_CERT_FILE";
    public static final String CERT_ENV = "RCT_TLS_CERT";
    public static final String KEY_FILE_ENV = "RCT_TLS_KEY_FILE";
    public static final String KEY_ENV = "RCT_TLS_KEY";

    /** On the nodes of a TLS cluster: the directory of its files, where attaching processes find its CA. */
    public static final String DIRECTORY_LABEL = "redis-cluster-testkit.plan.tls-directory";

    private final TlsFiles files;
    /** Null in a process that only attached: it starts no node. */
    private final ClusterCertificates certificates;
    private final SSLSocketFactory socketFactory;

    private ClusterTls(TlsFiles files, ClusterCertificates certificates) {
        this.files = files;
        this.certificates = certificates;
        this.socketFactory = files.sslContext().getSocketFactory();
    }

    /**
     * Issues the cluster's CA and certificates, valid for its addresses and for
     * {@link CertificateIssuer#DEFAULT_VALIDITY}, and writes them to a directory of their own.
     */
    public static ClusterTls issue(ClusterPlan plan) {
        ClusterCertificates certificates = CertificateIssuer.issue(plan.clusterId(), plan.tlsAddresses(),
                plan.spec().mutualTls(), Instant.now(), CertificateIssuer.DEFAULT_VALIDITY);
        return new ClusterTls(TlsFiles.writeToNewDirectory(certificates, plan.clusterId()), certificates);
    }

    /** The files of a cluster another process started, for probes: see {@link TlsFiles#read}. */
    public static ClusterTls read(Path directory) {
        return new ClusterTls(TlsFiles.read(directory), null);
    }

    /** Whether another process issued these: this one only found the files, and starts no node. */
    public boolean isAttached() {
        return certificates == null;
    }

    /** The label that names this cluster's directory of files. */
    public Map<String, String> labels() {
        return Map.of(DIRECTORY_LABEL, files.directory().toString());
    }

    /** The directory a node's labels name, if it is a TLS cluster's. */
    public static Optional<Path> directoryIn(Map<String, String> labels) {
        return Optional.ofNullable(labels.get(DIRECTORY_LABEL)).map(Path::of);
    }

    /**
     * Removes the files of a cluster whose owner is gone (killed before its teardown), as its
     * containers' labels name them. Only a directory this library would have made for that cluster
     * is removed: one in the temporary directory named {@code rct-tls-<cluster id>-*}, so that a
     * label cannot make this remove anything else.
     *
     * @return whether a directory was removed
     */
    public static boolean deleteLeftBehind(String clusterId, Map<String, String> labels) {
        Optional<Path> named = directoryIn(labels);
        if (named.isEmpty()) {
            return false;
        }
        Path directory = named.get().toAbsolutePath().normalize();
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (!temp.equals(directory.getParent()) || !directory.getFileName().toString()
                .startsWith(TlsFiles.DIRECTORY_PREFIX + clusterId + "-") || !Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false; // another user's, or going already: nothing this process may do about it
        }
    }

    /**
     * Removes this user's TLS directories of clusters that have no container left (their JVM was
     * killed after its containers went), once they are older than {@code minAge}: a start makes its
     * directory before its containers, and must not lose it to a sweep of another start.
     *
     * @param liveClusterIds the ids of every cluster with a container on the engine
     * @return how many directories were removed
     */
    public static int deleteAbandoned(Set<String> liveClusterIds, Duration minAge) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Instant before = Instant.now().minus(minAge);
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(temp, TlsFiles.DIRECTORY_PREFIX + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(TlsFiles.DIRECTORY_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash > 0 && !liveClusterIds.contains(rest.substring(0, dash)) && Files.isWritable(dir)
                        && Files.getLastModifiedTime(dir).toInstant().isBefore(before)
                        && deleteLeftBehind(rest.substring(0, dash), Map.of(DIRECTORY_LABEL, dir.toString()))) {
                    removed++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable temporary directory: nothing to sweep here
        }
        return removed;
    }

    public TlsFiles files() {
        return files;
    }

    /** For the library's own connections: trusts the cluster's CA, and presents the client certificate under mutual TLS. */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * What the container of a node of {@code kind} writes before its program starts (see
     * {@link TlsLayout}): Redis nodes and Sentinels get the CA and the server certificate with its
     * key; HAProxy gets the CA and, under mutual TLS, the client certificate with its key.
     * <p>
     * The key travels in the container's environment, which only whoever may inspect the container
     * sees, and whoever may do that may also read the file inside it.
     */
    public Map<String, String> environment(NodeKind kind) {
        Objects.requireNonNull(certificates, "an attached cluster starts no node");
        String ca = Pem.certificate(certificates.ca());
        if (kind != NodeKind.HAPROXY) {
            ClusterCertificates.Issued server = certificates.server();
            return Map.of(CA_FILE_ENV, TlsLayout.caFile(kind), CA_ENV, ca,
                    CERT_FILE_ENV, TlsLayout.certificateFile(kind), CERT_ENV, Pem.certificate(server.certificate()),
                    KEY_FILE_ENV, TlsLayout.keyFile(kind), KEY_ENV, Pem.privateKey(server.key()));
        }
        return certificates.clientCertificate()
                .map(client -> Map.of(CA_FILE_ENV, TlsLayout.caFile(kind), CA_ENV, ca,
                        CERT_FILE_ENV, TlsLayout.certificateFile(kind),
                        CERT_ENV, Pem.certificate(client.certificate()) + Pem.privateKey(client.key())))
                .orElseGet(() -> Map.of(CA_FILE_ENV, TlsLayout.caFile(kind), CA_ENV, ca));
    }

    /** Removes the files; what is already gone is no error. */
    public void delete() {
        files.delete();
    }

    @Override
    public String toString() {
        return "ClusterTls[" + files + "]";
    }
}
