package io.github.redisclustertestkit.internal.options;

import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import io.github.redisclustertestkit.spec.Topology;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every option of {@link ClusterSpec}, declared once. The command line and the annotation's
 * configuration-parameter reading are made from this list; the fronts Java cannot generate (the
 * container's and the extension builder's {@code withX}, the annotation's attributes and
 * constants) are checked against it by parity tests, which also fail when a spec component has
 * no entry here.
 */
public final class SpecOptions {

    public static final List<SpecOption> ALL = List.of(
            option("shards", Kind.INT, "--shards", "N", "2", "shards (default " + Defaults.SHARDS + "); with --topology"
                            + " cluster: masters (default " + Defaults.CLUSTER_MASTERS + ")",
                    ClusterSpec::shards, (b, v) -> b.shards((Integer) v))
                    .withCliAlias(Topology.CLUSTER, "--masters"),
            option("replicasPerShard", Kind.INT, "--replicas", "N", "1",
                    "replicas per shard (default " + Defaults.REPLICAS_PER_SHARD + ")",
                    ClusterSpec::replicasPerShard, (b, v) -> b.replicasPerShard((Integer) v)),
            sentinelOption("sentinelsPerShard", Kind.INT, "--sentinels", "N", "5",
                    "Sentinels per shard (default " + Defaults.SENTINELS_PER_SHARD + ")",
                    ClusterSpec::sentinelsPerShard, (b, v) -> b.sentinelsPerShard((Integer) v)),
            sentinelOption("quorum", Kind.INT, "--quorum", "N", "1", "Sentinel quorum (default: a majority of the Sentinels)",
                    ClusterSpec::quorum, (b, v) -> b.quorum((Integer) v)),
            sentinelOption("masterNamePrefix", Kind.STRING, "--master-name-prefix", "PREFIX", "cache-",
                    "shard i's Sentinel master name is PREFIX + i (default " + Defaults.MASTER_NAME_PREFIX + ")",
                    ClusterSpec::masterNamePrefix, (b, v) -> b.masterNamePrefix((String) v)),
            option("password", Kind.STRING, "--password", "P", "pw",
                    "requirepass/masterauth on every node (default: none)",
                    ClusterSpec::password, (b, v) -> b.password((String) v)),
            option("appendOnly", Kind.BOOLEAN, "--append-only", "BOOL", "true",
                    "appendonly yes on every Redis node (default false)",
                    ClusterSpec::appendOnly, (b, v) -> b.appendOnly((Boolean) v)),
            option("redisConf", Kind.LIST, "--redis-conf", "DIRECTIVE", "maxmemory 64mb",
                    "a raw redis.conf directive for every master and replica; repeatable",
                    ClusterSpec::redisConf, (b, v) -> b.redisConf(strings(v))),
            sentinelOption("sentinelConf", Kind.LIST, "--sentinel-conf", "DIRECTIVE", "sentinel deny-scripts-reconfig yes",
                    "a raw sentinel.conf directive for every Sentinel; repeatable",
                    ClusterSpec::sentinelConf, (b, v) -> b.sentinelConf(strings(v))),
            sentinelOption("haproxyBasePort", Kind.INT, "--haproxy-base-port", "P", "5000",
                    "fixed HAProxy layout: shard i at P+2i (master) and P+2i+1 (replicas), stats page at"
                            + " P+2*shards (default: ports per run)",
                    ClusterSpec::haproxyBasePort, (b, v) -> b.haproxyBasePort((Integer) v)),
            option("bindAddress", Kind.STRING, "--bind", "ADDR", "127.0.0.2",
                    "the IP address every node and HAProxy port listens on (default: 127.0.0.1 when Docker runs"
                            + " on this machine, else the Docker host's address; 0.0.0.0 for every interface)",
                    ClusterSpec::bindAddress, (b, v) -> b.bindAddress((String) v)),
            sentinelOption("downAfter", Kind.MILLIS, "--down-after-ms", "MS", "500",
                    "Sentinel down-after-milliseconds (default " + Defaults.DOWN_AFTER.toMillis() + "; at least "
                            + ClusterPlan.BUILT_IN_PERIODS_MIN_DOWN_AFTER.toMillis() + " on Redis 6)",
                    ClusterSpec::downAfter, (b, v) -> b.downAfter((Duration) v)),
            sentinelOption("failoverTimeout", Kind.MILLIS, "--failover-timeout-ms", "MS", "3000",
                    "Sentinel failover-timeout (default " + Defaults.FAILOVER_TIMEOUT.toMillis() + ")",
                    ClusterSpec::failoverTimeout, (b, v) -> b.failoverTimeout((Duration) v)),
            sentinelOption("haproxyCheckInterval", Kind.MILLIS, "--haproxy-check-interval-ms", "MS", "50",
                    "HAProxy health check interval (default " + Defaults.HAPROXY_CHECK_INTERVAL.toMillis() + ")",
                    ClusterSpec::haproxyCheckInterval, (b, v) -> b.haproxyCheckInterval((Duration) v)),
            option("startupTimeout", Kind.MILLIS, "--startup-timeout-ms", "MS", "90000",
                    "how long starting may take (default " + Defaults.STARTUP_TIMEOUT.toMillis() + ")",
                    ClusterSpec::startupTimeout, (b, v) -> b.startupTimeout((Duration) v)),
            sentinelOption("routing", Kind.ROUTING, "--routing", "MODE", "ROLE_CHECK",
                    "how the HAProxy master port picks the master: SENTINEL_AGREED (default) or ROLE_CHECK",
                    ClusterSpec::routing, (b, v) -> b.routing((Routing) v)),
            option("redisImage", Kind.IMAGE, "--redis-image", "IMG", "r:1",
                    "Redis image (default: $" + Defaults.REDIS_IMAGE_ENV + " or " + Defaults.REDIS_IMAGE + ")",
                    ClusterSpec::redisImage, (b, v) -> b.redisImage((DockerImageName) v)),
            sentinelOption("haproxyImage", Kind.IMAGE, "--haproxy-image", "IMG", "h:1",
                    "HAProxy image (default: $" + Defaults.HAPROXY_IMAGE_ENV + " or " + Defaults.HAPROXY_IMAGE + ")",
                    ClusterSpec::haproxyImage, (b, v) -> b.haproxyImage((DockerImageName) v)),
            option("networkFaults", Kind.BOOLEAN, "--network-faults", "BOOL", "true",
                    "a loopback address per node (127.82.x.y), so that iptables rules can cut traffic between"
                            + " nodes (default false)",
                    ClusterSpec::networkFaults, (b, v) -> b.networkFaults((Boolean) v)),
            option("networkMode", Kind.NETWORK_MODE, "--network-mode", "MODE", "POD",
                    "HOST, POD or AUTO (default: AUTO, host networking where it reaches this machine, else one"
                            + " network namespace per cluster publishing its ports on 127.0.0.1)",
                    ClusterSpec::networkMode, (b, v) -> b.networkMode((NetworkMode) v)),
            option("reuse", Kind.BOOLEAN, "--reuse", "BOOL", "true",
                    "keep the cluster after it ends for the next start with the same options to take over,"
                            + " flushed; needs testcontainers.reuse.enable=true in ~/.testcontainers.properties;"
                            + " 'down' removes it (default false)",
                    ClusterSpec::reuse, (b, v) -> b.reuse((Boolean) v)),
            option("topology", Kind.TOPOLOGY, "--topology", "T", "CLUSTER",
                    "SENTINEL (default: shards with Sentinels and HAProxy) or CLUSTER (native Redis Cluster: hash"
                            + " slots, no Sentinel, no HAProxy; --masters, or --shards, are its masters)",
                    ClusterSpec::topology, (b, v) -> b.topology((Topology) v)),
            new SpecOption("clusterNodeTimeout", Kind.MILLIS, "--cluster-node-timeout-ms", "MS",
                    "cluster-node-timeout of a native Redis Cluster (default "
                            + Defaults.CLUSTER_NODE_TIMEOUT.toMillis() + ")", "1000",
                    ClusterSpec::clusterNodeTimeout, (b, v) -> b.clusterNodeTimeout((Duration) v),
                    Set.of(Topology.CLUSTER)),
            option("tls", Kind.BOOLEAN, "--tls", "BOOL", "true",
                    "TLS only on every node, Sentinel, replication link and cluster bus, with a CA and certificates"
                            + " made for this cluster at start; HAProxy passes TLS through (default false)",
                    ClusterSpec::tls, (b, v) -> b.tls((Boolean) v)),
            option("mutualTls", Kind.BOOLEAN, "--mutual-tls", "BOOL", "true",
                    "TLS where the nodes also require the client certificate made with the others"
                            + " (tls-auth-clients yes); turns --tls on (default false)",
                    ClusterSpec::mutualTls, (b, v) -> b.mutualTls((Boolean) v)),
            option("users", Kind.LIST, "--user", "'NAME PASSWORD RULE...'", "app pw ~* +@all",
                    "an ACL user on every Redis node, rules as ACL SETUSER takes them; replication, Sentinel and"
                            + " HAProxy then use users of their own; repeatable",
                    ClusterSpec::users, (b, v) -> b.users(strings(v))),
            option("defaultUserDisabled", Kind.BOOLEAN, "--default-user-disabled", "BOOL", "true",
                    "the default user off on every node, so that a client must name its user (--user)"
                            + " (default false)",
                    ClusterSpec::defaultUserDisabled, (b, v) -> b.defaultUserDisabled((Boolean) v)));

