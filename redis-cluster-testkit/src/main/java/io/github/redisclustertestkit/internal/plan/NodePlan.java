package io.github.redisclustertestkit.internal.plan;

import java.util.List;

/**
 * One container of the topology, fully decided: where it listens, which config file it gets and
 * how it is started.
 *
 * @param shard      shard index, or -1 for the HAProxy that serves all shards
 * @param kind       what it runs
 * @param index      index among the shard's nodes of that kind (redis-0 starts as the master)
 * @param port       the port it listens on (HAProxy: its runtime API port)
 * @param configPath where the config file goes inside the container; written at the first start
 *                   only, so what Sentinel or CONFIG REWRITE changed survives a restart
 * @param config     the rendered config file
 * @param command    what runs once the config file is in place
 * @param busPort    its cluster-bus port in a native Redis Cluster, else 0
 */
public record NodePlan(int shard, NodeKind kind, int index, int port, String configPath, String config,
                       List<String> command, int busPort) {

    public NodePlan {
        command = List.copyOf(command);
    }

    /** A node with no cluster bus: every node of the Sentinel topology. */
    public NodePlan(int shard, NodeKind kind, int index, int port, String configPath, String config,
                    List<String> command) {
        this(shard, kind, index, port, configPath, config, command, 0);
    }

    /** A short name that says where the node sits: {@code shard-1 redis-0}, {@code haproxy}. */
    public String name() {
        return kind == NodeKind.HAPROXY ? "haproxy" : "shard-" + shard + " " + kind.label() + "-" + index;
    }

    /** The role the node has when the cluster starts: master, replica, sentinel or haproxy. */
    public String roleAtStart() {
        if (kind == NodeKind.REDIS) {
            return index == 0 ? "master" : "replica";
        }
        return kind.label();
    }

    /** Part of the container name; unique within a cluster. */
    public String slug() {
        return kind == NodeKind.HAPROXY ? "haproxy" : "shard-" + shard + "-" + kind.label() + "-" + index;
    }

    @Override
    public String toString() {
        return name() + " (port " + port + ")";
    }
}
