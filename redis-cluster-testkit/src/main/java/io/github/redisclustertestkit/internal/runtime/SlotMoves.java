package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.Logs;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.plan.SlotRange;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.cluster.ClusterNodeEntry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving hash slots between the masters of a native Redis Cluster, the way {@code redis-cli
 * --cluster reshard} does it, step by step so that a test can stop half-way: the target marks the
 * slot {@code IMPORTING}, the owner {@code MIGRATING}; keys go over with {@code MIGRATE}; then
 * {@code CLUSTER SETSLOT slot NODE} names the new owner on the target first (so that it never
 * redirects back), the old owner next, then every other master, and the wait is for every node's
 * view to agree again. Between the two, a client asking the old owner for a key already moved (or
 * a new one) gets {@code -ASK}.
 */
public final class SlotMoves {

    /** Keys per {@code MIGRATE}: a few round trips for a test's data, none of them long. */
    private static final int BATCH = 100;
    private static final Duration MIGRATE_TIMEOUT = Duration.ofSeconds(5);

    /** A slot half-way: marked on both masters, some keys moved. */
    public record Migration(int slot, NodePlan from, NodePlan to, String toId) {
    }

    private final ClusterRuntime runtime;

    public SlotMoves(ClusterRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The master port of every slot, in one node's view (the first that answers): index = slot,
     * 0 where no master owns it.
     */
    public int[] owners() {
        ClusterFailure last = null;
        for (NodePlan node : runtime.plan.redisNodes()) {
            try (RespClient client = runtime.probe.redis(node.port())) {
                int[] owners = new int[SlotRange.SLOTS];
                for (ClusterNodeEntry e : ClusterNodeEntry.parseAll(String.valueOf(client.call("CLUSTER", "NODES")))) {
                    if (e.address() != null && e.flags().contains("master") && !e.flags().contains("fail")) {
                        for (SlotRange range : e.slots()) {
                            for (int s = range.first(); s <= range.last(); s++) {
                                owners[s] = e.address().port();
                            }
                        }
                    }
                }
                return owners;
            } catch (IOException | RuntimeException e) {
                last = new ClusterFailure("no node of cluster " + runtime.plan.clusterId() + " answered CLUSTER NODES: "
                        + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** The master that owns {@code slot} now. */
    public NodePlan owner(int slot) {
        int port = owners()[slot];
        return runtime.plan.redisNodes().stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new ClusterFailure("no master of cluster " + runtime.plan.clusterId() + " owns slot "
                        + slot + " now" + "\n" + runtime.diagnostics()));
    }

    /**
     * Marks {@code slot} as moving from its owner to {@code to} and moves about half of its keys
     * (all of a single one): the state in which clients meet {@code -ASK}.
     */
    public Migration begin(int slot, NodePlan to) {
        NodePlan from = owner(slot);
        if (from.equals(to)) {
            throw new IllegalArgumentException("slot " + slot + " is already on " + to.name()
                    + ": migrate it to another master");
        }
        String fromId = id(from);
        String toId = id(to);
        call(to, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", fromId);
        call(from, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", toId);
        Migration migration = new Migration(slot, from, to, toId);
        long keys = (Long) call(from, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot));
        int moved = move(migration, (int) Math.min(Integer.MAX_VALUE, (keys + 1) / 2));
        runtime.timeline.record(Timeline.SLOT_MIGRATING, from.name(), "slot " + slot + " migrating to " + to.name()
                + ", " + moved + " of " + keys + " keys moved");
        Logs.FAULTS.info("cluster {}: slot {} migrating from {} to {}, {} of {} keys moved", runtime.plan.clusterId(),
                slot, from.name(), to.name(), moved, keys);
        return migration;
    }

    /** Moves the rest of the slot's keys, gives the slot to the target everywhere, and waits until every view agrees. */
    public void complete(Migration migration, Duration timeout) {
        while (move(migration, BATCH) > 0) {
            // until the old owner holds no key of the slot
        }
        String slot = String.valueOf(migration.slot());
        call(migration.to(), "CLUSTER", "SETSLOT", slot, "NODE", migration.toId());
        call(migration.from(), "CLUSTER", "SETSLOT", slot, "NODE", migration.toId());
        for (ShardPlan shard : runtime.plan.shards()) {
            NodePlan master = runtime.currentMaster(shard);
            if (!master.equals(migration.to()) && !master.equals(migration.from())) {
                call(master, "CLUSTER", "SETSLOT", slot, "NODE", migration.toId());
            }
        }
        runtime.await(Readiness.checksFor(runtime.plan), timeout, "slot " + slot + " on " + migration.to().name()
                + " in every node's view");
        runtime.timeline.record(Timeline.SLOT_MOVED, migration.to().name(), "slot " + slot + " owned, moved from "
                + migration.from().name());
        Logs.FAULTS.info("cluster {}: slot {} moved from {} to {}", runtime.plan.clusterId(), slot,
                migration.from().name(), migration.to().name());
    }

    /**
     * Moves slots until every shard's current master owns its even share again, in shard order
     * (the split the cluster started with).
     *
     * @return how many slots moved
     */
    public int rebalance(Duration timeout) {
        List<SlotRange> shares = SlotRange.split(runtime.plan.shards().size());
        int[] owners = owners();
        int moved = 0;
        for (ShardPlan shard : runtime.plan.shards()) {
            NodePlan master = runtime.currentMaster(shard);
            SlotRange share = shares.get(shard.index());
            for (int s = share.first(); s <= share.last(); s++) {
                if (owners[s] != master.port()) {
                    complete(begin(s, master), timeout);
                    moved++;
                }
            }
        }
        return moved;
    }

    /** Moves up to {@code count} keys of the slot to the target; returns how many it moved. */
    private int move(Migration m, int count) {
        if (count <= 0) {
            return 0;
        }
        Object found = call(m.from(), "CLUSTER", "GETKEYSINSLOT", String.valueOf(m.slot()), String.valueOf(count));
        List<String> keys = found instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        if (keys.isEmpty()) {
            return 0;
        }
        List<String> command = new ArrayList<>(List.of("MIGRATE", runtime.plan.addresses().nodeHost(m.to().port()),
                String.valueOf(m.to().port()), "", "0", String.valueOf(MIGRATE_TIMEOUT.toMillis())));
        if (runtime.plan.authUser() != null) {
            command.addAll(List.of("AUTH2", runtime.plan.authUser(), runtime.plan.authPassword()));
        } else if (runtime.plan.authPassword() != null) {
            command.addAll(List.of("AUTH", runtime.plan.authPassword()));
        }
        command.add("KEYS");
        command.addAll(keys);
        call(m.from(), command.toArray(String[]::new));
        return keys.size();
    }

    private String id(NodePlan node) {
        return String.valueOf(call(node, "CLUSTER", "MYID"));
    }

    private Object call(NodePlan node, String... command) {
        try (RespClient client = runtime.probe.redis(node.port(), MIGRATE_TIMEOUT.plusSeconds(1))) {
            return client.call(command);
        } catch (IOException | RespErrorException e) {
            throw runtime.failure(node.name() + " refused " + command[0] + " " + command[1] + " ...", node, "+OK",
                    e.getMessage(), e);
        }
    }
}