    /**
     * Methods of the fronts that set an option in another shape than its {@code withX}, by name, with
     * the option they set: {@code withUser(name, password, rules...)} adds one entry to {@code users}.
     * Parity tests accept these besides the options' own methods.
     */
    public static final Map<String, String> CONVENIENCES = Map.of("withUser", "users");

    private SpecOptions() {
    }

    /**
     * The options a front of {@code topology} offers as {@code withX} or annotation attributes:
     * those that apply to it, without the topology, which the front itself is.
     */
    public static List<SpecOption> of(Topology topology) {
        return ALL.stream().filter(o -> o.appliesTo(topology) && o.kind() != Kind.TOPOLOGY).toList();
    }

    /**
     * Checks that an option of another topology is left at its default, before any container
     * starts: a Sentinel count on a native Redis Cluster would otherwise be ignored in silence.
     *
     * @throws IllegalArgumentException naming the first such option
     */
    public static void requireApplicable(ClusterSpec spec) {
        ClusterSpec defaults = ClusterSpec.defaults();
        for (SpecOption option : ALL) {
            if (!option.appliesTo(spec.topology())
                    && !java.util.Objects.equals(option.get().apply(spec), option.get().apply(defaults))) {
                throw notApplicable(option, spec.topology());
            }
        }
    }

