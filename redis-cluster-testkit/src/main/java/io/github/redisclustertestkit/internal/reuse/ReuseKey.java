package io.github.redisclustertestkit.internal.reuse;

import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.spec.ClusterSpec;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * What makes a running cluster fit for reuse, as hashes. Pure: no Docker, no network.
 * <p>
 * The key names what a start asks for: every spec field (read off the record, so that a field
 * added later counts without anyone remembering to add it here), the addresses it resolves to,
 * and the images' ids, so that a tag rebuilt or pulled anew is a new cluster. Ports chosen per
 * run are not part of it: they are part of what is reused.
 */
public final class ReuseKey {

    /** Fields that do not shape the running cluster: how long a start may wait, and reuse itself. */
    static final Set<String> NOT_HASHED = Set.of("startupTimeout", "reuse");

    private ReuseKey() {
    }

    /**
     * @param spec           validated spec
     * @param addresses      where the cluster listens and is reached
     * @param redisImageId   the Redis image's id ({@code sha256:...}), not its tag
     * @param haproxyImageId the HAProxy image's id
     * @return 16 hex digits
     */
    public static String of(ClusterSpec spec, Addresses addresses, String redisImageId, String haproxyImageId) {
        StringBuilder text = new StringBuilder();
        for (RecordComponent field : ClusterSpec.class.getRecordComponents()) {
            if (!NOT_HASHED.contains(field.getName())) {
                text.append(field.getName()).append('=').append(value(field, spec)).append('\n');
            }
        }
        text.append("addresses=").append(addresses).append('\n')
                .append("redisImageId=").append(redisImageId).append('\n')
                .append("haproxyImageId=").append(haproxyImageId).append('\n');
        return sha256(text.toString()).substring(0, 16);
    }

    /**
     * Every node's config file and command. A plan rebuilt from a reused cluster's labels must
     * have the fingerprint recorded at its creation; another one means another version of this
     * library rendered it, and the cluster is not reused.
     */
    public static String fingerprint(ClusterPlan plan) {
        StringBuilder text = new StringBuilder();
        for (NodePlan node : plan.nodes()) {
            text.append(node.slug()).append(' ').append(node.port()).append('\n').append(node.command()).append('\n')
                    .append(node.config()).append('\n');
        }
        return sha256(text.toString()).substring(0, 16);
    }

    private static Object value(RecordComponent field, ClusterSpec spec) {
        try {
            return field.getAccessor().invoke(spec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + field.getName() + " of " + spec, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
