package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

import java.util.Random;

/**
 * The users a cluster with ACL users runs as itself, each allowed only what its work needs, so that
 * no rule of the user's can lock replication, Sentinel, HAProxy or the library out: the user's own
 * users are added beside them, and the {@code default} user may be off.
 * <p>
 * The passwords come from the plan's seeded random source, so that a process attaching to the
 * cluster (which rebuilds the plan from its record) knows them too.
 *
 * @param adminPassword       of {@link #ADMIN}, the library's probes, waits and faults: every command
 * @param replicationPassword of {@link #REPLICATION}, the {@code masteruser} of every replica
 * @param sentinelPassword    of {@link #SENTINEL}, the {@code auth-user} of every Sentinel
 * @param haproxyPassword     of {@link #HAPROXY}, HAProxy's health checks
 */
public record Acl(String adminPassword, String replicationPassword, String sentinelPassword, String haproxyPassword) {

    public static final String ADMIN = ClusterSpec.RESERVED_USER_PREFIX + "admin";
    public static final String REPLICATION = ClusterSpec.RESERVED_USER_PREFIX + "replication";
    public static final String SENTINEL = ClusterSpec.RESERVED_USER_PREFIX + "sentinel";
    public static final String HAPROXY = ClusterSpec.RESERVED_USER_PREFIX + "haproxy";

    /** The library's users of a spec that has users ({@link ClusterSpec#hasUsers()}), else null. */
    static Acl of(ClusterSpec spec, Random random) {
        return spec.hasUsers() ? new Acl(password(random), password(random), password(random), password(random)) : null;
    }

    /** Names only: the passwords stay out of logs and messages. */
    @Override
    public String toString() {
        return "Acl[" + ADMIN + ", " + REPLICATION + ", " + SENTINEL + ", " + HAPROXY + "]";
    }

    /**
     * The user lines of a Redis node's config, and who it replicates as. Sentinel's rules are those
     * Redis documents for a Sentinel user; a server without Pub/Sub ACLs (Redis 6.0) takes no
     * channel rules, and lets every user use every channel.
     */
    void appendTo(StringBuilder conf, ClusterSpec spec, Server server, boolean sentinels) {
        String channels = server.hasPubSubAcl() ? " &*" : "";
        user(conf, ADMIN, adminPassword, "~*" + channels + " +@all");
        user(conf, REPLICATION, replicationPassword, "-@all +psync +replconf +ping");
        if (sentinels) {
            user(conf, SENTINEL, sentinelPassword, (server.hasPubSubAcl() ? "&__sentinel__:hello " : "")
                    + "-@all +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info"
                    + " +client|setname +client|kill +script|kill");
            // QUIT ends each check at once (see HaproxyConfig.expectRole).
            user(conf, HAPROXY, haproxyPassword, "-@all +ping +info +quit");
        }
        for (AclUser user : AclUser.of(spec)) {
            user(conf, user.name(), user.password(), user.rules());
        }
        if (spec.defaultUserDisabled()) {
            conf.append("user default off\n");
        }
        conf.append("masteruser ").append(REPLICATION).append('\n');
        conf.append("masterauth ").append(replicationPassword).append('\n');
    }

    private static void user(StringBuilder conf, String name, String password, String rules) {
        conf.append("user ").append(name).append(" on >").append(password);
        if (!rules.isEmpty()) {
            conf.append(' ').append(rules);
        }
        conf.append('\n');
    }

    private static String password(Random random) {
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
