package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.ShardEndpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The endpoints file of {@code up}: a small, stable JSON document (no JSON library needed). Its
 * {@code clusterId} lets the fault verbs find the cluster by the file.
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

    /** The endpoints of the Sentinel topology: its shards, each with its HAProxy ports, nodes and Sentinels. */
    static String render(String clusterId, String password, String haproxyStats, List<ShardEndpoints> shards) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"clusterId\": ").append(string(clusterId)).append(",\n");
        json.append("  \"password\": ").append(password == null ? "null" : string(password)).append(",\n");
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
    static String renderCluster(String clusterId, String password, List<ClusterNode> nodes) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"topology\": \"cluster\",\n");
        json.append("  \"clusterId\": ").append(string(clusterId)).append(",\n");
        json.append("  \"password\": ").append(password == null ? "null" : string(password)).append(",\n");
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
