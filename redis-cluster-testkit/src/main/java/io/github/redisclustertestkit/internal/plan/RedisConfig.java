package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

/** Renders a master's or replica's {@code redis.conf}. */
final class RedisConfig {

    private RedisConfig() {
    }

    /**
     * @param masterPort the master to replicate from, or 0 for the node that starts as master
     */
    static String render(ClusterSpec spec, Server server, Acl acl, Addresses addresses, String title, int port,
                         int masterPort) {
        StringBuilder conf = common(spec, server, acl, addresses, title, port, false);
        if (masterPort != 0) {
            conf.append("replicaof ").append(addresses.nodeHost(masterPort)).append(' ').append(masterPort).append('\n');
        }
        spec.redisConf().forEach(line -> conf.append(line).append('\n'));
        return conf.toString();
    }

    /** The {@code redis.conf} of a native Redis Cluster node: who masters what, formation decides. */
    static String renderClusterNode(ClusterSpec spec, Server server, Acl acl, Addresses addresses, String title,
                                    int port, int busPort) {
        StringBuilder conf = common(spec, server, acl, addresses, title, port, true);
        conf.append("cluster-enabled yes\n");
        // Relative to dir; Redis rewrites it on every change of the cluster's layout.
        conf.append("cluster-config-file nodes.conf\n");
        // Explicit, from the run's own block: the default (port + 10000) may be taken or beyond 65535.
        conf.append("cluster-port ").append(busPort).append('\n');
        conf.append("cluster-node-timeout ").append(spec.clusterNodeTimeout().toMillis()).append('\n');
        // A replica whose link was down longer than node-timeout x 10 (a paused or partitioned one)
        // would refuse to take over for good; a test that killed its master expects a failover.
        conf.append("cluster-replica-validity-factor 0\n");
        // A node names itself by the address a peer's MEET reached it at, and nodes meet at
        // nodeHost: in host mode, pod mode (one network namespace, 127.0.0.1 being every node's) and
        // with per-node loopback addresses that is the address clients use, so nothing is announced.
        // Only where clients use another address (a remote engine) is it; ports never are, since
        // published ports keep their numbers. A lone node meets no peer and so never learns its
        // address: it would list itself as ":port" (seen on Redis 7.0), so it is told.
        String client = addresses.clientHost(port);
        boolean alone = spec.shards() * (spec.replicasPerShard() + 1) == 1;
        if (alone || !client.equals(addresses.nodeHost(port))) {
            conf.append("cluster-announce-ip ").append(client).append('\n');
        }
        spec.redisConf().forEach(line -> conf.append(line).append('\n'));
        return conf.toString();
    }

    private static StringBuilder common(ClusterSpec spec, Server server, Acl acl, Addresses addresses, String title,
                                        int port, boolean cluster) {
        StringBuilder conf = new StringBuilder();
        conf.append("# ").append(title).append(", rendered by redis-cluster-testkit\n");
        conf.append("bind ").append(addresses.bind(port)).append('\n');
        if (spec.tls()) {
            TlsLayout.appendServerLines(conf, spec, NodeKind.REDIS, port, cluster);
        } else {
            conf.append("port ").append(port).append('\n');
        }
        // Replication and cluster-bus connections leave from this address too, so that peers name
        // the node by the address it listens on, and rules can cut traffic between two nodes.
        sourceAddress(conf, addresses, port);
        // Protected mode refuses every source but 127.0.0.1 (peers may use another address): bind protects.
        conf.append("protected-mode no\n");
        conf.append("dir /data\n");
        conf.append("save \"\"\n");
        conf.append("appendonly ").append(spec.appendOnly() ? "yes" : "no").append('\n');
        // Disk-based sync: a diskless sync waits 5 s for more replicas by default, and even
        // without that delay the master streams writes to the new replica only after its first
        // REPLCONF ACK (up to a second later): a failover in between loses them. An empty data
        // set saves to disk in milliseconds, and the replica streams as soon as it is online.
        conf.append("repl-diskless-sync no\n");
        if (spec.password() != null) {
            conf.append("requirepass ").append(spec.password()).append('\n');
            if (acl == null) {
                conf.append("masterauth ").append(spec.password()).append('\n');
            }
        }
        if (acl != null) {
            acl.appendTo(conf, spec, server, !cluster);
        }
        return conf;
    }

    static void sourceAddress(StringBuilder conf, Addresses addresses, int port) {
        if (addresses.sourceAddress(port) != null) {
            conf.append("bind-source-addr ").append(addresses.sourceAddress(port)).append('\n');
        }
    }
}
