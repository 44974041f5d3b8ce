package io.github.redisclustertestkit.internal.reuse;

import java.util.Map;
import java.util.Optional;

/**
 * What a reused cluster's labels add to the plan record every cluster carries
 * ({@code runtime.ClusterRecord}): which lease slot it belongs to, and the fingerprint of the plan
 * it was started with.
 *
 * @param key         the {@link ReuseKey} of the spec it was started for
 * @param slot        its {@link ReuseLease} slot
 * @param fingerprint the plan's {@link ReuseKey#fingerprint}
 */
public record ReuseLabels(String key, int slot, String fingerprint) {

    private static final String PREFIX = "redis-cluster-testkit.reuse.";
    /** Present on every container of every reused cluster, and only there. */
    public static final String KEY_LABEL = PREFIX + "key";
    static final String SLOT_LABEL = PREFIX + "slot";
    static final String FINGERPRINT_LABEL = PREFIX + "fingerprint";

    public Map<String, String> toLabels() {
        return Map.of(KEY_LABEL, key, SLOT_LABEL, Integer.toString(slot), FINGERPRINT_LABEL, fingerprint);
    }

    /** The record in {@code labels}; empty if a label is missing or malformed. */
    public static Optional<ReuseLabels> parse(Map<String, String> labels) {
        try {
            String key = labels.get(KEY_LABEL);
            String fingerprint = labels.get(FINGERPRINT_LABEL);
            if (key == null || fingerprint == null) {
                return Optional.empty();
            }
            return Optional.of(new ReuseLabels(key, Integer.parseInt(labels.get(SLOT_LABEL)), fingerprint));
        } catch (RuntimeException missingOrMalformed) {
            return Optional.empty();
        }
    }
}
