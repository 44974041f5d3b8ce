package io.github.redisclustertestkit.faults;

import java.time.Instant;

/**
 * One event a Sentinel published, such as {@code +sdown}, {@code +odown}, {@code +switch-master}
 * or {@code -failover-abort-no-good-slave}.
 *
 * @param sentinel the Sentinel that published it ({@code shard-0 sentinel-1})
 * @param type     the event (its Pub/Sub channel)
 * @param message  the event's text, e.g. {@code master shard-0 127.0.0.1 20001 @ shard-0 ...}
 * @param at       when it was received
 * @since 0.1.0
 */
public record SentinelEvent(String sentinel, String type, String message, Instant at) {
}
