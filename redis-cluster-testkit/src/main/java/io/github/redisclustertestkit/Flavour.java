package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.plan.ServerFlavour;

/**
 * Which server an image runs. Valkey is a fork of Redis 7.2.4: its Sentinel, replication and
 * INFO fields are Redis's, so only program names and version numbers differ.
 *
 * @since 0.1.0
 */
public enum Flavour {
    /** The image runs {@code redis-server}, Redis 6.0 or later. */
    REDIS,
    /** The image runs {@code valkey-server}, Valkey 7.2 or later. */
    VALKEY;

    /** {@return {@code Redis} or {@code Valkey}, as in messages} */
    public String displayName() {
        return server().displayName();
    }

    /**
     * {@return the program that runs both data nodes and, with {@code --sentinel}, Sentinels:
     * {@code redis-server} or {@code valkey-server}}
     */
    public String serverProgram() {
        return server().serverProgram();
    }

    /**
     * {@return the oldest version supported, like {@code 6.0}}: Redis 6.0, the oldest one tested
     * (without {@code SENTINEL DEBUG}, waits that follow a failover take seconds longer than on
     * 7.0+); Valkey 7.2, its first release.
     */
    public String minimumVersion() {
        return server().minimumVersion();
    }

    /** The planner's constant of the same name, where the program names and minimums are kept. */
    private ServerFlavour server() {
        return ServerFlavour.valueOf(name());
    }
}
