package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Turns a validated {@link ClusterSpec} into a {@link ClusterPlan}. Pure: no Docker, no network. */
public final class Planner {

    static final String REDIS_CONFIG_PATH = "/data/redis.conf";
    static final String SENTINEL_CONFIG_PATH = "/data/sentinel.conf";
    /** The image runs HAProxy as a non-root user, who may write here but not to /usr/local/etc. */
    static final String HAPROXY_CONFIG_PATH = "/tmp/haproxy.cfg";
    /**
     * The entrypoint of the official redis and valkey/valkey images: it hands /data to the
     * server's user and drops root, which Sentinel needs to rewrite its config file.
     */
    static final String REDIS_ENTRYPOINT = "docker-entrypoint.sh";

    private Planner() {
    }

    /**
     * The topology's own needs of the server, known once the image is probed: a native Redis
     * Cluster needs {@code cluster-port} (Redis 7.0, Valkey 7.2), since the bus port must come
     * from the run's own block.
     *
     * @throws IllegalArgumentException naming the option and the version
     */
    public static void requireServerFits(ClusterSpec spec, Server server) {
        if (spec.topology() == Topology.SENTINEL && spec.hasUsers() && !server.hasSentinelAuthUser()) {
            throw new IllegalArgumentException("users (and defaultUserDisabled) need sentinel auth-user, which the"
                    + " image's " + server + " lacks: with users, the Sentinels authenticate to the nodes as a user of"
                    + " their own, and Redis 6.2 (or Valkey) is the first with that directive. Use an image that runs"
                    + " Redis 6.2+ or Valkey (withRedisImage(..)), or declare no users");
        }
        if (spec.topology() == Topology.CLUSTER && !server.hasClusterPort()) {
            throw new IllegalArgumentException("topology CLUSTER needs cluster-port, which the image's " + server
                    + " lacks: every node's cluster-bus port comes from the run's own port block, and Redis 7.0"
                    + " (or Valkey 7.2) is the first with that directive. Use an image that runs Redis 7.0+ or"
                    + " Valkey 7.2+ (withRedisImage(..))");
        }
    }

    /**
     * Fails if the addresses need {@code bind-source-addr} and the server lacks it. Pure: the start
     * calls it before it takes ports or makes anything.
     *
     * @throws IllegalArgumentException naming the option to change
     */
    public static void requireServerFits(Addresses addresses, Server server) {
        if (addresses.perNode() && !server.hasBindSourceAddr()) {
            throw new IllegalArgumentException("networkFaults needs bind-source-addr, which the image's " + server
                    + " lacks: every node must connect from its own loopback address, so that rules can cut"
                    + " traffic between two nodes, and Redis 7.0 (or Valkey) is the first with that directive."
                    + " Use an image that runs Redis 7.0+ or Valkey (withRedisImage(..)), or turn networkFaults off"
                    + " (withNetworkFaults(false), annotation: networkFaults, CLI: --network-faults false)");
        }
        if (addresses.sourceAddress() != null && !server.hasBindSourceAddr()) {
            throw new IllegalArgumentException("bindAddress " + addresses.bind() + " needs bind-source-addr, which"
                    + " the image's " + server + " lacks: it takes Redis 7.0+ (or Valkey). Use withBindAddress(\"127.0.0.1\")"
                    + " (annotation: bindAddress, CLI: up --bind 127.0.0.1), or an image that runs Redis 7.0+");
        }
    }

