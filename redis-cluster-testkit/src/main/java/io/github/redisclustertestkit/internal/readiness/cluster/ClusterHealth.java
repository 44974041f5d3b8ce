package io.github.redisclustertestkit.internal.readiness.cluster;

import io.github.redisclustertestkit.internal.plan.SlotRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * When a native Redis Cluster counts as ready (or healthy again): pure, over what every node
 * answered. The rule, per node, in the order checked, with why each part is needed:
 * <ol>
 * <li>{@code cluster_state:ok}. A node sets it (clusterUpdateState, every cron tick) only when all
 *     16384 slots have an owner not flagged {@code fail} (with the default
 *     {@code cluster-require-full-coverage yes}) and it reaches a majority of the slot-owning
 *     masters; a master that was in the minority, as every node is before the cluster forms,
 *     waits a rejoin delay of {@code cluster-node-timeout} clamped to 0.5-5 s first. So formation
 *     takes at least that delay (measured: 0.7 s at 500 ms, 5.0 s at 5000 ms).</li>
 * <li>{@code cluster_slots_assigned:16384} and {@code cluster_slots_ok:16384}: state {@code ok}
 *     tolerates owners that this node merely suspects ({@code pfail}), slots_ok does not.</li>
 * <li>The node table holds exactly the expected nodes at the addresses the endpoints give, each
 *     once ({@code cluster_known_nodes} counts handshakes and forgotten peers too): so every
 *     {@code MOVED}/{@code ASK} names an address a client reaches.</li>
 * <li>No entry flagged {@code fail?} (pfail: no pong for node-timeout, this node's own
 *     suspicion), {@code fail} (a majority of masters agreed; stays until the node is reachable
 *     again and, for a master with slots, node-timeout x 2 later), {@code handshake} (met, first
 *     pong not yet in, listed under a random id) or {@code noaddr}.</li>
 * <li>The masters with slots have distinct config epochs. Slots added with {@code ADDSLOTSRANGE}
 *     leave every master at epoch 0, and a master resolves a collision by taking a new epoch
 *     (clusterHandleConfigEpochCollision) after the cluster is otherwise formed.</li>
 * <li>One view: every node names the same masters with the same slots at the same config epoch,
 *     and the same master for every replica. Slots alone are not enough: right after
 *     {@code CLUSTER REPLICATE}, Redis 8.0 nodes agreed on every slot while two of six still listed
 *     the new replica as a master. Epochs, because a replica asks for failover votes with its
 *     master's epoch as it knows it, and a voter that knows a higher one for any of those slots
 *     refuses (clusterSendFailoverAuthIfNeeded:
 *     {@code Failover auth denied ... slot 5462 epoch (2) > reqEpoch (0)}). Seen under stress when
 *     a master was killed 4 s after formation, before its replica heard of its new epoch: then
 *     {@code CLUSTER FAILOVER FORCE} could never win.</li>
 * <li>A node that is a replica in its own view reports {@code master_link_status:up} to the
 *     master its view names, so a write acknowledged by a master reaches its replica.</li>
 * </ol>
 * {@code CLUSTER SHARDS} is not used: on Redis 7.0 it reported a replica {@code health:loading}
 * while its link was up and in sync (replication offset 0 on an empty data set).
 */
public final class ClusterHealth {

    private static final Set<String> BAD_FLAGS = Set.of("fail?", "fail", "handshake", "noaddr");

    private ClusterHealth() {
    }

    /** The first fact that does not hold, in the order of the rule, node by node. */
    public static Optional<Shortfall> firstShortfall(List<NodeAddress> expected, Map<NodeAddress, NodeReport> reports) {
        return shortfalls(expected, reports).stream().findFirst();
    }

