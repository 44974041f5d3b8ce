package io.github.redisclustertestkit;

import com.github.dockerjava.api.DockerClient;
import io.github.redisclustertestkit.faults.SentinelEvent;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.testsupport.TestNetworkMode;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a running cluster from the outside, with a real client (Jedis), as a user would. */
final class ClusterFacts {

    private ClusterFacts() {
    }

    /** The network mode the core ITs run in: see {@link TestNetworkMode}. */
    static final NetworkMode NETWORK_MODE = TestNetworkMode.get();

    /** What a child JVM that owns a cluster prints, followed by the cluster's id, once it has started it. */
    static final String OWNER_READY = "cluster ready: ";

    /** How long a child JVM may take to start a cluster and say so. */
    static final Duration OWNER_START = Duration.ofSeconds(120);

    /** The matrix's Redis 6 image: scripts/docker-env.sh builds it only when RCT_MATRIX asks (CI sets "all"). */
    static final String REDIS6_IMAGE = "redis-cluster-testkit/redis:6.0-bullseye";

    /** Whether the engine already has {@code image}: a matrix image is absent where no run asked for it. */
    static boolean presentLocally(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException absent) {
            return false;
        }
    }

    /** Skips the test, rather than failing it, on an engine without this matrix image. */
    static void assumePresent(String image) {
        Assumptions.assumeTrue(presentLocally(image),
                image + " is absent: scripts/docker-env.sh builds it when RCT_MATRIX asks (e.g. RCT_MATRIX=all)");
    }

    /** A cluster with every default, in {@link #NETWORK_MODE}. */
    static RedisShardedClusterContainer newCluster() {
        return new RedisShardedClusterContainer().withNetworkMode(NETWORK_MODE);
    }

    /**
     * What {@link #leftoverContainers()} lists while a cluster of {@code nodes} nodes runs: in pod
     * mode also the pod container and its network.
     */
    static int resourcesOf(RedisShardedClusterContainer cluster, int nodes) {
        return nodes + (cluster.networkMode() == NetworkMode.POD ? 2 : 0);
    }

    static Jedis connect(Endpoint endpoint, String password) {
        Jedis jedis = new Jedis(endpoint.host(), endpoint.port(), 2000);
        if (password != null) {
            jedis.auth(password);
        }
        return jedis;
    }

    static Map<String, String> info(Endpoint endpoint, String password, String section) {
        try (Jedis jedis = connect(endpoint, password)) {
            return jedis.info(section).lines().filter(l -> l.contains(":"))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).trim()));
        }
    }

    /** Every readiness fact of one shard, asserted from the outside. */
    static void assertReady(ShardEndpoints shard, int replicas, int sentinels, String password) {
        Map<String, String> master = info(shard.master(), password, "replication");
        assertThat(master).containsEntry("role", "master").containsEntry("connected_slaves", String.valueOf(replicas));
        assertThat(shard.replicas()).hasSize(replicas);
        for (Endpoint replica : shard.replicas()) {
            assertThat(info(replica, password, "replication"))
                    .containsEntry("role", "slave")
                    .containsEntry("master_port", String.valueOf(shard.master().port()))
                    .containsEntry("master_link_status", "up");
        }
        assertThat(shard.sentinels()).hasSize(sentinels);
        for (Endpoint sentinel : shard.sentinels()) {
            try (Jedis jedis = connect(sentinel, null)) {
                assertThat(jedis.sentinelGetMasterAddrByName(shard.masterName()).get(1))
                        .isEqualTo(String.valueOf(shard.master().port()));
                Map<String, String> view = jedis.sentinelMaster(shard.masterName());
                assertThat(view).containsEntry("flags", "master")
                        .containsEntry("num-slaves", String.valueOf(replicas))
                        .containsEntry("num-other-sentinels", String.valueOf(sentinels - 1));
                Object ok = jedis.sendCommand(Protocol.Command.SENTINEL, "CKQUORUM", shard.masterName());
                assertThat(new String((byte[]) ok, StandardCharsets.UTF_8)).startsWith("OK");
            }
        }
        assertThat(info(shard.haproxyMaster(), password, "server"))
                .containsEntry("tcp_port", String.valueOf(shard.master().port()));
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 2 * replicas; i++) {
            Map<String, String> viaReplicasPort = info(shard.haproxyReplicas(), password, "server");
            reached.add(viaReplicasPort.get("tcp_port"));
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(
                shard.replicas().stream().map(e -> String.valueOf(e.port())).toList());
    }

    /**
     * Ids of the clusters started through {@link #start}: the only ones a "nothing left running"
     * check counts, so that another build sharing the Docker engine cannot fail it.
     */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    /** Starts the cluster and remembers its id for {@link #leftoverContainers()}. */
    static void start(RedisShardedClusterContainer cluster) {
        cluster.start();
        STARTED.add(cluster.clusterId());
    }

    /** Remembers a started cluster of any front for {@link #leftoverContainers()}. */
    static void remember(String clusterId) {
        STARTED.add(clusterId);
    }

    /** Containers, and pod networks, that exist now of the clusters this JVM's tests started. */
    static List<String> leftoverContainers() {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<String> containers = STARTED.stream().flatMap(id -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, id)).exec().stream())
                .map(c -> String.join(",", c.getNames())).toList();
        List<String> networks = STARTED.stream().flatMap(id -> docker.listNetworksCmd()
                        .withFilter("label", List.of(NodeContainer.CLUSTER_LABEL + "=" + id)).exec().stream())
                .map(n -> "network " + n.getName()).toList();
        return Stream.concat(containers.stream(), networks.stream()).toList();
    }

    /**
     * Containers of this library created from {@code image} (as named when created) that exist
     * now: for a cluster that failed to start, whose id a test never learns.
     */
    static List<String> containersUsing(String image) {
        return DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(NodeContainer.CLUSTER_LABEL)).exec().stream()
                .filter(c -> image.equals(c.getImage())).map(c -> String.join(",", c.getNames())).toList();
    }

    /**
     * The {@code +sdown} events, among {@code events}, in which a Sentinel took {@code master}
     * for down as {@code shard}'s master: after a failover to it, a sign of the next one, unasked.
     */
    static List<SentinelEvent> takenForDown(List<SentinelEvent> events, Shard shard, Node master) {
        String prefix = "master " + shard.masterName() + " ";
        String suffix = " " + master.plan().port();
        return events.stream().filter(e -> e.type().equals("+sdown") && e.message().startsWith(prefix)
                && e.message().endsWith(suffix)).toList();
    }

    /** A pause between a test's writes, or a deliberate delay; a wait for a condition uses Awaitility. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
