package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Routing;

import java.time.Duration;
import java.util.List;

/**
 * Renders {@code haproxy.cfg}: per shard a master port and a replicas port, plus the stats page
 * and the runtime API that readiness reads check results from.
 */
final class HaproxyConfig {

    /**
     * How often a gated master server is checked while down. Once the Sentinels agree on a new
     * master, its server must pass one check through the gate before the master port can use it;
     * checking often keeps that from adding a whole check interval to a failover. Cheap: while
     * the conditions fail, the gate refuses the check inside HAProxy, without reaching Redis.
     */
    private static final Duration GATE_DOWN_INTER = Duration.ofMillis(20);

    /**
     * The interval of checks of an up server on a TLS cluster, at least: HAProxy bounds a check's
     * connect by {@code min(timeout connect, inter)}, and over TLS the connect includes the
     * handshake, which waits for the node's event loop. On a loaded machine that took over 100 ms,
     * and a check that failed for it marked a healthy node down (cutting its clients' connections).
     * Down servers are still checked at the spec's interval, so that routing follows a new master as fast.
     */
    static final Duration TLS_UP_INTER = Duration.ofSeconds(1);

    private HaproxyConfig() {
    }

    static String render(ClusterSpec spec, Acl acl, Addresses addresses, String clusterId, List<ShardPlan> shards,
                         int adminPort, int statsPort) {
        long inter = spec.haproxyCheckInterval().toMillis();
        StringBuilder cfg = new StringBuilder();
        cfg.append("# cluster ").append(clusterId).append(", routing ").append(spec.routing())
                .append(", rendered by redis-cluster-testkit\n");
        cfg.append("global\n");
        cfg.append("    maxconn 4096\n");
        // A soft stop (SIGUSR1) otherwise waits for clients, which tests hold for long (timeout client 1h).
        cfg.append("    hard-stop-after 100ms\n");
        Net net = new Net(addresses, addresses.bind(adminPort),
                addresses.perNode() ? addresses.sourceAddress(adminPort) : null);
        // One runtime API line per address: a stats socket takes one address, a bind line a list.
        for (String address : net.listen().split(" ")) {
            cfg.append("    stats socket ").append(Addresses.haproxy(address, adminPort)).append(" level admin\n");
        }
        cfg.append('\n');
        cfg.append("defaults\n");
        cfg.append("    mode tcp\n");
        cfg.append("    timeout connect 1s\n");
        // A refused connect fails the client's connection at once. By default HAProxy retries the
        // same server 3 times, waiting a second before each retry: a client that connected just
        // after a node died was held for seconds, where closing lets it retry by itself.
        cfg.append("    retries 0\n");
        // Tests hold connections for long and may block (BLPOP): no idle cut-off worth the name.
        cfg.append("    timeout client 1h\n");
        cfg.append("    timeout server 1h\n");
        cfg.append("    timeout check 1s\n");
        // rise 1 fall 1: one check result switches a server; shutdown-sessions cuts the clients
        // of a node the moment it stops being what the port promises.
        long upInter = spec.tls() ? Math.max(inter, TLS_UP_INTER.toMillis()) : inter;
        cfg.append("    default-server inter ").append(upInter).append("ms fastinter ").append(inter)
                .append("ms downinter ").append(inter).append("ms rise 1 fall 1 on-marked-down shutdown-sessions")
                .append(tlsServerOptions(spec)).append("\n\n");
        cfg.append("listen stats\n");
        cfg.append("    mode http\n");
        bind(cfg, net, statsPort);
        cfg.append("    stats enable\n");
        cfg.append("    stats uri /\n");
        cfg.append("    stats refresh 1s\n");
        cfg.append('\n');
        for (ShardPlan shard : shards) {
            if (spec.routing() == Routing.SENTINEL_AGREED) {
                sentinelAgreedMaster(cfg, spec, acl, net, clusterId, shard);
            } else {
                roleCheckedMaster(cfg, spec, acl, net, shard);
            }
            replicas(cfg, spec, acl, net, shard);
        }
        return cfg.toString();
    }

