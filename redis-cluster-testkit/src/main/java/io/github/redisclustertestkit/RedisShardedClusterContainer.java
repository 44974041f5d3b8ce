package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import io.github.redisclustertestkit.spec.Topology;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Objects;

/**
 * A production-shaped Redis deployment for one test: N shards of a master with replicas, each
 * watched by Sentinels, behind one HAProxy with a master port and a replicas port per shard.
 * Every container uses host networking, or, where that does not reach this JVM (Docker Desktop's
 * default), one network namespace of its own ({@link #withNetworkMode}). {@link #start()} returns
 * once replication, Sentinel agreement and HAProxy routing all hold, and a failover can start now:
 * a {@code SENTINEL FAILOVER} sent to any Sentinel then completes.
 *
 * <pre>{@code
 * try (var cluster = new RedisShardedClusterContainer().withShards(3).withPassword("secret")) {
 *     cluster.start();
 *     Endpoint writes = cluster.shard(0).haproxyMaster();
 * }
 * }</pre>
 *
 * Configure with the {@code withX} methods before {@code start()}; defaults are in {@link Defaults}.
 *
 * @since 0.1.0
 */
public final class RedisShardedClusterContainer extends ClusterFront {

    /** The cluster with every default of {@link Defaults}. */
    public RedisShardedClusterContainer() {
        super(Topology.SENTINEL, ClusterSpec.defaults());
    }

    /**
     * The cluster a spec describes (validated at {@link #start()}).
     *
     * @param spec every option at once, e.g. {@code ClusterSpec.defaults().toBuilder().shards(2).build()}
     */
    public RedisShardedClusterContainer(ClusterSpec spec) {
        super(Topology.SENTINEL, Objects.requireNonNull(spec, "spec"));
    }

    /**
     * A running cluster that another process started: the CLI's {@code up}, or a test still running
     * in another JVM. Every shard, node, fault and wait works on it as in the process that started
     * it, with the same meaning of done. {@link #close()} leaves it running; its owner removes it.
     *
     * @param clusterId as {@link #clusterId()} gives it, or the CLI's {@code status} lists it
     * @return the running cluster, ready for shards, nodes, faults and waits
     * @throws RedisClusterException if no cluster with that id exists on this Docker engine, an older
     *                               version of this library started it, or some of its containers are gone
     */
    public static RedisShardedClusterContainer attach(String clusterId) {
        Objects.requireNonNull(clusterId, "clusterId");
        Started found = Started.attach(clusterId);
        if (found.runtime().plan.isRedisCluster()) {
            throw new RedisClusterException("cluster " + clusterId + " is a native Redis Cluster: attach to it with"
                    + " RedisClusterContainer.attach(\"" + clusterId + "\")");
        }
        RedisShardedClusterContainer cluster = new RedisShardedClusterContainer();
        cluster.attached(found);
        return cluster;
    }

