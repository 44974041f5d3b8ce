package io.github.redisclustertestkit.faults;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A live record of what one shard's Sentinels announce, as it happens, from
 * {@code Shard.sentinelEvents()}: the events that concern the shard's master name, from every
 * Sentinel of the shard. A subscription that breaks (the Sentinel restarted, a reply cut short)
 * is made again until {@link #close()}; events published while a Sentinel was unsubscribed are
 * not seen.
 * <p>
 * An interface, so that this package does not depend on the one that holds {@code Shard}: the
 * implementation lives there.
 *
 * @since 0.1.0
 */
public interface SentinelEvents extends AutoCloseable {

    /** {@return every event so far, in the order received} */
    List<SentinelEvent> all();

    /** {@return the event types so far, in the order received (each Sentinel publishes its own)} */
    List<String> types();

    /**
     * Waits for the first event of {@code type} (received before or during the wait).
     *
     * @param type    the event type, such as {@code +switch-master}
     * @param timeout how long to wait at most
     * @return the first such event
     * @throws io.github.redisclustertestkit.RedisClusterException naming the events seen and each
     *         Sentinel's state and last log lines, if none came in time, or if the wait was interrupted
     */
    SentinelEvent await(String type, Duration timeout);

    /**
     * Waits for the first event that matches (received before or during the wait).
     *
     * @param matching    which event is awaited
     * @param description what is awaited, for the message if it does not come
     * @param timeout     how long to wait at most
     * @return the first event that matches
     * @throws io.github.redisclustertestkit.RedisClusterException naming the events seen and each
     *         Sentinel's state and last log lines, if none came in time, or if the wait was interrupted
     */
    SentinelEvent await(Predicate<SentinelEvent> matching, String description, Duration timeout);

    /** Ends every subscription. */
    @Override
    void close();
}
