package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.TlsMaterial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The endpoints file of {@code up}: a small, stable JSON document (no JSON library needed). Its
 * {@code clusterId} lets the fault verbs find the cluster by the file; its {@code tls} names the
 * files a client of a TLS cluster needs ({@code null} for a plain one).
 */
final class EndpointsJson {

    private EndpointsJson() {
    }

    private static final Pattern CLUSTER_ID = Pattern.compile("\"clusterId\": \"([0-9a-z]+)\"");

    /**
     * A node of a native Redis Cluster as the endpoints file lists it.
     *
     * @param endpoint where clients reach it
     * @param role     {@code master} or {@code replica}, as at start
     */
    record ClusterNode(Endpoint endpoint, String role) {
    }

    /**
     * A TLS cluster's files, as the endpoints file names them: what {@link TlsMaterial} holds, in a
     * form the tests can make without starting a cluster.
     *
     * @param directory         the owner-only directory that holds them, removed with the cluster
     * @param caCertificate     the CA certificate (PEM) a client trusts
     * @param trustStore        the same CA in a PKCS#12 trust store
     * @param storeType         the type of both stores
     * @param storePassword     the password of both stores and of the key entry
     * @param clientCertificate under mutual TLS, the certificate (PEM) a client presents
     * @param clientKey         under mutual TLS, its key (PEM, PKCS#8)
     * @param keyStore          under mutual TLS, the key with its chain in a PKCS#12 key store
     */
    record Tls(Path directory, Path caCertificate, Path trustStore, String storeType, String storePassword,
               Optional<Path> clientCertificate, Optional<Path> clientKey, Optional<Path> keyStore) {

        static Tls of(TlsMaterial tls) {
            return new Tls(tls.directory(), tls.caCertificateFile(), tls.trustStoreFile(), tls.storeType(),
                    tls.storePassword(), tls.clientCertificateFile(), tls.clientKeyFile(), tls.keyStoreFile());
        }
    }

    /** The endpoints of the Sentinel topology: its shards, each with its HAProxy ports, nodes and Sentinels. */
    static String render(String clusterId, String password, Tls tls, String haproxyStats, List<ShardEndpoints> shards) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"clusterId\": ").append(string(clusterId)).append(",\n");
        json.append("  \"password\": ").append(password == null ? "null" : string(password)).append(",\n");
        json.append("  \"tls\": ").append(tls(tls)).append(",\n");
        json.append("  \"haproxyStats\": ").append(string(haproxyStats)).append(",\n");
        json.append("  \"shards\": [");
        for (int i = 0; i < shards.size(); i++) {
            ShardEndpoints s = shards.get(i);
            json.append(i == 0 ? "\n" : ",\n");
            json.append("    {\n");
            json.append("      \"index\": ").append(s.index()).append(",\n");
            json.append("      \"masterName\": ").append(string(s.masterName())).append(",\n");
            json.append("      \"haproxyMaster\": ").append(endpoint(s.haproxyMaster())).append(",\n");
            json.append("      \"haproxyReplicas\": ").append(endpoint(s.haproxyReplicas())).append(",\n");
            json.append("      \"master\": ").append(endpoint(s.master())).append(",\n");
            json.append("      \"replicas\": ").append(endpoints(s.replicas())).append(",\n");
            json.append("      \"sentinels\": ").append(endpoints(s.sentinels())).append('\n');
            json.append("    }");
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /**
     * The endpoints of a native Redis Cluster: its nodes, the seeds a cluster client takes, each with
     * its role at start (failovers change it later; {@code status} tells the masters now).
     */
    static String renderCluster(String clusterId, String password, Tls tls, List<ClusterNode> nodes) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"topology\": \"cluster\",\n");
        json.append("  \"clusterId\": ").append(string(clusterId)).append(",\n");
        json.append("  \"password\": ").append(password == null ? "null" : string(password)).append(",\n");
        json.append("  \"tls\": ").append(tls(tls)).append(",\n");
        json.append("  \"nodes\": [");
        for (int i = 0; i < nodes.size(); i++) {
            ClusterNode n = nodes.get(i);
            json.append(i == 0 ? "\n" : ",\n");
            json.append("    {\"host\": ").append(string(n.endpoint().host())).append(", \"port\": ")
                    .append(n.endpoint().port()).append(", \"role\": ").append(string(n.role())).append('}');
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /**
     * The cluster id an endpoints file names.
     *
     * @throws IllegalArgumentException if the file cannot be read or names none
     */
    static String clusterId(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--endpoints-file " + file + " cannot be read (" + e + "): give the"
                    + " file that 'up --endpoints-file' wrote, or the cluster id");
        }
        Matcher m = CLUSTER_ID.matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("--endpoints-file " + file + " names no clusterId: give the file that"
                    + " 'up --endpoints-file' wrote, or the cluster id");
        }
        return m.group(1);
    }

    /**
     * The {@code tls} object, or {@code null} for a plain cluster. It carries the store password: a
     * script needs it to open the PKCS#12 stores, and it keeps nothing secret that the files'
     * permissions do not. The stores sit in an owner-only directory next to an unencrypted PEM copy
     * of the same client key and a file with that password; the endpoints file itself is created
     * owner-only ({@link UpCommand#writeAtomically}) and already carries the Redis password.
     */
    private static String tls(Tls tls) {
        if (tls == null) {
            return "null";
        }
        return "{\n"
                + "    \"directory\": " + string(tls.directory().toString()) + ",\n"
                + "    \"caCertificate\": " + string(tls.caCertificate().toString()) + ",\n"
                + "    \"trustStore\": " + string(tls.trustStore().toString()) + ",\n"
                + "    \"clientCertificate\": " + path(tls.clientCertificate()) + ",\n"
                + "    \"clientKey\": " + path(tls.clientKey()) + ",\n"
                + "    \"keyStore\": " + path(tls.keyStore()) + ",\n"
                + "    \"storeType\": " + string(tls.storeType()) + ",\n"
                + "    \"storePassword\": " + string(tls.storePassword()) + "\n"
                + "  }";
    }

    private static String path(Optional<Path> file) {
        return file.map(f -> string(f.toString())).orElse("null");
    }

    static String endpoint(Endpoint e) {
        return "{\"host\": " + string(e.host()) + ", \"port\": " + e.port() + "}";
    }

    private static String endpoints(List<Endpoint> list) {
        return list.stream().map(EndpointsJson::endpoint).collect(Collectors.joining(", ", "[", "]"));
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
