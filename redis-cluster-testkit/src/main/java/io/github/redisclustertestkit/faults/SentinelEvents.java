package io.github.redisclustertestkit.faults;

import io.github.redisclustertestkit.plan.NodePlan;
import io.github.redisclustertestkit.plan.ShardPlan;
import io.github.redisclustertestkit.probe.RespClient;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A live record of what one shard's Sentinels announce, as it happens: subscribes to every
 * Sentinel of the shard that answers when it is created, and keeps the events that concern the
 * shard's master name. Close it to unsubscribe.
 */
public final class SentinelEvents implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(200);

    private final String masterName;
    private final List<SentinelEvent> events = new CopyOnWriteArrayList<>();
    private final List<RespClient> connections = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param host where the Sentinels listen
     */
    public SentinelEvents(String host, ShardPlan shard) {
        this.masterName = shard.masterName();
        for (NodePlan sentinel : shard.sentinels()) {
            try {
                RespClient client = RespClient.connect(host, sentinel.port(), null, READ_TIMEOUT);
                client.call("PSUBSCRIBE", "*");
                connections.add(client);
                Thread reader = new Thread(() -> read(sentinel.name(), client),
                        "redis-cluster-testkit-events-" + sentinel.slug());
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            } catch (IOException down) {
                // a Sentinel that is down has nothing to say
            }
        }
    }

    private void read(String sentinel, RespClient client) {
        while (!closed) {
            try {
                Object reply = client.readReply();
                if (reply instanceof List<?> m && m.size() == 4 && "pmessage".equals(m.get(0))) {
                    String type = String.valueOf(m.get(2));
                    String message = String.valueOf(m.get(3));
                    if (concernsThisShard(message)) {
                        events.add(new SentinelEvent(sentinel, type, message, Instant.now()));
                    }
                }
            } catch (SocketTimeoutException idle) {
                // nothing published: look at `closed` and go on
            } catch (IOException gone) {
                return; // the Sentinel went away or we closed
            }
        }
    }

    private boolean concernsThisShard(String message) {
        for (String word : message.split(" ")) {
            if (word.equals(masterName)) {
                return true;
            }
        }
        return false;
    }

    /** Every event so far, in the order received. */
    public List<SentinelEvent> all() {
        return List.copyOf(events);
    }

    /** The event types so far, in the order received (each Sentinel publishes its own). */
    public List<String> types() {
        return events.stream().map(SentinelEvent::type).toList();
    }

    /**
     * Waits for the first event of {@code type} (received before or during the wait).
     *
     * @throws IllegalStateException naming the events seen, if none came in time
     */
    public SentinelEvent await(String type, Duration timeout) {
        return await(e -> e.type().equals(type), type, timeout);
    }

    /** Waits for the first event that matches. */
    public SentinelEvent await(Predicate<SentinelEvent> matching, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<SentinelEvent> found = events.stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no Sentinel event " + description + " for " + masterName + " within "
                        + timeout.toMillis() + " ms; events seen: " + types());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        connections.forEach(RespClient::close);
        for (Thread reader : readers) {
            try {
                reader.join(READ_TIMEOUT.toMillis() * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
