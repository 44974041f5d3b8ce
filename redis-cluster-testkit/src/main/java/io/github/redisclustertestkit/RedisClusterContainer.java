package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.plan.HashSlots;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.SlotRange;
import io.github.redisclustertestkit.internal.runtime.SlotMoves;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A native Redis Cluster for a test: masters that share the 16384 hash slots, each with its
 * replicas, formed over the cluster bus; no Sentinel, no HAProxy. Clients connect to
 * {@link #nodes()} as seeds and follow {@code MOVED}/{@code ASK}, which always name an address this
 * machine reaches ({@code 127.0.0.1:PORT}, host networking or a pod alike). Named apart from
 * {@link RedisShardedClusterContainer}, which shards by Sentinel master name behind HAProxy.
 * <p>
 * {@link #start()} returns once the cluster is ready: every node reports {@code cluster_state:ok}
 * and all 16384 slots ok, knows every node at the address clients use and none flagged failing,
 * all nodes have one view of which master owns which slots, and every replica's link is up. A
 * client started then can write to every slot at once.
 * <pre>{@code
 * try (RedisClusterContainer cluster = new RedisClusterContainer()) {
 *     cluster.start();
 *     JedisCluster jedis = new JedisCluster(Set.of(new HostAndPort(cluster.host(), cluster.nodes().get(0).port())));
 *     cluster.shard(0).masterNode().kill();
 *     cluster.shard(0).awaitMasterChange(Duration.ofSeconds(30));
 * }
 * }</pre>
 * A killed master fails over only while a majority of masters is alive: kill tests need at least
 * three masters (the default). Needs Redis 7.0+ or Valkey 7.2+ ({@code cluster-port}).
 *
 * @since 0.1.0
 */
public final class RedisClusterContainer extends ClusterFront {

    /** A cluster of {@link Defaults#CLUSTER_MASTERS} masters with {@link Defaults#CLUSTER_REPLICAS_PER_MASTER} replica each. */
    public RedisClusterContainer() {
        super(Topology.CLUSTER, ClusterSpec.defaults().toBuilder().topology(Topology.CLUSTER)
                .shards(Defaults.CLUSTER_MASTERS).replicasPerShard(Defaults.CLUSTER_REPLICAS_PER_MASTER).build());
    }

    /**
     * A native Redis Cluster that another process started (the CLI's {@code up --topology cluster},
     * or a test still running), rebuilt from its containers' labels. {@link #close()} leaves it running.
     *
     * @param clusterId the id its owner printed or logged
     * @return the running cluster
     * @throws RedisClusterException if there is no such cluster, it is not a native Redis Cluster,
     *                               or some of its containers are gone
     */
    public static RedisClusterContainer attach(String clusterId) {
        Objects.requireNonNull(clusterId, "clusterId");
        Started found = Started.attach(clusterId);
        if (!found.runtime().plan.isRedisCluster()) {
            throw new RedisClusterException("cluster " + clusterId + " is a Sentinel-sharded cluster: attach to it"
                    + " with RedisShardedClusterContainer.attach(\"" + clusterId + "\")");
        }
        RedisClusterContainer cluster = new RedisClusterContainer();
        cluster.attached(found);
        return cluster;
    }

    /**
     * @param masters masters sharing the 16384 slots, 1 to 32 (default {@link Defaults#CLUSTER_MASTERS})
     * @return this container
     */
    public RedisClusterContainer withMasters(int masters) {
        return with(spec.toBuilder().shards(masters));
    }

    /**
     * @param replicas replicas of each master, 0 to 8 (default {@link Defaults#CLUSTER_REPLICAS_PER_MASTER});
     *                 without replicas nothing fails over
     * @return this container
     */
    public RedisClusterContainer withReplicasPerMaster(int replicas) {
        return with(spec.toBuilder().replicasPerShard(replicas));
    }

    /**
     * @param timeout {@code cluster-node-timeout}, at least 100 ms (default {@link Defaults#CLUSTER_NODE_TIMEOUT}):
     *                how long a node may not answer before it is failed over
     * @return this container
     */
    public RedisClusterContainer withClusterNodeTimeout(Duration timeout) {
        return with(spec.toBuilder().clusterNodeTimeout(timeout));
    }

    /**
     * TLS only, everywhere: every node serves TLS on its port and closes the plain one, and
     * replication, Sentinel and the cluster bus connections use TLS. A CA and certificates are made for the
     * cluster at start, valid for its addresses for a day; {@link #tls()} gives clients the CA.
     *
     * @param tls true to turn it on; default false
     * @return this, to chain further options
     */
    public RedisClusterContainer withTls(boolean tls) {
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
    public RedisClusterContainer withMutualTls(boolean mutualTls) {
        return with(spec.toBuilder().mutualTls(mutualTls));
    }

    /**
     * @param password {@code requirepass} and {@code masterauth} of every node, or null for none
     * @return this container
     */
    public RedisClusterContainer withPassword(String password) {
        return with(spec.toBuilder().password(password));
    }

    /**
     * @param appendOnly whether every node runs with {@code appendonly yes}
     * @return this container
     */
    public RedisClusterContainer withAppendOnly(boolean appendOnly) {
        return with(spec.toBuilder().appendOnly(appendOnly));
    }

    /**
     * An ACL user on every Redis node, as a production deployment with named users has it. The
     * library and replication then use users of their own, each with only the commands its
     * work needs, so that no rule given here can lock them out.
     *
     * @param name     the user name; not {@code default} (see {@link #withPassword(String)} and
     *                 {@link #withDefaultUserDisabled(boolean)}) nor starting with {@code rct-}
     * @param password its password, required: a user without one would let anyone in as it
     * @param rules    its rules as {@code ACL SETUSER} takes them, such as {@code "~app:*"}, {@code "+@all"}
     * @return this, to chain further options
     */
    public RedisClusterContainer withUser(String name, String password, String... rules) {
        return withUsers(String.join(" ", Stream.concat(Stream.of(name, password), Stream.of(rules)).toList()));
    }

    /**
     * ACL users as the configuration parameter and the command line give them: each
     * {@code "NAME PASSWORD RULE..."}, as {@link #withUser(String, String, String...)} takes them.
     *
     * @param users one entry per user; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisClusterContainer withUsers(String... users) {
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
    public RedisClusterContainer withDefaultUserDisabled(boolean disabled) {
        return with(spec.toBuilder().defaultUserDisabled(disabled));
    }

    /**
     * @param directives raw {@code redis.conf} lines for every node, appended to those set before
     * @return this container
     */
    public RedisClusterContainer withRedisConf(String... directives) {
        List<String> all = new ArrayList<>(spec.redisConf());
        all.addAll(List.of(directives));
        return with(spec.toBuilder().redisConf(all));
    }

    /**
     * @param address the literal IP address every node listens on, or null for the default
     * @return this container
     */
    public RedisClusterContainer withBindAddress(String address) {
        return with(spec.toBuilder().bindAddress(address));
    }

    /**
     * @param networkFaults whether every node listens on and connects from a loopback address of
     *                      its own, so that {@link #network()} can cut traffic (the cluster bus too)
     * @return this container
     */
    public RedisClusterContainer withNetworkFaults(boolean networkFaults) {
        return with(spec.toBuilder().networkFaults(networkFaults));
    }

    /**
     * @param timeout how long {@link #start()} may take until the cluster is ready
     * @return this container
     */
    public RedisClusterContainer withStartupTimeout(Duration timeout) {
        return with(spec.toBuilder().startupTimeout(timeout));
    }

    /**
     * @param image an image that runs Redis 7.0+ or Valkey 7.2+
     * @return this container
     */
    public RedisClusterContainer withRedisImage(DockerImageName image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * @param image an image name that runs Redis 7.0+ or Valkey 7.2+, such as {@code valkey/valkey:8.1}
     * @return this container
     */
    public RedisClusterContainer withRedisImage(String image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * @param mode host networking, one network namespace for the cluster, or whichever works here
     * @return this container
     */
    public RedisClusterContainer withNetworkMode(NetworkMode mode) {
        return with(spec.toBuilder().networkMode(mode));
    }

    /**
     * Keeps the cluster running after {@link #close()}, for the next start of the same spec (in this
     * JVM or a later one) to take over: faults undone, ready again as at a first start, flushed. As
     * with Testcontainers, it takes effect only where {@code testcontainers.reuse.enable=true} is set
     * in {@code ~/.testcontainers.properties}; elsewhere a warning is logged and close() removes the
     * cluster. {@code bin/redis-cluster-testkit down <id>} (or {@code down --all}) removes a reused cluster.
     *
     * @param reuse true to keep the cluster for the next start; default false
     * @return this container
     */
    public RedisClusterContainer withReuse(boolean reuse) {
        return with(spec.toBuilder().reuse(reuse));
    }

    private RedisClusterContainer with(ClusterSpec.Builder changed) {
        change(changed);
        return this;
    }

    /** {@return where clients reach every node: 127.0.0.1 unless the Docker host is another machine} */
    public String host() {
        return running().runtime().host(running().runtime().plan.redisNodes().get(0).port());
    }

    /** {@return every node's client address, shard by shard: what a cluster client takes as seeds} */
    public List<Endpoint> nodes() {
        Started now = running();
        return now.runtime().plan.redisNodes().stream().map(now.handle()::endpoint).toList();
    }

    /** {@return the seeds as {@code host:port,host:port,...}, the form of {@code spring.data.redis.cluster.nodes}} */
    public String seeds() {
        return nodes().stream().map(Endpoint::toString).collect(Collectors.joining(","));
    }

    /** {@return how many masters share the slots} */
    public int masterCount() {
        return spec.shards();
    }

    /**
     * {@return master {@code index} with its replicas and slots}
     *
     * @param index from 0 to {@code masterCount() - 1}
     */
    public RedisClusterShard shard(int index) {
        Started now = running();
        return new RedisClusterShard(now.handle(), now.runtime().shardPlan(index));
    }

    /** {@return every shard, in slot order} */
    public List<RedisClusterShard> shards() {
        List<RedisClusterShard> all = new ArrayList<>();
        for (int i = 0; i < spec.shards(); i++) {
            all.add(shard(i));
        }
        return all;
    }

    /**
     * {@return the hash slot of {@code key}}, as the cluster computes it (CRC16 of the key, or of
     * its {@code {hash tag}}, modulo 16384)
     *
     * @param key any key
     */
    public static int slotOf(String key) {
        return HashSlots.slotOf(key);
    }

    /**
     * {@return the shard whose master owns {@code slot} now}: after a migration, not necessarily the
     * one whose {@link RedisClusterShard#firstSlot()}..{@link RedisClusterShard#lastSlot()} hold it
     *
     * @param slot 0 to 16383
     */
    public RedisClusterShard shardOwning(int slot) {
        Started now = running();
        NodePlan owner = Failures.translated(() -> new SlotMoves(now.runtime()).owner(requireSlot(slot)));
        return shard(owner.shard());
    }

    /**
     * Moves {@code slot} with its keys to {@code to}'s master, completely: returns once every
     * node's view names the new owner and the cluster is ready again.
     *
     * @param slot 0 to 16383
     * @param to   the shard whose master takes it
     */
    public void migrateSlot(int slot, RedisClusterShard to) {
        beginMigration(slot, to).complete();
    }

    /**
     * Starts moving {@code slot} to {@code to}'s master and stops half-way, so that clients meet
     * {@code -ASK}: see {@link SlotMigration}.
     *
     * @param slot 0 to 16383
     * @param to   the shard whose master takes it
     * @return the migration, to {@link SlotMigration#complete() complete} it
     */
    public SlotMigration beginMigration(int slot, RedisClusterShard to) {
        Started now = running();
        requireSlot(slot);
        NodePlan target = now.runtime().currentMaster(now.runtime().shardPlan(to.index()));
        SlotMoves moves = new SlotMoves(now.runtime());
        return new SlotMigration(moves, Failures.translated(() -> moves.begin(slot, target)), now.handle());
    }

    /**
     * Moves slots until every shard's master owns its even share again, as at start.
     *
     * @return how many slots moved
     */
    public int rebalance() {
        Started now = running();
        return Failures.translated(() -> new SlotMoves(now.runtime()).rebalance(Defaults.FAILOVER_WAIT));
    }

    private static int requireSlot(int slot) {
        if (slot < 0 || slot >= SlotRange.SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " does not exist: a Redis Cluster has slots 0.."
                    + (SlotRange.SLOTS - 1) + ". Use slotOf(key) for a key's slot");
        }
        return slot;
    }
}