    /**
     * Every node's first unmet fact; empty when the cluster is ready.
     *
     * @param expected every node, at the address clients use
     * @param reports  what each of them answered; a node missing here counts as not answering
     */
    public static List<Shortfall> shortfalls(List<NodeAddress> expected, Map<NodeAddress, NodeReport> reports) {
        List<Shortfall> found = new ArrayList<>();
        Set<String> expectedNames = new TreeSet<>();
        expected.forEach(e -> expectedNames.add(e.toString()));
        List<String> firstView = null;
        NodeAddress firstViewer = null;
        for (NodeAddress node : expected) {
            NodeReport report = reports.get(node);
            if (report == null || report.error() != null) {
                found.add(new Shortfall(node, "replies to CLUSTER INFO, CLUSTER NODES and INFO",
                        report == null ? "no report" : report.error()));
                continue;
            }
            Parsed parsed = Parsed.of(report);
            if (parsed.error() != null) {
                found.add(new Shortfall(node, "CLUSTER INFO and CLUSTER NODES of a cluster-mode node", parsed.error()));
                continue;
            }
            List<ClusterNodeEntry> entries = parsed.entries();
            Optional<Shortfall> own = ownFacts(node, parsed.info(), entries, expectedNames, report.replication());
            if (own.isPresent()) {
                found.add(own.get());
                continue;
            }
            List<String> view = view(entries);
            if (firstView == null) {
                firstView = view;
                firstViewer = node;
            } else if (!view.equals(firstView)) {
                List<String> differs = new ArrayList<>(view);
                differs.removeAll(firstView);
                found.add(new Shortfall(node, "the view of " + firstViewer + " (the same masters, slots and replicas)",
                        String.join("; ", differs)));
            }
        }
        return found;
    }

    /**
     * After a master change, what a node in service must show before a client's writes to any slot
     * succeed: {@code cluster_state:ok}, and {@code master} listed as a master with slots, not
     * flagged {@code fail} ({@code fail?} is this node's own suspicion, which redirects clients
     * all the same). A majority naming the new master is not enough: a node outside it may still
     * hold the old master's {@code fail} flag, and then answers {@code CLUSTERDOWN} for every
     * slot, its own included (seen on another shard's master in 2 of 36 kills under load, when
     * the majority already named the new one). State {@code ok} also needs every slot served:
     * while a whole other shard is down, no node gets there.
     */
    public static Optional<Shortfall> followsMaster(NodeAddress node, NodeReport report, NodeAddress master) {
        String awaited = "cluster_state:ok, naming " + master + " master of slots, not failed";
        if (report.error() != null) {
            return shortfall(node, awaited, report.error());
        }
        Parsed parsed = Parsed.of(report);
        if (parsed.error() != null) {
            return shortfall(node, awaited, parsed.error());
        }
        if (!"ok".equals(parsed.info().state())) {
            return shortfall(node, awaited, "cluster_state:" + parsed.info().state());
        }
        Optional<ClusterNodeEntry> named = parsed.entries().stream().filter(e -> master.equals(e.address()))
                .findFirst();
        if (named.filter(ClusterNodeEntry::isServingMaster).isEmpty()) {
            return shortfall(node, awaited, named.map(e -> master + " flagged "
                    + String.join(",", new TreeSet<>(e.flags()))
                    + (e.slots().isEmpty() ? " without slots" : " with slots " + e.slots()))
                    .orElse("no entry for " + master));
        }
        return Optional.empty();
    }

    /**
     * The master of the slots that more than half of a cluster's {@code nodes} name
     * ({@link ClusterNodeEntry#isServingMaster}), among the addresses {@code candidates} accepts:
     * the nodes' failover decision, as a client that asks any of them sees it.
     *
     * @param clusterNodes each answering node's {@code CLUSTER NODES} reply; a node that did not
     *                     answer, or answered what does not parse, has no vote
     */
    public static Optional<NodeAddress> namedByMajority(List<String> clusterNodes, int nodes,
                                                        Predicate<NodeAddress> candidates) {
        Map<NodeAddress, Integer> votes = new HashMap<>();
        for (String reply : clusterNodes) {
            try {
                ClusterNodeEntry.parseAll(reply).stream().filter(ClusterNodeEntry::isServingMaster)
                        .map(ClusterNodeEntry::address).filter(candidates).distinct()
                        .forEach(a -> votes.merge(a, 1, Integer::sum));
            } catch (IllegalArgumentException notClusterNodes) {
                // no vote
            }
        }
        int majority = nodes / 2 + 1;
        return votes.entrySet().stream().filter(e -> e.getValue() >= majority).map(Map.Entry::getKey).findFirst();
    }

    /** A report's two cluster replies parsed, or why they do not parse ({@code error}). */
    private record Parsed(ClusterInfo info, List<ClusterNodeEntry> entries, String error) {

