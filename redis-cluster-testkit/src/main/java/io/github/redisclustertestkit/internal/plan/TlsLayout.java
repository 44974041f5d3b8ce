package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

/**
 * Where a node of a TLS cluster finds its TLS files, which its container writes at start from what
 * the runtime issued for the cluster (the plan stays pure: it names the files, never their content).
 * <p>
 * Redis nodes and Sentinels keep them under {@code /data}, whose owner (the server's user in the
 * official images) the container script hands them to; HAProxy runs as a non-root user, who may
 * write to {@code /tmp}.
 */
public final class TlsLayout {

    private TlsLayout() {
    }

    /** The directory of the node's TLS files. */
    public static String directory(NodeKind kind) {
        return kind == NodeKind.HAPROXY ? "/tmp/tls" : "/data/tls";
    }

    /** The cluster's CA certificate: what the node trusts in its peers (and, under mutual TLS, its clients). */
    public static String caFile(NodeKind kind) {
        return directory(kind) + "/ca.crt";
    }

    /**
     * The certificate the node presents: a Redis node's or Sentinel's server certificate (also
     * presented when it connects out); HAProxy's, the client certificate and its key in one file
     * (its {@code crt} keyword takes them together), present under mutual TLS only.
     */
    public static String certificateFile(NodeKind kind) {
        return directory(kind) + (kind == NodeKind.HAPROXY ? "/client.pem" : "/node.crt");
    }

    /** The private key of a Redis node's or Sentinel's certificate (HAProxy has its key in {@link #certificateFile}). */
    public static String keyFile(NodeKind kind) {
        return directory(kind) + "/node.key";
    }

    /**
     * The TLS lines of a Redis node's or Sentinel's config: TLS only on {@code port}, and TLS for the
     * connections it makes (replication, Sentinel to nodes and to Sentinels, and with
     * {@code cluster} the cluster bus).
     */
    static void appendServerLines(StringBuilder conf, ClusterSpec spec, NodeKind kind, int port, boolean cluster) {
        // The plain port closed: a client that forgot TLS is refused, as production would refuse it.
        conf.append("port 0\n");
        conf.append("tls-port ").append(port).append('\n');
        conf.append("tls-cert-file ").append(certificateFile(kind)).append('\n');
        conf.append("tls-key-file ").append(keyFile(kind)).append('\n');
        conf.append("tls-ca-cert-file ").append(caFile(kind)).append('\n');
        conf.append("tls-auth-clients ").append(spec.mutualTls() ? "yes" : "no").append('\n');
        conf.append("tls-replication yes\n");
        if (cluster) {
            conf.append("tls-cluster yes\n");
        }
    }
}
