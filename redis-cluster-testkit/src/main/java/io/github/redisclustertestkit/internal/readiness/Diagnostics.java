package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A readable dump of the cluster as it is: each node's role and replication offset, what each
 * Sentinel believes, HAProxy's server states, and each node's last log lines.
 */
public final class Diagnostics {

    private Diagnostics() {
    }

    /**
     * @param logs a node's last log lines
     */
    public static String render(ClusterPlan plan, Probe probe, Function<NodePlan, String> logs) {
        StringBuilder out = new StringBuilder();
        out.append("=== redis-cluster-testkit diagnostics, cluster ").append(plan.clusterId()).append(" ===\n");
        out.append(plan.server()).append(" (").append(plan.spec().redisImage()).append(")")
                .append(plan.haproxy() == null ? "" : ", HAProxy image " + plan.spec().haproxyImage()).append('\n');
        for (ShardPlan shard : plan.shards()) {
            out.append("--- ").append(shard.masterName()).append(plan.isRedisCluster() ? " (slots " + shard.slots()
                    : " (HAProxy master port " + shard.haproxyMasterPort() + ", replicas port "
                    + shard.haproxyReplicasPort()).append(")\n");
            for (NodePlan node : shard.redis()) {
                out.append("  ").append(node).append(": ");
                try (RespClient client = probe.redis(node.port())) {
                    Map<String, String> info = client.info("replication");
                    out.append("role:").append(info.get("role"));
                    if ("master".equals(info.get("role"))) {
                        out.append(" connected_slaves:").append(info.get("connected_slaves"))
                                .append(" master_repl_offset:").append(info.get("master_repl_offset"));
                    } else {
                        out.append(" master_port:").append(info.get("master_port"))
                                .append(" master_link_status:").append(info.get("master_link_status"))
                                .append(" slave_repl_offset:").append(info.get("slave_repl_offset"));
                    }
                    if (plan.isRedisCluster()) {
                        clusterView(out, client);
                    }
                } catch (IOException | RuntimeException e) {
                    out.append(Probe.seen(e));
                }
                out.append('\n');
            }
            for (NodePlan sentinel : shard.sentinels()) {
                out.append("  ").append(sentinel).append(": ");
                try (RespClient client = probe.sentinel(sentinel.port())) {
                    Map<String, String> m = RespClient.pairs(client.call("SENTINEL", "master", shard.masterName()));
                    out.append("master port=").append(m.get("port")).append(" flags=").append(m.get("flags"))
                            .append(" num-slaves=").append(m.get("num-slaves"))
                            .append(" num-other-sentinels=").append(m.get("num-other-sentinels"))
                            .append(" config-epoch=").append(m.get("config-epoch"));
                    if (String.valueOf(m.get("flags")).contains("s_down")) {
                        for (Object entry : (List<?>) client.call("SENTINEL", "replicas", shard.masterName())) {
                            SentinelSelection.pastLinkDownLimit(m, RespClient.pairs(entry))
                                    .ifPresent(why -> out.append("\n    ").append(why));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    out.append(Probe.seen(e));
                }
                out.append('\n');
            }
        }
        if (plan.haproxy() != null) {
            haproxy(out, plan, probe);
        }
        out.append("--- last log lines\n");
        for (NodePlan node : plan.nodes()) {
            out.append("  [").append(node.name()).append("]\n");
            for (String line : logs.apply(node).split("\n")) {
                out.append("    ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** A cluster node's state and its view of every node (CLUSTER NODES, without the link columns). */
    private static void clusterView(StringBuilder out, RespClient client) throws IOException {
        Map<String, String> info = RespClient.parseInfo(String.valueOf(client.call("CLUSTER", "INFO")));
        out.append(" cluster_state:").append(info.get("cluster_state")).append(" cluster_slots_ok:")
                .append(info.get("cluster_slots_ok")).append(" cluster_known_nodes:")
                .append(info.get("cluster_known_nodes"));
        for (String line : String.valueOf(client.call("CLUSTER", "NODES")).split("\n")) {
            if (!line.isBlank()) {
                out.append("\n      ").append(line.strip());
            }
        }
    }

    private static void haproxy(StringBuilder out, ClusterPlan plan, Probe probe) {
        out.append("--- HAProxy servers (runtime API port ").append(plan.haproxy().port()).append(")\n");
        try {
            for (HaproxyAdmin.ServerState s : HaproxyAdmin.servers(probe.host(plan.haproxy().port()), plan.haproxy().port(), probe.timeout())) {
                out.append("  ").append(s.backend()).append('/').append(s.server()).append(": ")
                        .append(s.status()).append(" (check ").append(s.checkStatus()).append(")\n");
            }
        } catch (IOException | RuntimeException e) {
            out.append("  ").append(Probe.seen(e)).append('\n');
        }
    }
}
