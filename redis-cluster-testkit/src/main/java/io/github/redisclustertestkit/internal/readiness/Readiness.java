package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.Logs;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * Ready means: replication holds, every Sentinel agrees and could fail its shard over now,
 * HAProxy routes every shard right.
 * {@link #await} polls those facts (no fixed sleeps) until all hold at once.
 */
public final class Readiness {

    private static final long POLL_MILLIS = 10;
    private static final long LIVENESS_EVERY_MILLIS = 200;
    /** What a fact that does not hold yet shows changes often (offsets, timers): logged at most this often. */
    private static final long DEBUG_EVERY_NANOS = 500_000_000;

    private Readiness() {
    }

    /**
     * The checks that define "ready" (and "healthy again") for a plan: among them, that a
     * failover can start now on every shard, through any of its Sentinels.
     */
    public static List<ReadinessCheck> checksFor(ClusterPlan plan) {
        return checksFor(plan, SentinelPeriods.of(plan));
    }

    /** As {@link #checksFor(ClusterPlan)}, for Sentinels that run with {@code periods}. */
    public static List<ReadinessCheck> checksFor(ClusterPlan plan, SentinelPeriods periods) {
        if (plan.isRedisCluster()) {
            return List.of(new RedisClusterCheck(plan));
        }
        List<ReadinessCheck> checks = new ArrayList<>();
        for (ShardPlan shard : plan.shards()) {
            checks.addAll(checksFor(plan, shard, periods));
        }
        return checks;
    }

    /** The checks of one shard. */
    public static List<ReadinessCheck> checksFor(ClusterPlan plan, ShardPlan shard) {
        if (plan.isRedisCluster()) {
            return List.of(new RedisClusterCheck(plan)); // one view for all: a shard is healthy when the cluster is
        }
        return checksFor(plan, shard, SentinelPeriods.of(plan));
    }

    private static List<ReadinessCheck> checksFor(ClusterPlan plan, ShardPlan shard, SentinelPeriods periods) {
        List<ReadinessCheck> checks = new ArrayList<>();
        checks.add(new ReplicationCheck(shard));
        for (NodePlan sentinel : shard.sentinels()) {
            checks.add(new SentinelCheck(shard, sentinel, periods));
        }
        checks.add(new HaproxyRoutingCheck(shard, plan.haproxy()));
        return checks;
    }

    /**
     * Waits until every check holds in one pass.
     *
     * @param liveness called every so often; throws to stop waiting (a container died)
     * @return the facts that still did not hold when time ran out, first one first; empty once all hold
     */
    public static List<Problem> await(List<ReadinessCheck> checks, Probe probe, Duration timeout, Runnable liveness) {
        return await(checks, probe, timeout, liveness, (check, nanos) -> { });
    }

    /**
     * As {@link #await(List, Probe, Duration, Runnable)}, telling {@code firstHeld} when each
     * check first held ({@link System#nanoTime()}).
     */
    public static List<Problem> await(List<ReadinessCheck> checks, Probe probe, Duration timeout, Runnable liveness,
                                      ObjLongConsumer<ReadinessCheck> firstHeld) {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        // No probe waits past the deadline: a pass over a paused node cannot overshoot it by seconds.
        Probe bounded = probe.before(deadline);
        long nextLiveness = 0;
        Map<ReadinessCheck, Problem> open = new LinkedHashMap<>();
        Map<ReadinessCheck, Long> lastLogged = new HashMap<>();
        checks.forEach(c -> open.put(c, null));
        while (true) {
            // Checks that held once are only re-checked in the final pass, which must see all hold.
            for (ReadinessCheck check : List.copyOf(open.keySet())) {
                if (open.get(check) != null && System.nanoTime() - deadline >= 0) {
                    continue; // time is up: what was last seen stands
                }
                Optional<Problem> problem = check.evaluate(bounded);
                if (problem.isPresent()) {
                    // A pass that ran out of time sees mostly "no time left": what was seen
                    // within the timeout says more about why it did not hold. Such a pass can
                    // end just before the deadline, so "late" is the probe's, not the clock's.
                    boolean late = bounded.outOfTime();
                    if (!late || open.get(check) == null) {
                        Problem before = open.put(check, problem.get());
                        long now = System.nanoTime();
                        if (Logs.READINESS.isDebugEnabled() && !problem.get().equals(before)
                                && now - lastLogged.getOrDefault(check, now - DEBUG_EVERY_NANOS) >= DEBUG_EVERY_NANOS) {
                            lastLogged.put(check, now);
                            Logs.READINESS.debug("{}: awaiting {} on {}, seen {}", check.name(), problem.get().awaited(),
                                    problem.get().node().name(), problem.get().seen());
                        }
                    }
                } else {
                    open.remove(check);
                    long held = System.nanoTime();
                    Logs.READINESS.debug("{}: holds, {} into the wait", check.name(), Logs.took(held - began));
                    firstHeld.accept(check, held);
                }
            }
            if (open.isEmpty()) {
                // At least one probe timeout of its own: checks that all held just before the
                // deadline must not fail here only because no time is left to ask them again.
                long least = System.nanoTime() + Probe.TIMEOUT.toNanos();
                Probe confirming = probe.before(deadline - least >= 0 ? deadline : least);
                for (ReadinessCheck check : checks) {
                    check.evaluate(confirming).ifPresent(p -> {
                        Logs.READINESS.debug("{}: no longer holds in the confirming pass, seen {}", check.name(), p.seen());
                        open.put(check, p);
                    });
                }
                if (open.isEmpty()) {
                    return List.of();
                }
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return List.copyOf(open.values());
            }
            if (now - nextLiveness >= 0) {
                liveness.run();
                nextLiveness = now + LIVENESS_EVERY_MILLIS * 1_000_000;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                throw ClusterFailure.interrupted("awaiting readiness", e);
            }
        }
    }
}
