package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spec.ClusterSpec;

import java.util.List;

/**
 * Whom the application connects to the data nodes as. On a cluster with ACL users the library,
 * replication, Sentinel and HAProxy run as users of their own, so the application must name one
 * of the declared users; without users it is the default user, with the cluster's password.
 *
 * @param name     the ACL user name, or null for the default user
 * @param password its password, or null when the default user has none
 */
record ConnectionUser(String name, String password) {

    /** {@return the {@code toString} of a record holding a password must not show it} */
    @Override
    public String toString() {
        return "ConnectionUser[name=" + name + "]";
    }

    /**
     * @param user  the {@code user} attribute or argument: a declared user's name, or empty for the
     *              first declared user (the default user when the cluster declares none)
     * @param where names the setting in error messages, e.g. "@RedisShardConnection on FooIT"
     * @throws IllegalStateException naming the attribute and the declared users (never a password)
     *                               when the user is not declared, or no user can connect at all
     */
    static ConnectionUser of(ClusterSpec spec, String user, String where) {
        List<String[]> declared = spec.users().stream().map(entry -> entry.trim().split(" +")).toList();
        List<String> names = declared.stream().map(parts -> parts[0]).toList();
        if (user != null && !user.isEmpty()) {
            return declared.stream().filter(parts -> parts[0].equals(user)).findFirst()
                    .map(parts -> new ConnectionUser(parts[0], parts[1]))
                    .orElseThrow(() -> new IllegalStateException(where + " is invalid: user = \"" + user + "\" is not"
                            + " a user of the cluster, which declares " + (names.isEmpty() ? "no users; " : names + ";"
                            + " set user to one of those, or ") + (names.isEmpty() && !spec.defaultUserDisabled()
                            ? "remove user to connect as the default user, or " : "")
                            + "declare it on the cluster (users = \"" + user + " PASSWORD RULE...\")"));
        }
        if (!declared.isEmpty()) {
            return new ConnectionUser(declared.get(0)[0], declared.get(0)[1]);
        }
        if (spec.defaultUserDisabled()) {
            // Nobody but the library's own users could log in: the application would fail with NOAUTH on every call.
            throw new IllegalStateException(where + " cannot connect: the cluster turns the default user off"
                    + " (defaultUserDisabled) and declares no user to connect as; declare one on the cluster"
                    + " (users = \"app PASSWORD ~* +@all\")");
        }
        return new ConnectionUser(null, spec.password());
    }
}
