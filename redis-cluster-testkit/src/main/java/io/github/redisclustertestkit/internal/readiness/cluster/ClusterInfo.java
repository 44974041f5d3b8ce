package io.github.redisclustertestkit.internal.readiness.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a {@code CLUSTER INFO} reply that readiness reads.
 *
 * @param state         {@code ok} or {@code fail}
 * @param slotsAssigned slots some master owns
 * @param slotsOk       slots whose owner is neither {@code pfail} nor {@code fail}
 * @param knownNodes    nodes in this node's table, including ones still in handshake
 * @param size          masters that own at least one slot
 */
public record ClusterInfo(String state, int slotsAssigned, int slotsOk, int knownNodes, int size) {

    /**
     * @throws IllegalArgumentException if a field is missing or not a number, as for a node that
     *                                  is not in cluster mode (its reply is an error, not these lines)
     */
    public static ClusterInfo parse(String reply) {
        Map<String, String> fields = new HashMap<>();
        reply.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        return new ClusterInfo(field(fields, "cluster_state"), number(fields, "cluster_slots_assigned"),
                number(fields, "cluster_slots_ok"), number(fields, "cluster_known_nodes"),
                number(fields, "cluster_size"));
    }

    private static String field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("CLUSTER INFO has no " + name + ": " + fields.keySet());
        }
        return value;
    }

    private static int number(Map<String, String> fields, String name) {
        String value = field(fields, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CLUSTER INFO " + name + " is not a number: " + value, e);
        }
    }
}
