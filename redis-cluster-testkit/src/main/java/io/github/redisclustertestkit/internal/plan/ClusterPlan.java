package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link ClusterSpec} turns into for one run: ports, names and rendered config files of
 * every node. Pure data; nothing here touches Docker.
 *
 * @param spec         what the user declared
 * @param clusterId    unique per run; part of every container name and label
 * @param addresses    where the nodes listen, and the addresses nodes and clients reach them at
 * @param shards       the shards
 * @param haproxy      the HAProxy node; its {@code port} is the runtime API. Null in a native Redis Cluster
 * @param haproxyStatsPort the HTTP stats page
 * @param server       what the Redis image runs
 * @param acl          the users the library runs as itself, where the spec has users; else null
 */
public record ClusterPlan(ClusterSpec spec, String clusterId, Addresses addresses, List<ShardPlan> shards,
                          NodePlan haproxy, int haproxyStatsPort, Server server, Acl acl) {

    public ClusterPlan {
        shards = List.copyOf(shards);
    }

    /** Every node, shard by shard, HAProxy last. */
    public List<NodePlan> nodes() {
        List<NodePlan> all = new ArrayList<>();
        for (ShardPlan shard : shards) {
            all.addAll(shard.redis());
            all.addAll(shard.sentinels());
        }
        if (haproxy != null) {
            all.add(haproxy);
        }
        return all;
    }

    /**
     * The least {@code down-after-milliseconds} a Sentinel of a server without {@code SENTINEL
     * DEBUG} (Redis 6) runs with. Its Sentinel retries a lost link at most once a second, a period
     * nothing changes there. When a Sentinel switches to a new master it restarts that master's
     * down clock at once ({@code sentinelResetMaster} sets {@code act_ping_time}), yet may
     * reconnect only a second after its last attempt on the dead old master; and its peers'
     * "master down" replies about the old master still count for 5 s, so its lone SDOWN is an
     * ODOWN at once: a failover nobody asked for. Reconnecting takes at most that second plus a
     * timer tick (under 100 ms); half a second more leaves room for a busy machine. Measured at
     * 600 ms on Redis 6.0: 5 of 12 kills saw a Sentinel take the new master for down, 2 failed over
     * again. Where the library sets the ping period (250 ms) the same 600 ms saw none in 15.
     */
    public static final Duration BUILT_IN_PERIODS_MIN_DOWN_AFTER =
            InternalDefaults.SENTINEL_BUILT_IN_PING_PERIOD.plusMillis(500);

    /**
     * {@return the {@code down-after-milliseconds} the Sentinels run with}: the spec's, raised to
     * {@link #BUILT_IN_PERIODS_MIN_DOWN_AFTER} on a server whose Sentinel periods cannot be set
     */
    public Duration downAfter() {
        return downAfter(spec.downAfter(), server);
    }

    static Duration downAfter(Duration declared, Server server) {
        return server.hasSentinelDebug() || declared.compareTo(BUILT_IN_PERIODS_MIN_DOWN_AFTER) >= 0
                ? declared : BUILT_IN_PERIODS_MIN_DOWN_AFTER;
    }

    /**
     * {@return how often the Sentinels ping each node}: the library's period where it can set it
     * ({@code SENTINEL DEBUG}), else Sentinel's own
     */
    public Duration sentinelPingPeriod() {
        return sentinelPingPeriod(server);
    }

    static Duration sentinelPingPeriod(Server server) {
        return server.hasSentinelDebug()
                ? InternalDefaults.SENTINEL_PING_PERIOD : InternalDefaults.SENTINEL_BUILT_IN_PING_PERIOD;
    }

    /** {@return the user the library's own connections authenticate as, or null for the default user} */
    public String authUser() {
        return acl == null ? null : Acl.ADMIN;
    }

    /** {@return the password of {@link #authUser()} (the default user's, if any, when that is null)} */
    public String authPassword() {
        return acl == null ? spec.password() : acl.adminPassword();
    }

    /** {@return whether this is a native Redis Cluster: hash slots, no Sentinel, no HAProxy} */
    public boolean isRedisCluster() {
        return spec.topology() == Topology.CLUSTER;
    }

    /** {@return every Redis node, shard by shard, each shard's first node first} */
    public List<NodePlan> redisNodes() {
        return shards.stream().flatMap(s -> s.redis().stream()).toList();
    }

    /**
     * Where clients reach what listens on {@code port}: a node, or one of HAProxy's listeners
     * (master and replicas ports, stats page), which share the address of HAProxy's runtime API.
     */
    public String clientHost(int port) {
        boolean haproxyListener = haproxy != null && (port == haproxyStatsPort || shards.stream()
                .anyMatch(s -> s.haproxyMasterPort() == port || s.haproxyReplicasPort() == port));
        return addresses.clientHost(haproxyListener ? haproxy.port() : port);
    }

    /**
     * The addresses a TLS cluster's server certificate names, besides the loopback names: where
     * clients reach each node and HAProxy listener, and where nodes reach each other. A wildcard
     * bind address is no address of a server and is left out.
     */
    public List<String> tlsAddresses() {
        Set<String> all = new LinkedHashSet<>();
        for (NodePlan node : nodes()) {
            all.add(addresses.clientHost(node.port()));
            all.add(addresses.nodeHost(node.port()));
        }
        all.removeAll(Set.of("0.0.0.0", "::"));
        return List.copyOf(all);
    }

    /** Every port this run listens on. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (NodePlan node : nodes()) {
            ports.add(node.port());
        }
        if (haproxy == null) {
            nodes().forEach(n -> ports.add(n.busPort()));
            return ports;
        }
        for (ShardPlan shard : shards) {
            ports.add(shard.haproxyMasterPort());
            ports.add(shard.haproxyReplicasPort());
        }
        ports.add(haproxyStatsPort);
        return ports;
    }
}
