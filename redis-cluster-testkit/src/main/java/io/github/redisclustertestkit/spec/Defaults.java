package io.github.redisclustertestkit.spec;

import org.testcontainers.utility.DockerImageName;

import java.time.Duration;

/**
 * The defaults of what users choose, in one place. Each can be overridden per cluster through
 * {@code RedisShardedClusterContainer.withX(..)}; images also through a system property or an
 * environment variable (see {@link #REDIS_IMAGE_PROPERTY}); {@link #FAILOVER_WAIT} per call. The
 * implementation's own timings and limits are not options, and not here.
 *
 * @since 0.1.0
 */
public final class Defaults {

    /** Shards: independent master/replica groups, each with its own Sentinels. */
    public static final int SHARDS = 3;
    /** Replicas of each master. */
    public static final int REPLICAS_PER_SHARD = 2;
    /** Sentinels per shard: three, the fewest whose majority survives one of them going down. */
    public static final int SENTINELS_PER_SHARD = 3;
    /** Shard i's Sentinel master name is this prefix followed by i: {@code shard-0}, {@code shard-1}, ... */
    public static final String MASTER_NAME_PREFIX = "shard-";

    /**
     * The image of masters, replicas and Sentinels. Official images, pinned: the versions whose
     * offline equivalents the test suite runs.
     */
    public static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7.0.15");
    /** The HAProxy image: official, pinned like {@link #REDIS_IMAGE}. */
    public static final DockerImageName HAPROXY_IMAGE = DockerImageName.parse("haproxy:2.6.12");

    /**
     * System property, then environment variable, that choose the Redis image when no builder method does.
     * A name given there (or to the annotation, or the CLI) counts as declared compatible: where only a
     * name can be written, writing it is the declaration.
     */
    public static final String REDIS_IMAGE_PROPERTY = "redis-cluster-testkit.redis-image";
    /** Environment variable that chooses the Redis image when neither a builder method nor {@link #REDIS_IMAGE_PROPERTY} does. */
    public static final String REDIS_IMAGE_ENV = "RCT_REDIS_IMAGE";
    /** System property, then environment variable, that choose the HAProxy image when no builder method does. */
    public static final String HAPROXY_IMAGE_PROPERTY = "redis-cluster-testkit.haproxy-image";
    /** Environment variable that chooses the HAProxy image when neither a builder method nor {@link #HAPROXY_IMAGE_PROPERTY} does. */
    public static final String HAPROXY_IMAGE_ENV = "RCT_HAPROXY_IMAGE";

    /**
     * The helper that applies network faults: iptables, run for a moment on the host network with
     * NET_ADMIN. Built offline by scripts/docker-env.sh (Debian bookworm's iptables); no official
     * image has the same contract.
     */
    public static final String NETADMIN_IMAGE = "redis-cluster-testkit/netadmin:bookworm";
    /** System property, then environment variable, that choose the network-fault helper image. */
    public static final String NETADMIN_IMAGE_PROPERTY = "redis-cluster-testkit.netadmin-image";
    /** Environment variable that chooses the network-fault helper image when {@link #NETADMIN_IMAGE_PROPERTY} does not. */
    public static final String NETADMIN_IMAGE_ENV = "RCT_NETADMIN_IMAGE";

    /**
     * Sentinel {@code down-after-milliseconds}: the write-up's 30 s makes a failover test wait
     * half a minute; below ~500 ms a busy 2-core machine sees false failovers. It is most of the
     * time from a killed master to writes on the new one (median measured here: about
     * down-after + 1.1 s), the rest being Sentinel's timer ticks and its once-a-second INFO during
     * a failover. Sentinel also skips a replica whose link has been down for more than 10 × this
     * beyond the master's time in SDOWN, and a retry after a split vote must still find one:
     * 800 ms with {@link #FAILOVER_TIMEOUT} keeps that retry within about 6 s of a kill, against 8 s
     * (the start warns about timers that break this). Redis 6's Sentinels run with at least
     * 1500 ms: they reconnect at most once a second, and a shorter value makes unasked failovers.
     */
    public static final Duration DOWN_AFTER = Duration.ofMillis(800);
    /**
     * Sentinel {@code failover-timeout}: it also gates retries (2x this), so the 180 s default
     * would leave a test waiting minutes after one failed attempt. 2 s: a retry after an election
     * nobody won (Sentinels that reach ODOWN together each vote for themselves) starts within
     * about 2 × this + 1 s, while Sentinel still accepts the replicas (see {@link #DOWN_AFTER}); at
     * 5 s a Sentinel whose down clock restarted meanwhile found none, in that retry and every later
     * one. It also bounds a promotion: under load here the longest seen was 1.2 s (Sentinel's own
     * SLAVEOF NO ONE cuts its link, so it sees the new role after a reconnect and its next
     * once-a-second INFO); a longer one aborts and is retried like a lost election.
     */
    public static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(2);
    /** HAProxy health check interval: how fast routing follows a change of master. */
    public static final Duration HAPROXY_CHECK_INTERVAL = Duration.ofMillis(100);
    /** How long {@code start()} may take until every readiness fact holds. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** How long {@code failover()} waits, unless told otherwise, for the Sentinels, replicas and HAProxy. */
    public static final Duration FAILOVER_WAIT = Duration.ofSeconds(30);

    /** Masters of a native Redis Cluster ({@code RedisClusterContainer}): three, the fewest whose majority survives a kill. */
    public static final int CLUSTER_MASTERS = 3;
    /** Replicas of each master of a native Redis Cluster. */
    public static final int CLUSTER_REPLICAS_PER_MASTER = 1;
    /**
     * {@code cluster-node-timeout} of a native Redis Cluster: Redis's 15 s would make a kill test
     * wait half a minute. Measured here under load, kill to a new master every node agrees on:
     * median 1.9 s at 500 ms, 2.8 s at 1000 ms, 8.3 s at 5000 ms, with no false failover under
     * two to four busy loops at 150-500 ms (docs/redis-cluster-facts.md). A node paused or
     * stalled (a fork, a debugger) longer than this is failed over.
     */
    public static final Duration CLUSTER_NODE_TIMEOUT = Duration.ofMillis(500);

    /** The Sentinel topology, which {@code RedisShardedClusterContainer} starts. */
    public static final Topology TOPOLOGY = Topology.SENTINEL;

    /**
     * Host networking where it reaches this JVM (Linux engines), else one network namespace per
     * cluster with published ports (Docker Desktop without host networking, Colima, Podman).
     */
    public static final NetworkMode NETWORK_MODE = NetworkMode.AUTO;

    private Defaults() {
    }
}
