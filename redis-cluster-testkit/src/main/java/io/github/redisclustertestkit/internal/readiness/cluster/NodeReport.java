package io.github.redisclustertestkit.internal.readiness.cluster;

import java.util.Map;

/**
 * What one node answered to {@code CLUSTER INFO}, {@code CLUSTER NODES} and
 * {@code INFO replication}, or why it did not answer.
 *
 * @param clusterInfo  the raw reply, or null
 * @param clusterNodes the raw reply, or null
 * @param replication  the INFO fields, or null
 * @param error        what was seen instead of replies (refused, timed out, an error reply), or null
 */
public record NodeReport(String clusterInfo, String clusterNodes, Map<String, String> replication, String error) {

    public NodeReport {
        replication = replication == null ? null : Map.copyOf(replication);
    }

    public static NodeReport of(String clusterInfo, String clusterNodes, Map<String, String> replication) {
        return new NodeReport(clusterInfo, clusterNodes, replication, null);
    }

    public static NodeReport failed(String seen) {
        return new NodeReport(null, null, null, seen);
    }
}