    /**
     * The master port routes to node X only while, with one check server per Sentinel:
     * <ul>
     * <li><b>votes</b>: a majority of the Sentinels name X ({@code get-master-addr-by-name}) and
     *     X answers role:master. No two nodes can hold a majority at once.</li>
     * <li><b>objections</b>: no Sentinel that answers names another node. The leader of a
     *     failover names the new master first; this drops X at once, instead of when the other
     *     Sentinels have heard of it, which would leave a window in which both were reachable.</li>
     * <li><b>failing over from X</b>: no Sentinel is failing over away from X. A manual failover
     *     marks the old master this way as soon as it starts, long before anyone names the new one.</li>
     * </ul>
     * A Sentinel that does not answer neither votes nor objects: one of three may be down.
     * <p>
     * The frontend applies these conditions when a connection opens. Connections already open
     * must be cut as soon as they stop holding, not when X stops answering role:master (seconds
     * later, once Sentinel demotes it): until then they would keep writing to the old master.
     * So X's master server is reached through a gate, an internal listener on an abstract socket
     * that refuses connections unless the same conditions hold. Its health check passes through
     * the gate too, so the server goes down, and {@code shutdown-sessions} cuts its clients,
     * within two check intervals (the Sentinel's check server, then the node's) of the first
     * objection.
     */
    private static void sentinelAgreedMaster(StringBuilder cfg, ClusterSpec spec, Acl acl, Net net, String clusterId,
                                             ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        int majority = spec.majorityOfSentinels();
        cfg.append("frontend ").append(prefix).append("-master\n");
        bind(cfg, net, shard.haproxyMasterPort());
        for (NodePlan node : shard.redis()) {
            cfg.append("    use_backend ").append(prefix).append("-master-redis-").append(node.index())
                    .append(" if ").append(agreedOn(prefix, node, majority)).append('\n');
        }
        // No server: while the Sentinels disagree, connections are refused rather than guessed.
        cfg.append("    default_backend ").append(prefix).append("-no-master\n\n");
        cfg.append("backend ").append(prefix).append("-no-master\n\n");
        for (NodePlan node : shard.redis()) {
            String suffix = "-redis-" + node.index();
            String portLine = "\\r\\n" + node.port() + "\\r\\n";

            String gate = "abns@rct-" + clusterId + "-" + prefix + suffix;
            cfg.append("backend ").append(prefix).append("-master").append(suffix).append('\n');
            cfg.append("    option tcp-check\n");
            tcpCheckConnect(cfg, spec, acl, "");
            expectRole(cfg, "master");
            cfg.append("    server redis-").append(node.index()).append(' ').append(gate).append(" check downinter ")
                    .append(GATE_DOWN_INTER.toMillis()).append("ms\n\n");

            // Named outside the shard's prefix: readiness waits for every shard-N-* server to be
            // checked, and this one has no check of its own.
            cfg.append("listen gate-").append(prefix).append(suffix).append('\n');
            cfg.append("    bind ").append(gate).append('\n');
            cfg.append("    tcp-request connection reject unless ").append(agreedOn(prefix, node, majority))
                    .append('\n');
            cfg.append("    server redis-").append(node.index()).append(' ')
                    .append(Addresses.haproxy(net.addresses().nodeHost(node.port()), node.port())).append(net.source())
                    .append("\n\n");

            cfg.append("backend ").append(prefix).append("-votes").append(suffix).append('\n');
            cfg.append("    option tcp-check\n");
            askSentinel(cfg, spec, "SENTINEL get-master-addr-by-name " + shard.masterName());
            cfg.append("    tcp-check expect min-recv 0 string \"").append(portLine).append("\"\n");
            // The node, on the Sentinel server's address unless nodes have addresses of their own.
            tcpCheckConnect(cfg, spec, acl, (net.addresses().perNode() ? " addr " + net.addresses().nodeHost(node.port()) : "")
                    + " port " + node.port());
            expectRole(cfg, "master");
            sentinelServers(cfg, net, shard);

            cfg.append("backend ").append(prefix).append("-objections").append(suffix).append('\n');
            cfg.append("    option tcp-check\n");
            askSentinel(cfg, spec, "SENTINEL get-master-addr-by-name " + shard.masterName());
            cfg.append("    tcp-check expect min-recv 0 ! string \"").append(portLine).append("\"\n");
            sentinelServers(cfg, net, shard);

            cfg.append("backend ").append(prefix).append("-failing-over-from").append(suffix).append('\n');
            cfg.append("    option tcp-check\n");
            askSentinel(cfg, spec, "SENTINEL master " + shard.masterName());
            // Single quotes: the regular expression gets \r, \n and \$ as they are.
            cfg.append("    tcp-check expect min-recv 0 rstring 'port\\r\\n\\$[0-9]+\\r\\n").append(node.port())
                    .append("\\r\\n'\n");
            cfg.append("    tcp-check expect min-recv 0 string failover_in_progress\n");
            sentinelServers(cfg, net, shard);
        }
    }

    /** The conditions under which shard {@code prefix}'s master port may reach {@code node}. */
    private static String agreedOn(String prefix, NodePlan node, int majority) {
        String suffix = "-redis-" + node.index() + ")";
        return "{ nbsrv(" + prefix + "-votes" + suffix + " ge " + majority + " } { nbsrv(" + prefix + "-objections"
                + suffix + " eq 0 } { nbsrv(" + prefix + "-failing-over-from" + suffix + " eq 0 }";
    }

    /**
     * Sentinel has no QUIT to close on: {@code min-recv 0} on the expects that follow judges the
     * answer as it arrives, so a mismatch fails the check at once, not at the check timeout.
     */
    private static void askSentinel(StringBuilder cfg, ClusterSpec spec, String command) {
        connect(cfg, spec, "");
        cfg.append("    tcp-check send \"").append(command).append("\\r\\n\"\n");
    }

