package io.github.redisclustertestkit.internal.plan;

/**
 * Which server an image runs (the public {@code Flavour} names the same constants). Valkey is a fork of Redis 7.2.4: its Sentinel, replication and
 * INFO fields are Redis's, so only program names and version numbers differ.
 */
public enum ServerFlavour {
    REDIS("Redis", "redis-server", new int[]{6, 0}),
    VALKEY("Valkey", "valkey-server", new int[]{7, 2});

    private final String displayName;
    private final String serverProgram;
    private final int[] minimum;

    ServerFlavour(String displayName, String serverProgram, int[] minimum) {
        this.displayName = displayName;
        this.serverProgram = serverProgram;
        this.minimum = minimum;
    }

    /** {@code Redis} or {@code Valkey}. */
    public String displayName() {
        return displayName;
    }

    /**
     * The program that runs both data nodes and, with {@code --sentinel}, Sentinels. The official
     * images' entrypoints drop root only for this program, and Sentinel must own its config file.
     */
    public String serverProgram() {
        return serverProgram;
    }

    /**
     * The oldest version supported: Redis 6.0, the oldest one tested (Debian bullseye's 6.0.16;
     * without {@code SENTINEL DEBUG}, Sentinels poll INFO every 10 s, so waits that follow a
     * failover take seconds longer than on 7.0+); Valkey 7.2, its first release.
     */
    public String minimumVersion() {
        return minimum[0] + "." + minimum[1];
    }

    public boolean supports(int major, int minor) {
        return major > minimum[0] || (major == minimum[0] && minor >= minimum[1]);
    }
}
