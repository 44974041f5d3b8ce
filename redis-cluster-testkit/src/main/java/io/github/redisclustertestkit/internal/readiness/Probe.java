package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.readiness.cluster.ClusterHealth;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.probe.RespProtocolException;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * How checks reach the nodes: the Docker host's address, the password, short timeouts. Also the
 * one definition of "the master" that readiness, failover and the endpoints share with the
 * default routing: the node that a majority of the shard's Sentinels name.
 */
public final class Probe {

    static final Duration TIMEOUT = Duration.ofMillis(1000);
    /**
     * With less time than this left, a probe fails for want of time rather than for what a node
     * does: sockets wait in whole milliseconds ({@code RespClient} refuses to wait 0 ms), and a
     * socket timeout may end a timer tick early. Ten ticks of margin.
     */
    private static final long OUT_OF_TIME_NANOS = 10_000_000;

    private final IntFunction<String> hostOf;
    /** Who the library authenticates as on Redis nodes: null for the default user. */
    private final String user;
    private final String password;
    /** Every connection of a TLS cluster goes through it; null for a plain cluster. */
    private final SSLSocketFactory tls;
    /** {@link System#nanoTime()} that no probe waits past; only if {@link #hasDeadline}. */
    private final long deadline;
    private final boolean hasDeadline;

    public Probe(String host, String password) {
        this(port -> host, null, password, null, 0, false);
    }

    /** Nodes on addresses of their own: {@code hostOf} gives the address of the node listening on a port. */
    public Probe(IntFunction<String> hostOf, String password) {
        this(hostOf, null, password, null, 0, false);
    }

    /** As {@link #Probe(IntFunction, String)}, over TLS when {@code tls} is not null. */
    public Probe(IntFunction<String> hostOf, String password, SSLSocketFactory tls) {
        this(hostOf, null, password, tls, 0, false);
    }

    /** How the library reaches a planned cluster's nodes: as its user, over TLS when {@code tls} is not null. */
    public Probe(ClusterPlan plan, SSLSocketFactory tls) {
        this(plan::clientHost, plan.authUser(), plan.authPassword(), tls, 0, false);
    }

    private Probe(IntFunction<String> hostOf, String user, String password, SSLSocketFactory tls, long deadline,
                  boolean hasDeadline) {
        this.hostOf = hostOf;
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.deadline = deadline;
        this.hasDeadline = hasDeadline;
    }

    /**
     * The same probe, but none of its connections waits past {@code deadline}
     * ({@link System#nanoTime()}), so that a pass over a paused node ends when the wait does.
     */
    public Probe before(long deadline) {
        return new Probe(hostOf, user, password, tls, deadline, true);
    }

    /** The socket factory of a TLS cluster's connections, or null for a plain cluster. */
    public SSLSocketFactory tls() {
        return tls;
    }

    /** Where the node (or HAProxy listener) on {@code port} is reached. */
    public String host(int port) {
        return hostOf.apply(port);
    }

    /** How long one step of a probe may wait now: {@link #TIMEOUT}, or less when the deadline is near. */
    public Duration timeout() {
        if (!hasDeadline) {
            return TIMEOUT;
        }
        long left = deadline - System.nanoTime();
        return Duration.ofNanos(Math.max(1_000_000, Math.min(TIMEOUT.toNanos(), left)));
    }

    /**
     * Whether the deadline is so near that probes now fail for want of time: what a check sees
     * then says nothing about the nodes. Always false without a deadline.
     */
    public boolean outOfTime() {
        return hasDeadline && deadline - System.nanoTime() < OUT_OF_TIME_NANOS;
    }

    /** Connects to a Redis node (authenticating as the library's user, or with the password, when set). */
    public RespClient redis(int port) throws IOException {
        return redis(port, TIMEOUT);
    }

    /** As {@link #redis(int)}, for a command that may take up to {@code timeout} to answer (WAIT). */
    public RespClient redis(int port, Duration timeout) throws IOException {
        return connect(port, user, password, timeout);
    }

    /** Connects to a Sentinel (Sentinels have no password of their own). */
    public RespClient sentinel(int port) throws IOException {
        return connect(port, null, null, TIMEOUT);
    }

    private RespClient connect(int port, String user, String password, Duration timeout) throws IOException {
        return hasDeadline ? RespClient.connectBefore(host(port), port, user, password, timeout, deadline, tls)
                : RespClient.connect(host(port), port, user, password, timeout, tls);
    }

    /**
     * What a probe that failed saw, for a {@link Problem}: the error the node answered
     * ({@code answered -LOADING ...}), an answer that is not RESP, or that it did not answer and why.
     */
    public static String seen(Exception failure) {
        if (failure instanceof RespErrorException) {
            return failure.getMessage();
        }
        return (failure instanceof RespProtocolException ? "an answer that is not RESP: " : "no answer: ")
                + failure.getMessage();
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

    /**
     * The master of a native Redis Cluster shard that a majority of all the cluster's nodes name:
     * the node of {@code shard} flagged master, not failed, owning slots. Empty while they disagree
     * (a failover under way) or too few answer.
     */
    public Optional<NodePlan> agreedClusterMaster(List<NodePlan> all, ShardPlan shard) {
        List<String> replies = new ArrayList<>();
        for (NodePlan node : all) {
            try (RespClient client = redis(node.port())) {
                replies.add(String.valueOf(client.call("CLUSTER", "NODES")));
            } catch (IOException | RespErrorException unanswered) {
                // a node that does not answer has no vote
            }
        }
        return agreedClusterMaster(replies, all.size(), shard);
    }

    /** {@link ClusterHealth#namedByMajority} among {@code shard}'s nodes, given the replies. */
    static Optional<NodePlan> agreedClusterMaster(List<String> clusterNodes, int nodes, ShardPlan shard) {
        return ClusterHealth.namedByMajority(clusterNodes, nodes, a -> shard.redisAt(a.port()).isPresent())
                .flatMap(a -> shard.redisAt(a.port()));
    }
}
