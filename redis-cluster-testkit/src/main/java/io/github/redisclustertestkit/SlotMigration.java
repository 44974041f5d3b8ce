package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.runtime.SlotMoves;
import io.github.redisclustertestkit.spec.Defaults;

import java.time.Duration;

/**
 * A hash slot half-way between two masters of a native Redis Cluster, as
 * {@link RedisClusterContainer#beginMigration(int, RedisClusterShard)} leaves it: {@code MIGRATING}
 * on its owner, {@code IMPORTING} on the target, about half of its keys moved. A client asking the
 * old owner for a moved (or new) key of the slot gets {@code -ASK} and must send {@code ASKING}
 * to the target; {@link #complete()} ends the move.
 *
 * @since 0.1.0
 */
public final class SlotMigration {

    private final SlotMoves moves;
    private final SlotMoves.Migration migration;
    private final ClusterHandle cluster;
    private volatile boolean completed;

    SlotMigration(SlotMoves moves, SlotMoves.Migration migration, ClusterHandle cluster) {
        this.moves = moves;
        this.migration = migration;
        this.cluster = cluster;
    }

    /** {@return the slot that moves} */
    public int slot() {
        return migration.slot();
    }

    /** {@return the master that owned the slot} */
    public Node from() {
        return cluster.node(migration.from());
    }

    /** {@return the master the slot moves to} */
    public Node to() {
        return cluster.node(migration.to());
    }

    /** {@link #complete(Duration)} within {@link Defaults#FAILOVER_WAIT}. */
    public void complete() {
        complete(Defaults.FAILOVER_WAIT);
    }

    /**
     * Moves the rest of the keys, gives the slot to the target on every master, and returns once
     * every node's view agrees (the cluster is ready again). A second call does nothing.
     *
     * @param timeout how long the wait for every node's view may take
     */
    public synchronized void complete(Duration timeout) {
        if (!completed) {
            Failures.translated(() -> moves.complete(migration, timeout));
            completed = true;
        }
    }

    @Override
    public String toString() {
        return "slot " + slot() + " from " + migration.from().name() + " to " + migration.to().name()
                + (completed ? " (completed)" : " (migrating)");
    }
}