    /**
     * What a Sentinel retry needs of the timers, as a warning when the spec's break it. When
     * Sentinels reach ODOWN together, each votes for itself and nobody is elected; a Sentinel
     * retries 2 × failover-timeout (plus up to 1 s of {@code SENTINEL_MAX_DESYNC}) after its
     * attempt began, which was down-after plus up to a ping period after the kill. Meanwhile a
     * Sentinel's reconnect to the dead master may restart its down clock: on a busy machine a
     * {@code connect()} comes back "in progress", the link counts as connected, and the ping sent
     * on it starts a new down period. Sentinel promotes no replica whose link has been down more
     * than 10 × down-after beyond the master's time in SDOWN, so a Sentinel whose clock restarted
     * later than that after the kill promotes no replica while the master stays dead. The first
     * retry must therefore come before 10 × down-after, with a second to spare for a loaded
     * machine's timer ticks and for the replicas' link-down time, which they report in whole
     * seconds. Redis's own defaults (30 s, 180 s) hold this by far; shortened timers must too.
     *
     * @return the warning, naming both options and values that hold, if the timers break the rule
     */
    public static Optional<String> sentinelTimersWarning(ClusterSpec spec, Server server) {
        if (spec.topology() != Topology.SENTINEL) {
            return Optional.empty();
        }
        long downAfter = ClusterPlan.downAfter(spec.downAfter(), server).toMillis();
        long ping = ClusterPlan.sentinelPingPeriod(server).toMillis();
        long failoverTimeout = spec.failoverTimeout().toMillis();
        long retry = downAfter + ping + 2 * failoverTimeout + SENTINEL_MAX_DESYNC_MILLIS;
        long limit = 10 * downAfter;
        if (retry + RETRY_SPARE_MILLIS <= limit) {
            return Optional.empty();
        }
        long minDownAfter = ceilDiv(ping + 2 * failoverTimeout + SENTINEL_MAX_DESYNC_MILLIS + RETRY_SPARE_MILLIS, 9);
        long maxFailoverTimeout = (9 * downAfter - ping - SENTINEL_MAX_DESYNC_MILLIS - RETRY_SPARE_MILLIS) / 2;
        String fix = "raise downAfter to at least " + minDownAfter + " ms"
                + (accepted(spec, maxFailoverTimeout)
                ? ", or lower failoverTimeout to at most " + maxFailoverTimeout + " ms" : "");
        return Optional.of("downAfter " + downAfter + " ms with failoverTimeout " + failoverTimeout + " ms can stall a"
                + " failover for good: a retry after an election nobody won (Sentinels that see the master down"
                + " together each vote for themselves) comes up to " + retry + " ms after the kill, but Sentinel"
                + " skips replicas whose link has been down more than 10 x downAfter (" + limit + " ms) beyond the"
                + " master's time in SDOWN, a time that a reconnect on a busy machine can restart. To keep a spare "
                + RETRY_SPARE_MILLIS + " ms, " + fix + " (the defaults are " + Defaults.DOWN_AFTER.toMillis()
                + " ms and " + Defaults.FAILOVER_TIMEOUT.toMillis() + " ms)");
    }

    /** Sentinel's {@code SENTINEL_MAX_DESYNC}: a random delay of up to this is added to every failover start. */
    private static final long SENTINEL_MAX_DESYNC_MILLIS = 1000;
    /** Room a retry needs before Sentinel's replica limit, for timer ticks and INFO on a loaded machine. */
    private static final long RETRY_SPARE_MILLIS = 1000;

