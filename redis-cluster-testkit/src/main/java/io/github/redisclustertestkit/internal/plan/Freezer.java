package io.github.redisclustertestkit.internal.plan;

import java.util.List;

/**
 * Whether an engine can freeze a container ({@code pause()} uses the cgroup freezer), from what
 * {@code docker info} says. Pure.
 */
public final class Freezer {

    private Freezer() {
    }

    /**
     * Why the engine cannot freeze containers, or null if nothing says it cannot.
     *
     * @param securityOptions {@code docker info}'s SecurityOptions ({@code name=rootless} under rootless Docker)
     * @param cgroupVersion   {@code docker info}'s CgroupVersion ("1", "2"), or null if the engine does not say
     */
    public static String missingBecause(List<String> securityOptions, String cgroupVersion) {
        boolean rootless = securityOptions != null && securityOptions.stream().anyMatch(o -> o.contains("name=rootless"));
        if (rootless && "1".equals(cgroupVersion)) {
            return "a rootless engine on cgroup v1 has no cgroup control, so no freezer";
        }
        return null;
    }

    /** The error of a pause the engine cannot do: the node, the engine, the reason, and what still works. */
    public static String cannotPause(String node, String engine, String reason) {
        return "pause() of " + node + " cannot work on this Docker engine (" + engine + "): " + reason + ". kill(),"
                + " stop() and restart() still work; pause needs a rootful engine, or a rootless one on cgroup v2"
                + " with the freezer delegated";
    }
}
