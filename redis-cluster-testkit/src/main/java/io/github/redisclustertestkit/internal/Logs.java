package io.github.redisclustertestkit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loggers of the library, one per area, named by what they tell rather than by class, so
 * that a test's logging configuration can turn one area up or down:
 * <ul>
 *   <li>{@code io.github.redisclustertestkit.lifecycle}: INFO when a cluster started (its id,
 *   topology, how long it took, its endpoints in one line) and when it was removed;</li>
 *   <li>{@code io.github.redisclustertestkit.faults}: INFO for every fault a test makes (kill,
 *   stop, start, pause, unpause, network cuts and heal, slot moves), naming the node;</li>
 *   <li>{@code io.github.redisclustertestkit.failover}: INFO when a wait saw a new master, who,
 *   and how long after the fault;</li>
 *   <li>{@code io.github.redisclustertestkit.readiness}: DEBUG for what the probes see while a
 *   wait lasts, and when each readiness fact first held.</li>
 * </ul>
 * The library writes nothing to standard output or error itself.
 */
public final class Logs {

    public static final Logger LIFECYCLE = LoggerFactory.getLogger("io.github.redisclustertestkit.lifecycle");
    public static final Logger FAULTS = LoggerFactory.getLogger("io.github.redisclustertestkit.faults");
    public static final Logger FAILOVER = LoggerFactory.getLogger("io.github.redisclustertestkit.failover");
    public static final Logger READINESS = LoggerFactory.getLogger("io.github.redisclustertestkit.readiness");

    private Logs() {
    }

    /** A duration as a log line says it: {@code 840 ms}, {@code 6.2 s}. */
    public static String took(long nanos) {
        long millis = nanos / 1_000_000;
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
