package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under host networking a cluster's listeners are on the Docker host's interfaces: by default
 * every one of them must be on loopback. Reads the kernel's socket tables, in which the
 * containers' sockets appear because they share this machine's network namespace.
 */
class ListenersIT {

    /** {@code st} of a listening socket in /proc/net/tcp and /proc/net/tcp6. */
    private static final String LISTEN = "0A";

    @Test
    void everyListenerOfADefaultClusterIsOnLoopback() throws IOException {
        String id;
        try (var cluster = new RedisShardedClusterContainer().withShards(1)) {
            cluster.start();
            id = cluster.clusterId();
            assertThat(cluster.host()).isEqualTo("127.0.0.1");
            assertListenersOnlyOn(cluster, InetAddress::isLoopbackAddress, "a loopback address");
        }
        assertThat(ClusterContainers.count(id)).isZero();
    }

    @Test
    void aChosenAddressIsWhereEverythingListensAndWhereNodesMeet() throws IOException {
        String id;
        try (var cluster = new RedisShardedClusterContainer().withShards(1).withReplicasPerShard(1)
                .withBindAddress("127.0.0.2")) {
            cluster.start();
            id = cluster.clusterId();
            assertThat(cluster.host()).isEqualTo("127.0.0.2");
            assertListenersOnlyOn(cluster, a -> a.getHostAddress().equals("127.0.0.2"), "127.0.0.2");
            // Masters and Sentinels name peers by the address they connect from: all of it agrees.
            ShardEndpoints shard = cluster.shard(0).endpoints();
            ClusterFacts.assertReady(shard, 1, 3, null);
            assertThat(ClusterFacts.info(shard.master(), null, "replication").get("slave0"))
                    .startsWith("ip=127.0.0.2,port=" + shard.replicas().get(0).port() + ",");
        }
        assertThat(ClusterContainers.count(id)).isZero();
    }

    /** Every port of the cluster has a listener, and every listener on it is at an allowed address. */
    private static void assertListenersOnlyOn(RedisShardedClusterContainer cluster, Predicate<InetAddress> allowed,
                                              String what) throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ShardEndpoints shard : cluster.endpoints()) {
            String s = shard.masterName() + " ";
            ports.put(s + "master", shard.master().port());
            for (int i = 0; i < shard.replicas().size(); i++) {
                ports.put(s + "replica " + i, shard.replicas().get(i).port());
            }
            for (int i = 0; i < shard.sentinels().size(); i++) {
                ports.put(s + "sentinel " + i, shard.sentinels().get(i).port());
            }
            ports.put(s + "HAProxy master port", shard.haproxyMaster().port());
            ports.put(s + "HAProxy replicas port", shard.haproxyReplicas().port());
        }
        ports.put("HAProxy stats page", cluster.haproxyStats().port());
        ports.put("HAProxy runtime API", cluster.haproxyRuntimeApi().port());

        Map<Integer, List<InetAddress>> listening = listeningSockets();
        List<String> wrong = new ArrayList<>();
        ports.forEach((name, port) -> {
            List<InetAddress> addresses = listening.getOrDefault(port, List.of());
            if (addresses.isEmpty()) {
                wrong.add(name + " (port " + port + "): no listener");
            }
            addresses.stream().filter(allowed.negate()).forEach(a ->
                    wrong.add(name + " (port " + port + "): listens on " + a.getHostAddress()));
        });
        assertThat(wrong).as("listeners that are not on " + what).isEmpty();
    }

    /** Port -> the local addresses listening on it, IPv4 and IPv6. */
    private static Map<Integer, List<InetAddress>> listeningSockets() throws IOException {
        Map<Integer, List<InetAddress>> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[3].equals(LISTEN)) {
                    continue;
                }
                String[] local = fields[1].split(":");
                listening.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new ArrayList<>())
                        .add(address(local[0]));
            }
        }
        return listening;
    }

    /** The kernel prints addresses as 32-bit words in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