        static Parsed of(NodeReport report) {
            try {
                return new Parsed(ClusterInfo.parse(report.clusterInfo()),
                        ClusterNodeEntry.parseAll(report.clusterNodes()), null);
            } catch (IllegalArgumentException e) {
                return new Parsed(null, List.of(), e.getMessage());
            }
        }
    }

    private static Optional<Shortfall> ownFacts(NodeAddress node, ClusterInfo info, List<ClusterNodeEntry> entries,
                                                Set<String> expectedNames, Map<String, String> replication) {
        if (!"ok".equals(info.state())) {
            return shortfall(node, "cluster_state:ok", "cluster_state:" + info.state());
        }
        if (info.slotsAssigned() != SlotRange.SLOTS || info.slotsOk() != SlotRange.SLOTS) {
            return shortfall(node, "cluster_slots_assigned:16384 and cluster_slots_ok:16384",
                    "cluster_slots_assigned:" + info.slotsAssigned() + " cluster_slots_ok:" + info.slotsOk());
        }
        List<String> known = entries.stream().map(ClusterNodeEntry::name).sorted().toList();
        if (!new TreeSet<>(known).equals(expectedNames) || known.size() != expectedNames.size()) {
            return shortfall(node, "exactly the nodes " + expectedNames, "CLUSTER NODES lists " + known);
        }
        for (ClusterNodeEntry entry : entries) {
            Set<String> bad = new TreeSet<>(entry.flags());
            bad.retainAll(BAD_FLAGS);
            if (!bad.isEmpty()) {
                return shortfall(node, "no node flagged fail?, fail, handshake or noaddr",
                        entry.name() + " flagged " + String.join(",", bad));
            }
        }
        Map<Long, List<String>> byEpoch = new TreeMap<>();
        entries.stream().filter(e -> e.flags().contains("master") && !e.slots().isEmpty())
                .forEach(e -> byEpoch.computeIfAbsent(e.configEpoch(), k -> new ArrayList<>()).add(e.name()));
        for (Map.Entry<Long, List<String>> epoch : byEpoch.entrySet()) {
            if (epoch.getValue().size() > 1) {
                return shortfall(node, "masters with slots at distinct config epochs",
                        String.join(", ", epoch.getValue()) + " at config epoch " + epoch.getKey());
            }
        }
        ClusterNodeEntry myself = entries.stream().filter(ClusterNodeEntry::isMyself).findFirst().orElse(null);
        if (myself == null || !node.equals(myself.address())) {
            return shortfall(node, "itself (myself) at " + node,
                    myself == null ? "no myself line" : "myself at " + myself.name());
        }
        if (myself.isReplica()) {
            String master = entries.stream().filter(e -> e.id().equals(myself.masterId())).findFirst()
                    .map(ClusterNodeEntry::name).orElse("?(" + myself.masterId() + ")");
            String awaited = "role:slave of " + master + " with master_link_status:up";
            if (replication == null) {
                return shortfall(node, awaited, "no INFO replication");
            }
            String seenMaster = replication.get("master_host") + ":" + replication.get("master_port");
            if (!"slave".equals(replication.get("role")) || !master.equals(seenMaster)
                    || !"up".equals(replication.get("master_link_status"))) {
                return shortfall(node, awaited, "role:" + replication.get("role") + " of " + seenMaster
                        + " master_link_status:" + replication.get("master_link_status"));
            }
        }
        return Optional.empty();
    }

    /**
     * What must be the same on every node: each node's address with the slots it masters and its
     * config epoch, or the address of the master it replicates. Ids are resolved to addresses,
     * which are unique.
     */
    static List<String> view(List<ClusterNodeEntry> entries) {
        Map<String, String> nameOfId = new HashMap<>();
        entries.forEach(e -> nameOfId.put(e.id(), e.name()));
        List<String> view = new ArrayList<>();
        for (ClusterNodeEntry e : entries) {
            view.add(e.isReplica()
                    ? e.name() + " replica of " + nameOfId.getOrDefault(e.masterId(), "?(" + e.masterId() + ")")
                    : e.name() + " master of " + (e.slots().isEmpty() ? "no slots" : e.slots().toString())
                    + " at config epoch " + e.configEpoch());
        }
        view.sort(null);
        return view;
    }

    private static Optional<Shortfall> shortfall(NodeAddress node, String awaited, String seen) {
        return Optional.of(new Shortfall(node, awaited, seen));
    }
}
