package io.github.redisclustertestkit;

import java.time.Duration;

/**
 * One span of the last {@code start()}: a container from create to started (in pod mode also the
 * pod's network from create to created, and the pod container), or a readiness
 * fact from the start of the readiness phase to when it first held. Times are from the start of
 * {@code start()}.
 *
 * @param kind  {@code container}, {@code readiness}, or {@code reuse} for a reused cluster taken over and reset
 * @param name  the node ({@code shard-0 redis-1}) or the fact ({@code replication shard-0})
 * @param begin when it began
 * @param end   when it ended
 * @since 0.1.0
 */
public record TimelineEntry(String kind, String name, Duration begin, Duration end) {
}
