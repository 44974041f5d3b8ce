package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

import java.util.List;

/**
 * One of the user's own ACL users, read from its {@code "NAME PASSWORD RULE..."} entry, which
 * {@link ClusterSpec} checked (a name, a password, then rules).
 *
 * @param name     the user name
 * @param password its one password
 * @param rules    its rules as given, space-separated; empty for none
 */
public record AclUser(String name, String password, String rules) {

    /** The spec's users, in the order declared. */
    public static List<AclUser> of(ClusterSpec spec) {
        return spec.users().stream().map(AclUser::parse).toList();
    }

    static AclUser parse(String entry) {
        String[] parts = entry.trim().split(" +", 3);
        return new AclUser(parts[0], parts[1], parts.length > 2 ? parts[2] : "");
    }

    /** Name only: the password stays out of logs and messages. */
    @Override
    public String toString() {
        return "AclUser[" + name + "]";
    }
}
