package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

/** Renders a master's or replica's {@code redis.conf}. */
final class RedisConfig {

    private RedisConfig() {
    }

    /**
     * @param masterPort the master to replicate from, or 0 for the node that starts as master
     */
    static String render(ClusterSpec spec, Addresses addresses, String title, int port, int masterPort) {
        StringBuilder conf = new StringBuilder();
        conf.append("# ").append(title).append(", rendered by redis-cluster-testkit\n");
        conf.append("bind ").append(addresses.bind(port)).append('\n');
        conf.append("port ").append(port).append('\n');
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
            conf.append("masterauth ").append(spec.password()).append('\n');
        }
        if (masterPort != 0) {
            conf.append("replicaof ").append(addresses.nodeHost(masterPort)).append(' ').append(masterPort).append('\n');
        }
        spec.redisConf().forEach(line -> conf.append(line).append('\n'));
        return conf.toString();
    }

    /** {@code bind-source-addr} (Redis 7.0+) only where it is needed, so that other addresses work on older Redis. */
    static void sourceAddress(StringBuilder conf, Addresses addresses, int port) {
        if (addresses.sourceAddress(port) != null) {
            conf.append("bind-source-addr ").append(addresses.sourceAddress(port)).append('\n');
        }
    }
}
