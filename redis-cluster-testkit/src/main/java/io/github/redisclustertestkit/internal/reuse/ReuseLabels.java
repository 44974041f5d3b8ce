package io.github.redisclustertestkit.internal.reuse;

import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a reused cluster's labels record: enough to rebuild its plan in another JVM exactly,
 * without probing the image or choosing ports.
 *
 * @param key         the {@link ReuseKey} of the spec it was started for
 * @param slot        its {@link ReuseLease} slot
 * @param ports       the ports the planner took, in the order it took them
 * @param seed        the seed of the Sentinel ids
 * @param server      what the Redis image runs
 * @param fingerprint the plan's {@link ReuseKey#fingerprint}
 */
public record ReuseLabels(String key, int slot, List<Integer> ports, long seed, Server server,
                          String fingerprint) {

    private static final String PREFIX = "redis-cluster-testkit.reuse.";
    /** Present on every container of every reused cluster, and only there. */
    public static final String KEY_LABEL = PREFIX + "key";
    static final String SLOT_LABEL = PREFIX + "slot";
    static final String PORTS_LABEL = PREFIX + "ports";
    static final String SEED_LABEL = PREFIX + "seed";
    static final String SERVER_LABEL = PREFIX + "server";
    static final String FINGERPRINT_LABEL = PREFIX + "fingerprint";

    public ReuseLabels {
        ports = List.copyOf(ports);
    }

    public Map<String, String> toLabels() {
        return Map.of(KEY_LABEL, key, SLOT_LABEL, Integer.toString(slot),
                PORTS_LABEL, ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                SEED_LABEL, Long.toString(seed),
                SERVER_LABEL, server.flavour().name() + " " + server.version(),
                FINGERPRINT_LABEL, fingerprint);
    }

    /** The record in {@code labels}; empty if a label is missing or malformed. */
    public static Optional<ReuseLabels> parse(Map<String, String> labels) {
        try {
            String[] server = labels.get(SERVER_LABEL).split(" ", 2);
            List<Integer> ports = Arrays.stream(labels.get(PORTS_LABEL).split(",")).map(Integer::valueOf).toList();
            String key = labels.get(KEY_LABEL);
            String fingerprint = labels.get(FINGERPRINT_LABEL);
            if (key == null || fingerprint == null || server.length != 2) {
                return Optional.empty();
            }
            return Optional.of(new ReuseLabels(key, Integer.parseInt(labels.get(SLOT_LABEL)), ports,
                    Long.parseLong(labels.get(SEED_LABEL)), new Server(ServerFlavour.valueOf(server[0]), server[1]),
                    fingerprint));
        } catch (RuntimeException missingOrMalformed) {
            return Optional.empty();
        }
    }
}