    /**
     * Independent master/replica groups, each with its own Sentinels and HAProxy ports.
     *
     * @param shards 1 to 32; default {@value Defaults#SHARDS}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withShards(int shards) {
        return with(spec.toBuilder().shards(shards));
    }

    /**
     * Replicas of each shard's master, any of which a failover can promote.
     *
     * @param replicas 1 to 8; default {@value Defaults#REPLICAS_PER_SHARD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withReplicasPerShard(int replicas) {
        return with(spec.toBuilder().replicasPerShard(replicas));
    }

    /**
     * Sentinels watching each shard's master; with fewer than three, losing one leaves no majority
     * to authorize a failover.
     *
     * @param sentinels 1 to 9; default {@value Defaults#SENTINELS_PER_SHARD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withSentinelsPerShard(int sentinels) {
        return with(spec.toBuilder().sentinelsPerShard(sentinels));
    }

    /**
     * Sentinel quorum: how many of a shard's Sentinels must find its master unreachable before a failover.
     *
     * @param quorum 1 to the Sentinels per shard, or 0 (the default) for a majority of them
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withQuorum(int quorum) {
        return with(spec.toBuilder().quorum(quorum));
    }

    /**
     * Shard i's Sentinel master name is prefix + i ({@code shard-0}, ...).
     *
     * @param prefix not empty, without white space, quotes, backslashes or {@code $}; default
     *               {@value Defaults#MASTER_NAME_PREFIX}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withMasterNamePrefix(String prefix) {
        return with(spec.toBuilder().masterNamePrefix(prefix));
    }

    /**
     * {@code requirepass} and {@code masterauth} on every node; Sentinels and HAProxy checks authenticate.
     *
     * @param password letters, digits and punctuation other than quotes, backslashes and {@code $}; null
     *                 (the default) for none
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withPassword(String password) {
        return with(spec.toBuilder().password(password));
    }

    /**
     * TLS only, everywhere: every node serves TLS on its port and closes the plain one, and
     * replication, Sentinel (to nodes and to each other) and HAProxy's checks connections use TLS. A CA and certificates are made for the
     * cluster at start, valid for its addresses for a day; {@link #tls()} gives clients the CA.
     *
     * @param tls true to turn it on; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withTls(boolean tls) {
        return with(spec.toBuilder().tls(tls));
    }

    /**
     * {@link #withTls(boolean) TLS} where the nodes also require a client certificate
     * ({@code tls-auth-clients yes}): the one made with the others, in {@link #tls()}.
     *
     * @param mutualTls true to turn it on, and TLS with it; false turns client certificates off and
     *                  leaves TLS as it was (then {@link #withTls(boolean) withTls(false)} turns it off); default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withMutualTls(boolean mutualTls) {
        return with(spec.toBuilder().mutualTls(mutualTls));
    }

    /**
     * {@code appendonly yes} on every Redis node.
     *
     * @param appendOnly true to turn it on; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withAppendOnly(boolean appendOnly) {
        return with(spec.toBuilder().appendOnly(appendOnly));
    }

    /**
     * An ACL user on every Redis node, as a production deployment with named users has it. The
     * library, replication, Sentinel and HAProxy's checks then use users of their own, each with only the commands its
     * work needs, so that no rule given here can lock them out.
     *
     * @param name     the user name; not {@code default} (see {@link #withPassword(String)} and
     *                 {@link #withDefaultUserDisabled(boolean)}) nor starting with {@code rct-}
     * @param password its password, required: a user without one would let anyone in as it
     * @param rules    its rules as {@code ACL SETUSER} takes them, such as {@code "~app:*"}, {@code "+@all"}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withUser(String name, String password, String... rules) {
        return withUsers(String.join(" ", Stream.concat(Stream.of(name, password), Stream.of(rules)).toList()));
    }

    /**
     * ACL users as the configuration parameter and the command line give them: each
     * {@code "NAME PASSWORD RULE..."}, as {@link #withUser(String, String, String...)} takes them.
     *
     * @param users one entry per user; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withUsers(String... users) {
        List<String> all = new ArrayList<>(spec.users());
        all.addAll(List.of(users));
        return with(spec.toBuilder().users(all));
    }

    /**
     * Turns the {@code default} user off on every node, so that a client that forgets its user name
     * fails as it would in production. Declare the users clients connect as with
     * {@link #withUser(String, String, String...)}.
     *
     * @param disabled true to turn the default user off; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withDefaultUserDisabled(boolean disabled) {
        return with(spec.toBuilder().defaultUserDisabled(disabled));
    }

    /**
     * Raw {@code redis.conf} directives for every master and replica, appended after ours.
     *
     * @param directives one line each, such as {@code "maxmemory 64mb"}; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisConf(String... directives) {
        List<String> all = new ArrayList<>(spec.redisConf());
        all.addAll(List.of(directives));
        return with(spec.toBuilder().redisConf(all));
    }

    /**
     * Raw {@code sentinel.conf} directives for every Sentinel, appended after ours.
     *
     * @param directives one line each; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withSentinelConf(String... directives) {
        List<String> all = new ArrayList<>(spec.sentinelConf());
        all.addAll(List.of(directives));
        return with(spec.toBuilder().sentinelConf(all));
    }

    /**
     * The write-up's fixed HAProxy layout: shard i at base+2i (master) and base+2i+1 (replicas),
     * the stats page at base+2*shards, the runtime API at base+2*shards+1. Unset, ports are
     * chosen per run so that clusters never collide.
     *
     * @param basePort 1024 or more, with the whole layout at most 65535; 0 (the default) for ports per run
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyBasePort(int basePort) {
        return with(spec.toBuilder().haproxyBasePort(basePort));
    }

    /**
     * The address every listener binds: Redis nodes, Sentinels, HAProxy's ports, stats page and
     * runtime API. Unset, that is 127.0.0.1 when Docker runs on this machine, else the Docker
     * host's address; {@code "0.0.0.0"} listens on every interface.
     *
     * @param address a literal IPv4 or IPv6 address (no host name), or null (the default) for the choice above
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withBindAddress(String address) {
        return with(spec.toBuilder().bindAddress(address));
    }

    /**
     * Gives every node (Redis, Sentinel, HAProxy) a loopback address of its own, 127.82.x.y, which
     * it listens on and connects from, so that {@link #network()} can cut traffic between nodes.
     * Needs a Linux Docker engine on this machine that can grant NET_ADMIN, and Redis 7.0+ or
     * Valkey ({@code bind-source-addr}). Off (the default), all nodes share one address.
     *
     * @param networkFaults true for an address per node; not with a bind address or {@link NetworkMode#POD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withNetworkFaults(boolean networkFaults) {
        return with(spec.toBuilder().networkFaults(networkFaults));
    }

    /**
     * Sentinel {@code down-after-milliseconds}: how long a master may go unanswered before its
     * Sentinels start a failover, and so most of the time a failover takes. On Redis 6 the
     * Sentinels run with at least 1500 ms: their Sentinel reconnects to a node at most once a
     * second, so a shorter value lets one take a master it has just switched to for down, and
     * fail over again unasked (the start logs the value used).
     *
     * @param downAfter at least 100 ms; default 800 ms ({@link Defaults#DOWN_AFTER}; 1500 ms on Redis 6)
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withDownAfter(Duration downAfter) {
        return with(spec.toBuilder().downAfter(downAfter));
    }

    /**
     * Sentinel {@code failover-timeout}; a failed failover is retried after twice this.
     *
     * @param failoverTimeout at least 1 s; default 2 s ({@link Defaults#FAILOVER_TIMEOUT})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withFailoverTimeout(Duration failoverTimeout) {
        return with(spec.toBuilder().failoverTimeout(failoverTimeout));
    }

    /**
     * HAProxy health check interval: how fast routing follows a change of master.
     *
     * @param interval at least 10 ms; default 100 ms ({@link Defaults#HAPROXY_CHECK_INTERVAL})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyCheckInterval(Duration interval) {
        return with(spec.toBuilder().haproxyCheckInterval(interval));
    }

    /**
     * How long {@link #start()} may take, containers and readiness together.
     *
     * @param timeout at least 1 s; default 60 s ({@link Defaults#STARTUP_TIMEOUT})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withStartupTimeout(Duration timeout) {
        return with(spec.toBuilder().startupTimeout(timeout));
    }

    /**
     * How the HAProxy master port picks the master; see {@link Routing}.
     *
     * @param routing default {@link Routing#SENTINEL_AGREED}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRouting(Routing routing) {
        return with(spec.toBuilder().routing(routing));
    }

    /**
     * Image for masters, replicas and Sentinels (default: {@link Defaults#REDIS_IMAGE}): {@code redis},
     * {@code valkey/valkey}, or another image declared compatible, as Testcontainers modules want it:
     * {@code withRedisImage(DockerImageName.parse("my/redis:7.0").asCompatibleSubstituteFor("redis"))}.
     * Whatever the name, the server it runs is checked at start (Redis 6.0+ or Valkey 7.2+).
     *
     * @param image the image to run, best with a pinned tag so that runs repeat
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisImage(DockerImageName image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * {@link #withRedisImage(DockerImageName)} by name; a name other than {@code redis} or
     * {@code valkey/valkey} fails at start.
     *
     * @param image such as {@code "redis:7.2.5"} or {@code "valkey/valkey:8.1"}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisImage(String image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * Image for HAProxy 2.6+ (default: {@link Defaults#HAPROXY_IMAGE}): {@code haproxy}, or another image
     * declared {@code .asCompatibleSubstituteFor("haproxy")}.
     *
     * @param image the image to run, best with a pinned tag so that runs repeat
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyImage(DockerImageName image) {
        return with(spec.toBuilder().haproxyImage(image));
    }

    /**
     * {@link #withHaproxyImage(DockerImageName)} by name; a name other than {@code haproxy} fails at start.
     *
     * @param image such as {@code "haproxy:3.0"}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyImage(String image) {
        return with(spec.toBuilder().haproxyImage(image));
    }

    /**
     * How the containers are networked: {@link NetworkMode#HOST}, {@link NetworkMode#POD}, or
     * {@link NetworkMode#AUTO} (the default: host networking where it reaches this JVM, else pod).
     *
     * @param mode how to network the containers
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withNetworkMode(NetworkMode mode) {
        return with(spec.toBuilder().networkMode(mode));
    }

    /**
     * Keeps the cluster running after {@link #close()}, for the next start of the same spec (in this
     * JVM or a later one) to take over, flushed and healed, in well under a second. As with
     * Testcontainers, it takes effect only where {@code testcontainers.reuse.enable=true} is set in
     * {@code ~/.testcontainers.properties}; elsewhere a warning is logged and close() removes the cluster.
     * A cluster in a pod is reused with its pod. {@code bin/redis-cluster-testkit down <id>} (or
     * {@code down --all}) removes a reused cluster.
     *
     * @param reuse true to keep the cluster for the next start; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withReuse(boolean reuse) {
        return with(spec.toBuilder().reuse(reuse));
    }

    private RedisShardedClusterContainer with(ClusterSpec.Builder changed) {
        change(changed);
        return this;
    }

    /**
     * The host every endpoint is on: the bind address if a specific one was chosen; else 127.0.0.1
     * when Docker runs on this machine, or the Docker host as Testcontainers reports it. With
     * {@link #withNetworkFaults(boolean) network faults}, every node has an address of its own, and
     * this is HAProxy's (the host of the master and replicas ports and the stats page).
     *
     * @return an IP address or host name
     */
    public String host() {
        return running().runtime().haproxyHost();
    }