    /** Whether {@link ClusterSpec#validate()} takes this failoverTimeout: a value it refuses is no advice. */
    private static boolean accepted(ClusterSpec spec, long failoverTimeout) {
        try {
            spec.toBuilder().failoverTimeout(Duration.ofMillis(failoverTimeout)).build().validate();
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * @param spec      validated spec
     * @param server    what the Redis image runs: names the programs
     * @param clusterId unique per run
     * @param addresses where every node listens and how nodes and clients reach it
     * @param ports     where per-run ports come from
     * @param random    source of Sentinel ids (seeded in tests)
     * @throws IllegalArgumentException if the addresses need {@code bind-source-addr} and the server lacks it
     */
    public static ClusterPlan plan(ClusterSpec spec, Server server, String clusterId, Addresses addresses,
                                   PortSource ports, Random random) {
        requireServerFits(addresses, server);
        if (spec.topology() == Topology.CLUSTER) {
            return redisCluster(spec, server, clusterId, addresses, ports, Acl.of(spec, random));
        }
        boolean fixedHaproxy = spec.haproxyBasePort() != 0;
        Iterator<Integer> next = ports.take(portCount(spec)).iterator();

        List<ShardSkeleton> skeletons = new ArrayList<>();
        for (int s = 0; s < spec.shards(); s++) {
            List<Integer> redisPorts = new ArrayList<>();
            for (int i = 0; i <= spec.replicasPerShard(); i++) {
                redisPorts.add(next.next());
            }
            List<Integer> sentinelPorts = new ArrayList<>();
            List<String> sentinelIds = new ArrayList<>();
            for (int i = 0; i < spec.sentinelsPerShard(); i++) {
                sentinelPorts.add(next.next());
                sentinelIds.add(sentinelId(random));
            }
            skeletons.add(new ShardSkeleton(s, spec.masterName(s), redisPorts, sentinelPorts, sentinelIds));
        }
        // After the Sentinel ids, so that those of a spec without users stay as they were.
        Acl acl = Acl.of(spec, random);
        int adminPort = next.next();
        int base = fixedHaproxy ? spec.haproxyBasePort() : 0;
        List<ShardPlan> shards = new ArrayList<>();
        for (ShardSkeleton k : skeletons) {
            int masterPort = fixedHaproxy ? base + 2 * k.index : next.next();
            int replicasPort = fixedHaproxy ? base + 2 * k.index + 1 : next.next();
            shards.add(new ShardPlan(k.index, k.masterName, redisNodes(spec, server, acl, addresses, k),
                    sentinelNodes(spec, server, acl, addresses, k),
                    masterPort, replicasPort));
        }
        int statsPort = fixedHaproxy ? base + 2 * spec.shards() : next.next();
        if (fixedHaproxy) {
            adminPort = base + 2 * spec.shards() + 1;
        }
        String haproxyConfig = HaproxyConfig.render(spec, acl, addresses, clusterId, shards, adminPort, statsPort);
        NodePlan haproxy = new NodePlan(-1, NodeKind.HAPROXY, 0, adminPort, HAPROXY_CONFIG_PATH, haproxyConfig,
                List.of("haproxy", "-W", "-db", "-f", HAPROXY_CONFIG_PATH));
        return new ClusterPlan(spec, clusterId, addresses, shards, haproxy, statsPort, server, acl);
    }

    /** How many ports a plan takes from its {@link PortSource}: every node's, and HAProxy's unless fixed. */
    public static int portCount(ClusterSpec spec) {
        if (spec.topology() == Topology.CLUSTER) {
            return 2 * spec.shards() * (spec.replicasPerShard() + 1); // a client and a bus port per node
        }
        int perShard = spec.replicasPerShard() + 1 + spec.sentinelsPerShard();
        return spec.shards() * perShard + 1 + (spec.haproxyBasePort() != 0 ? 0 : spec.haproxyPortCount() - 1);
    }

    /**
     * A native Redis Cluster: one shard per master, its nodes' client ports first in the block,
     * then their bus ports in the same order; slots split evenly; roles are given by formation
     * ({@code CLUSTER REPLICATE}), not by the config.
     */
    private static ClusterPlan redisCluster(ClusterSpec spec, Server server, String clusterId, Addresses addresses,
                                            PortSource ports, Acl acl) {
        requireServerFits(spec, server);
        int perShard = spec.replicasPerShard() + 1;
        int nodes = spec.shards() * perShard;
        List<Integer> block = ports.take(portCount(spec));
        List<SlotRange> slots = SlotRange.split(spec.shards());
        List<ShardPlan> shards = new ArrayList<>();
        for (int s = 0; s < spec.shards(); s++) {
            List<NodePlan> shardNodes = new ArrayList<>();
            for (int i = 0; i < perShard; i++) {
                int n = s * perShard + i;
                int port = block.get(n);
                int busPort = block.get(nodes + n);
                String title = "shard-" + s + " redis-" + i + " (" + (i == 0 ? "master of slots " + slots.get(s)
                        : "replica") + ")";
                shardNodes.add(new NodePlan(s, NodeKind.REDIS, i, port, REDIS_CONFIG_PATH,
                        RedisConfig.renderClusterNode(spec, server, acl, addresses, title, port, busPort),
                        List.of(REDIS_ENTRYPOINT, server.flavour().serverProgram(), REDIS_CONFIG_PATH), busPort));
            }
            shards.add(new ShardPlan(s, spec.masterName(s), shardNodes, List.of(), 0, 0, slots.get(s)));
        }
        return new ClusterPlan(spec, clusterId, addresses, shards, null, 0, server, acl);
    }

    private static List<NodePlan> redisNodes(ClusterSpec spec, Server server, Acl acl, Addresses addresses,
                                             ShardSkeleton k) {
        List<NodePlan> nodes = new ArrayList<>();
        int masterPort = k.redisPorts.get(0);
        for (int i = 0; i < k.redisPorts.size(); i++) {
            int port = k.redisPorts.get(i);
            String config = RedisConfig.render(spec, server, acl, addresses, k.masterName + " redis-" + i, port,
                    i == 0 ? 0 : masterPort);
            nodes.add(new NodePlan(k.index, NodeKind.REDIS, i, port, REDIS_CONFIG_PATH, config,
                    List.of(REDIS_ENTRYPOINT, server.flavour().serverProgram(), REDIS_CONFIG_PATH)));
        }
        return nodes;
    }

    private static List<NodePlan> sentinelNodes(ClusterSpec spec, Server server, Acl acl, Addresses addresses,
                                                ShardSkeleton k) {
        List<NodePlan> nodes = new ArrayList<>();
        for (int i = 0; i < k.sentinelPorts.size(); i++) {
            String config = SentinelConfig.render(spec, server, acl, addresses, k.masterName, i, k.redisPorts,
                    k.sentinelPorts, k.sentinelIds);
            // The server program with --sentinel (redis-server or valkey-server, as the flavour says)
            // rather than redis-sentinel: the official images' entrypoints drop root only for the
            // server program, and Sentinel must own its config file.
            nodes.add(new NodePlan(k.index, NodeKind.SENTINEL, i, k.sentinelPorts.get(i), SENTINEL_CONFIG_PATH,
                    config, List.of(REDIS_ENTRYPOINT, server.flavour().serverProgram(), SENTINEL_CONFIG_PATH, "--sentinel")));
        }
        return nodes;
    }

    /** Sentinel run ids are 40 hex characters; known up front so peers can be declared in config. */
    private static String sentinelId(Random random) {
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    private record ShardSkeleton(int index, String masterName, List<Integer> redisPorts,
                                 List<Integer> sentinelPorts, List<String> sentinelIds) {
    }
}
