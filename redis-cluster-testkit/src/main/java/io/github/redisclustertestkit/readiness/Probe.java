package io.github.redisclustertestkit.readiness;

import io.github.redisclustertestkit.plan.NodePlan;
import io.github.redisclustertestkit.plan.ShardPlan;
import io.github.redisclustertestkit.probe.RespClient;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How checks reach the nodes: the Docker host's address, the password, short timeouts. Also the
 * one definition of "the master" that readiness, failover and the endpoints share with the
 * default routing: the node that a majority of the shard's Sentinels name.
 */
public final class Probe {

    static final Duration TIMEOUT = Duration.ofMillis(1000);

    private final String host;
    private final String password;

    public Probe(String host, String password) {
        this.host = host;
        this.password = password;
    }

    public String host() {
        return host;
    }

    /** Connects to a Redis node (authenticating when a password is set). */
    public RespClient redis(int port) throws IOException {
        return redis(port, TIMEOUT);
    }

    /** As {@link #redis(int)}, for a command that may take up to {@code timeout} to answer (WAIT). */
    public RespClient redis(int port, Duration timeout) throws IOException {
        return RespClient.connect(host, port, password, timeout);
    }

    /** Connects to a Sentinel (Sentinels have no password of their own). */
    public RespClient sentinel(int port) throws IOException {
        return RespClient.connect(host, port, null, TIMEOUT);
    }

    /** The port each reachable Sentinel names as the shard's master (absent when unreachable). */
    public Map<NodePlan, Integer> sentinelViews(ShardPlan shard) {
        Map<NodePlan, Integer> views = new HashMap<>();
        for (NodePlan sentinel : shard.sentinels()) {
            try (RespClient client = sentinel(sentinel.port())) {
                Object reply = client.call("SENTINEL", "get-master-addr-by-name", shard.masterName());
                if (reply instanceof List<?> addr && addr.size() == 2) {
                    views.put(sentinel, Integer.parseInt(String.valueOf(addr.get(1))));
                }
            } catch (IOException | RuntimeException unreachable) {
                // not a vote
            }
        }
        return views;
    }

    /** The node a majority of the shard's Sentinels name as master, if there is one. */
    public Optional<NodePlan> agreedMaster(ShardPlan shard) {
        int majority = shard.sentinels().size() / 2 + 1;
        Map<Integer, Integer> votes = new HashMap<>();
        sentinelViews(shard).values().forEach(port -> votes.merge(port, 1, Integer::sum));
        return votes.entrySet().stream()
                .filter(e -> e.getValue() >= majority)
                .findFirst()
                .flatMap(e -> shard.redisAt(e.getKey()));
    }
}