    /** {@return how many shards the cluster has} */
    public int shardCount() {
        return spec.shards();
    }

    /**
     * {@return shard {@code index}: its endpoints, its nodes, failover and waiting}
     *
     * @param index from 0 to {@link #shardCount()} - 1
     */
    public Shard shard(int index) {
        ClusterHandle handle = running().handle();
        return new Shard(handle, handle.runtime().shardPlan(index));
    }

    /** {@return every shard's endpoints as they are now, shard 0 first} */
    public List<ShardEndpoints> endpoints() {
        List<ShardEndpoints> all = new ArrayList<>();
        for (int i = 0; i < spec.shards(); i++) {
            all.add(shard(i).endpoints());
        }
        return all;
    }

    /** {@return the HAProxy node, to stop, pause or restart like any other} */
    public Node haproxyNode() {
        ClusterHandle handle = running().handle();
        return handle.node(handle.runtime().plan.haproxy());
    }

    /** {@return HAProxy's stats page (HTTP, path {@code /})} */
    public Endpoint haproxyStats() {
        ClusterRuntime r = running().runtime();
        return new Endpoint(r.haproxyHost(), r.plan.haproxyStatsPort());
    }

    /** {@return HAProxy's runtime API (TCP; {@code show stat}, {@code show servers state}, ...)} */
    public Endpoint haproxyRuntimeApi() {
        ClusterHandle handle = running().handle();
        return handle.endpoint(handle.runtime().plan.haproxy());
    }
}