    private static void sentinelServers(StringBuilder cfg, Net net, ShardPlan shard) {
        for (NodePlan sentinel : shard.sentinels()) {
            server(cfg, net, "sentinel-" + sentinel.index(), sentinel.port());
        }
        cfg.append('\n');
    }

    /** The write-up's check: role:master with an active backlog (fooled after a manual failover). */
    private static void roleCheckedMaster(StringBuilder cfg, ClusterSpec spec, Acl acl, Net net, ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        cfg.append("frontend ").append(prefix).append("-master\n");
        bind(cfg, net, shard.haproxyMasterPort());
        cfg.append("    default_backend ").append(prefix).append("-master\n\n");
        cfg.append("backend ").append(prefix).append("-master\n");
        cfg.append("    option tcp-check\n");
        tcpCheckConnect(cfg, spec, acl, "");
        expectRole(cfg, "master");
        cfg.append("    tcp-check expect string repl_backlog_active:1\n");
        servers(cfg, net, shard);
    }

    private static void replicas(StringBuilder cfg, ClusterSpec spec, Acl acl, Net net, ShardPlan shard) {
        String prefix = "shard-" + shard.index();
        cfg.append("frontend ").append(prefix).append("-replicas\n");
        bind(cfg, net, shard.haproxyReplicasPort());
        cfg.append("    default_backend ").append(prefix).append("-replicas\n\n");
        cfg.append("backend ").append(prefix).append("-replicas\n");
        cfg.append("    balance roundrobin\n");
        cfg.append("    option tcp-check\n");
        tcpCheckConnect(cfg, spec, acl, "");
        expectRole(cfg, "slave");
        cfg.append("    tcp-check expect string master_link_status:up\n");
        servers(cfg, net, shard);
    }

    private static void servers(StringBuilder cfg, Net net, ShardPlan shard) {
        for (NodePlan node : shard.redis()) {
            server(cfg, net, "redis-" + node.index(), node.port());
        }
        cfg.append('\n');
    }

    private static void bind(StringBuilder cfg, Net net, int port) {
        cfg.append("    bind ").append(Addresses.haproxy(net.listen(), port)).append('\n');
    }

    private static void server(StringBuilder cfg, Net net, String name, int port) {
        cfg.append("    server ").append(name).append(' ').append(Addresses.haproxy(net.addresses().nodeHost(port), port))
                .append(net.source()).append(" check\n");
    }

    private static void tcpCheckConnect(StringBuilder cfg, ClusterSpec spec, Acl acl, String portOption) {
        connect(cfg, spec, portOption);
        String auth = acl != null ? Acl.HAPROXY + " " + acl.haproxyPassword() : spec.password();
        if (auth != null) {
            cfg.append("    tcp-check send \"AUTH ").append(auth).append("\\r\\n\"\n");
            cfg.append("    tcp-check expect string +OK\n");
        }
        cfg.append("    tcp-check send \"PING\\r\\n\"\n");
        cfg.append("    tcp-check expect string +PONG\n");
    }

    /** A check's connect, over TLS on a TLS cluster: its nodes and Sentinels answer nothing else. */
    private static void connect(StringBuilder cfg, ClusterSpec spec, String options) {
        cfg.append("    tcp-check connect").append(options).append(spec.tls() ? " ssl" : "").append('\n');
    }

    /**
     * What every server needs for its TLS checks: the cluster's CA, verified (HAProxy's default for
     * servers), and under mutual TLS the client certificate. The servers themselves have no
     * {@code ssl}: clients' connections pass through as they are, TLS end to end with the node.
     */
    private static String tlsServerOptions(ClusterSpec spec) {
        if (!spec.tls()) {
            return "";
        }
        return " ca-file " + TlsLayout.caFile(NodeKind.HAPROXY) + " verify required"
                + (spec.mutualTls() ? " crt " + TlsLayout.certificateFile(NodeKind.HAPROXY) : "");
    }

    /** QUIT in the same send, so that a node answering another role fails the check at once. */
    private static void expectRole(StringBuilder cfg, String role) {
        cfg.append("    tcp-check send \"INFO replication\\r\\nQUIT\\r\\n\"\n");
        cfg.append("    tcp-check expect string role:").append(role).append('\n');
    }

    /**
     * @param listen        what HAProxy's listeners bind
     * @param sourceAddress what HAProxy connects to nodes from (server connections and checks), or null for
     *                      the kernel's choice; with network faults, HAProxy's own address, so that rules can
     *                      cut (or spare) HAProxy like any other node
     */
    private record Net(Addresses addresses, String listen, String sourceAddress) {
        String source() {
            return sourceAddress == null ? "" : " source " + sourceAddress;
        }
    }
}
