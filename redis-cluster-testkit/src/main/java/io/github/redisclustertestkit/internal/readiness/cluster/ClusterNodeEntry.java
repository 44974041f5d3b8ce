package io.github.redisclustertestkit.internal.readiness.cluster;

import io.github.redisclustertestkit.internal.plan.SlotRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: {@code <id> <ip:port@cport[,hostname]> <flags> <master>
 * <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...}.
 *
 * @param id        the node's 40-character id
 * @param address   where the node is known to be; null for a node without one yet (an empty ip,
 *                  as a fresh node shows itself before any peer met it)
 * @param busPort   its cluster-bus port
 * @param flags     {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail},
 *                  {@code handshake}, {@code noaddr}, {@code nofailover}, {@code noflags}
 * @param masterId  the id of the master it replicates, or null
 * @param configEpoch the master's configuration epoch (of a replica: as its master's, when it
 *                  last heard it), which decides who owns a slot and who may vote a failover
 * @param linkState {@code connected} or {@code disconnected} (the cluster bus link)
 * @param slots     the slots it owns; slots being migrated ({@code [..->-..]}) are left out
 */
public record ClusterNodeEntry(String id, NodeAddress address, int busPort, Set<String> flags, String masterId,
                               long configEpoch, String linkState, List<SlotRange> slots) {

    public ClusterNodeEntry {
        flags = Set.copyOf(flags);
        slots = List.copyOf(slots);
    }

    /**
     * Every line of a reply.
     *
     * @throws IllegalArgumentException for a line that does not have the eight leading fields
     */
    public static List<ClusterNodeEntry> parseAll(String reply) {
        return reply.lines().filter(l -> !l.isBlank()).map(ClusterNodeEntry::parse).toList();
    }

    static ClusterNodeEntry parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
        }
        String addr = f[1];
        int comma = addr.indexOf(',');
        if (comma >= 0) {
            addr = addr.substring(0, comma);
        }
        int at = addr.indexOf('@');
        int colon = addr.lastIndexOf(':', at < 0 ? addr.length() : at);
        if (at < 0 || colon < 0) {
            throw new IllegalArgumentException("not ip:port@cport in CLUSTER NODES line: " + line);
        }
        String host = addr.substring(0, colon);
        int port = Integer.parseInt(addr.substring(colon + 1, at));
        int busPort = Integer.parseInt(addr.substring(at + 1));
        List<SlotRange> slots = new ArrayList<>();
        for (int i = 8; i < f.length; i++) {
            if (!f[i].startsWith("[")) {
                slots.add(SlotRange.parse(f[i]));
            }
        }
        return new ClusterNodeEntry(f[0], host.isEmpty() || port == 0 ? null : new NodeAddress(host, port), busPort,
                Set.of(f[2].split(",")), "-".equals(f[3]) ? null : f[3], Long.parseLong(f[6]), f[7], slots);
    }

    public boolean isMyself() {
        return flags.contains("myself");
    }

    public boolean isReplica() {
        return flags.contains("slave");
    }

    /**
     * Listed at an address as a master with slots and not flagged {@code fail}: a node serves
     * what this node redirects clients to ({@code fail?} is only this node's own suspicion).
     */
    public boolean isServingMaster() {
        return address != null && flags.contains("master") && !flags.contains("fail") && !slots.isEmpty();
    }

    /** {@code host:port}, or {@code ?} with the id's head for a node without an address. */
    public String name() {
        return address != null ? address.toString() : "?(" + id.substring(0, Math.min(8, id.length())) + ")";
    }
}