    /**
     * The refusal of {@code option} for {@code topology}, which it does not apply to: the same words
     * whether a spec left it set ({@link #requireApplicable}) or a command line gave it.
     */
    public static IllegalArgumentException notApplicable(SpecOption option, Topology topology) {
        return new IllegalArgumentException(option.name() + " (CLI: " + option.cliName() + ") does not apply to"
                + " topology " + topology + ": it is an option of " + option.topologies() + " only."
                + " Leave it unset for " + topology);
    }

    /** The option of that {@link ClusterSpec} component. */
    public static SpecOption named(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no option " + name + " in SpecOptions.ALL"));
    }

    /** An option of both topologies. */
    private static <T> SpecOption option(String name, Kind kind, String cliName, String label, String example,
                                         String help, Function<ClusterSpec, T> get,
                                         BiConsumer<ClusterSpec.Builder, Object> set) {
        return new SpecOption(name, kind, cliName, label, help, example, get::apply, set, EnumSet.allOf(Topology.class));
    }

    /** An option of the Sentinel topology only: Sentinels and HAProxy. */
    private static <T> SpecOption sentinelOption(String name, Kind kind, String cliName, String label, String example,
                                                 String help, Function<ClusterSpec, T> get,
                                                 BiConsumer<ClusterSpec.Builder, Object> set) {
        return new SpecOption(name, kind, cliName, label, help, example, get::apply, set, Set.of(Topology.SENTINEL));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }
}
