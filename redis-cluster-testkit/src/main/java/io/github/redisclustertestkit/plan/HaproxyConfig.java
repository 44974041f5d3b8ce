package io.github.redisclustertestkit.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Routing;

import java.util.List;

/**
 * Renders {@code haproxy.cfg}: per shard a master port and a replicas port, plus the stats page
 * and the runtime API that readiness reads check results from.
 */
final class HaproxyConfig {

    private HaproxyConfig() {
    }

    static String render(ClusterSpec spec, String clusterId, List<ShardPlan> shards, int adminPort, int statsPort) {
        long inter = spec.haproxyCheckInterval().toMillis();
        StringBuilder cfg = new StringBuilder();
        cfg.append("# cluster ").append(clusterId).append(", routing ").append(spec.routing())
                .append(", rendered by redis-cluster-testkit\n");
        cfg.append("global\n");
        cfg.append("    maxconn 4096\n");
        cfg.append("    stats socket ipv4@0.0.0.0:").append(adminPort).append(" level admin\n\n");
        cfg.append("defaults\n");
        cfg.append("    mode tcp\n");
        cfg.append("    timeout connect 1s\n");
        // Tests hold connections for long and may block (BLPOP): no idle cut-off worth the name.
        cfg.append("    timeout client 1h\n");
        cfg.append("    timeout server 1h\n");
        cfg.append("    timeout check 1s\n");
        // rise 1 fall 1: one check result switches a server; shutdown-sessions cuts the clients
        // of a node the moment it stops being what the port promises.
        cfg.append("    default-server inter ").append(inter).append("ms fastinter ").append(inter)
                .append("ms downinter ").append(inter).append("ms rise 1 fall 1 on-marked-down shutdown-sessions\n\n");
        cfg.append("listen stats\n");
        cfg.append("    mode http\n");
        cfg.append("    bind :").append(statsPort).append('\n');
        cfg.append("    stats enable\n");
        cfg.append("    stats uri /\n");
        cfg.append("    stats refresh 1s\n");
        cfg.append('\n');
        for (ShardPlan shard : shards) {
            if (spec.routing() == Routing.SENTINEL_AGREED) {
                sentinelAgreedMaster(cfg, spec, shard);
            } else {
                roleCheckedMaster(cfg, spec, shard);
            }
            replicas(cfg, spec, shard);
        }
        return cfg.toString();
    }

    /**
     * Per node: a check backend with one server per Sentinel, UP while that Sentinel names the
     * node as master and the node answers role:master. The master port routes to the node whose
     * check backend has a majority UP; no two nodes can have one at the same time.
     */
    private static void sentinelAgreedMaster(StringBuilder cfg, ClusterSpec spec, ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        int majority = spec.majorityOfSentinels();
        cfg.append("frontend ").append(prefix).append("-master\n");
        cfg.append("    bind :").append(shard.haproxyMasterPort()).append('\n');
        for (NodePlan node : shard.redis()) {
            cfg.append("    use_backend ").append(prefix).append("-master-redis-").append(node.index())
                    .append(" if { nbsrv(").append(prefix).append("-agreed-redis-").append(node.index())
                    .append(") ge ").append(majority).append(" }\n");
        }
        // No server: until the Sentinels agree, connections are refused rather than guessed.
        cfg.append("    default_backend ").append(prefix).append("-no-master\n\n");
        cfg.append("backend ").append(prefix).append("-no-master\n\n");
        for (NodePlan node : shard.redis()) {
            cfg.append("backend ").append(prefix).append("-master-redis-").append(node.index()).append('\n');
            cfg.append("    option tcp-check\n");
            tcpCheckConnect(cfg, spec, "");
            expectRole(cfg, "master");
            cfg.append("    server redis-").append(node.index()).append(' ').append(Planner.NODE_HOST).append(':')
                    .append(node.port()).append(" check\n\n");

            cfg.append("backend ").append(prefix).append("-agreed-redis-").append(node.index()).append('\n');
            cfg.append("    option tcp-check\n");
            cfg.append("    tcp-check connect\n");
            cfg.append("    tcp-check send \"SENTINEL get-master-addr-by-name ").append(shard.masterName())
                    .append("\\r\\n\"\n");
            // Sentinel has no QUIT to close on; min-recv 0 judges the answer as it arrives, so a
            // Sentinel naming another node fails the check at once, not at the check timeout.
            cfg.append("    tcp-check expect min-recv 0 string \"\\r\\n").append(node.port()).append("\\r\\n\"\n");
            tcpCheckConnect(cfg, spec, " port " + node.port());
            expectRole(cfg, "master");
            for (NodePlan sentinel : shard.sentinels()) {
                cfg.append("    server sentinel-").append(sentinel.index()).append(' ').append(Planner.NODE_HOST)
                        .append(':').append(sentinel.port()).append(" check\n");
            }
            cfg.append('\n');
        }
    }

    /** The write-up's check: role:master with an active backlog (fooled after a manual failover). */
    private static void roleCheckedMaster(StringBuilder cfg, ClusterSpec spec, ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        cfg.append("frontend ").append(prefix).append("-master\n");
        cfg.append("    bind :").append(shard.haproxyMasterPort()).append('\n');
        cfg.append("    default_backend ").append(prefix).append("-master\n\n");
        cfg.append("backend ").append(prefix).append("-master\n");
        cfg.append("    option tcp-check\n");
        tcpCheckConnect(cfg, spec, "");
        expectRole(cfg, "master");
        cfg.append("    tcp-check expect string repl_backlog_active:1\n");
        servers(cfg, shard);
    }

    private static void replicas(StringBuilder cfg, ClusterSpec spec, ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        cfg.append("frontend ").append(prefix).append("-replicas\n");
        cfg.append("    bind :").append(shard.haproxyReplicasPort()).append('\n');
        cfg.append("    default_backend ").append(prefix).append("-replicas\n\n");
        cfg.append("backend ").append(prefix).append("-replicas\n");
        cfg.append("    balance roundrobin\n");
        cfg.append("    option tcp-check\n");
        tcpCheckConnect(cfg, spec, "");
        expectRole(cfg, "slave");
        cfg.append("    tcp-check expect string master_link_status:up\n");
        servers(cfg, shard);
    }

    private static void servers(StringBuilder cfg, ShardPlan shard) {
        for (NodePlan node : shard.redis()) {
            cfg.append("    server redis-").append(node.index()).append(' ').append(Planner.NODE_HOST).append(':')
                    .append(node.port()).append(" check\n");
        }
        cfg.append('\n');
    }

    private static void tcpCheckConnect(StringBuilder cfg, ClusterSpec spec, String portOption) {
        cfg.append("    tcp-check connect").append(portOption).append('\n');
        if (spec.password() != null) {
            cfg.append("    tcp-check send \"AUTH ").append(spec.password()).append("\\r\\n\"\n");
            cfg.append("    tcp-check expect string +OK\n");
        }
        cfg.append("    tcp-check send \"PING\\r\\n\"\n");
        cfg.append("    tcp-check expect string +PONG\n");
    }

    /** QUIT in the same send, so that a node answering another role fails the check at once. */
    private static void expectRole(StringBuilder cfg, String role) {
        cfg.append("    tcp-check send \"INFO replication\\r\\nQUIT\\r\\n\"\n");
        cfg.append("    tcp-check expect string role:").append(role).append('\n');
    }
}
