package io.github.redisclustertestkit;

import io.github.redisclustertestkit.faults.SentinelEvent;
import io.github.redisclustertestkit.faults.SentinelEvents;
import io.github.redisclustertestkit.internal.containers.FailureReport;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link SentinelEvents} of one shard: subscribes to every Sentinel of the shard (those that
 * answer at once before the constructor returns), and keeps the events that concern the shard's
 * master name. A subscription that breaks (the Sentinel restarted, a reply cut short) is made
 * again, with a backoff of up to a second, until {@link #close()}.
 */
final class ShardSentinelEvents implements SentinelEvents {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(200);
    private static final long FIRST_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    /** How many of each Sentinel's last log lines a failed wait quotes. */
    private static final int LOG_LINES = 10;

    private final String masterName;
    /** What a failed wait adds to its message: the Sentinels' state and logs. */
    private final Supplier<String> diagnostics;
    private final SSLSocketFactory tls;
    private final List<SentinelEvent> events = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile boolean closed;

    /** Starts recording the events of the shard's Sentinels. */
    ShardSentinelEvents(Shard shard) {
        this(shard.masterName(), shard.sentinelNodes().stream()
                        .collect(Collectors.toMap(Node::name, Node::endpoint, (a, b) -> a, LinkedHashMap::new)),
                () -> sentinelsNow(shard), shard.runtime().probe.tls());
    }

    /**
     * @param sentinels   each Sentinel's name and where it listens
     * @param diagnostics what a failed wait adds to its message
     * @param tls         a TLS cluster's socket factory, or null
     */
    ShardSentinelEvents(String masterName, Map<String, Endpoint> sentinels, Supplier<String> diagnostics,
                        SSLSocketFactory tls) {
        this.masterName = masterName;
        this.tls = tls;
        this.diagnostics = diagnostics;
        for (Map.Entry<String, Endpoint> sentinel : sentinels.entrySet()) {
            Subscription subscription = new Subscription(sentinel.getKey(), sentinel.getValue());
            subscription.client = subscribe(sentinel.getValue());
            subscriptions.add(subscription);
            subscription.reader.start();
        }
    }

    /** One Sentinel's subscription: the connection it reads now, and the thread that reads it. */
    private final class Subscription {
        final String name;
        final Endpoint sentinel;
        final Thread reader;
        volatile RespClient client;

        Subscription(String name, Endpoint sentinel) {
            this.name = name;
            this.sentinel = sentinel;
            this.reader = new Thread(this::read, "redis-cluster-testkit-events-" + name.replace(' ', '-'));
            this.reader.setDaemon(true);
        }

        private void read() {
            try {
                readUntilClosed();
            } finally {
                RespClient last = client; // one subscribed while close() ran
                if (last != null) {
                    last.close();
                }
            }
        }

        private void readUntilClosed() {
            long backoff = FIRST_BACKOFF_MILLIS;
            while (!closed) {
                RespClient current = client;
                if (current == null) {
                    if (!pause(backoff)) {
                        return;
                    }
                    backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
                    client = subscribe(sentinel);
                    continue;
                }
                try {
                    record(name, current.readReply());
                    backoff = FIRST_BACKOFF_MILLIS;
                } catch (SocketTimeoutException idle) {
                    // nothing published: look at `closed` and go on
                } catch (IOException | RespErrorException broken) {
                    current.close(); // the Sentinel went away, or the stream is out of step: subscribe again
                    client = null;
                }
            }
        }
    }

    /** A connection subscribed to every channel, or null if the Sentinel does not answer now. */
    private RespClient subscribe(Endpoint sentinel) {
        if (closed) {
            return null;
        }
        try {
            RespClient client = RespClient.connect(sentinel.host(), sentinel.port(), null, READ_TIMEOUT, tls);
            try {
                client.call("PSUBSCRIBE", "*");
                return client;
            } catch (IOException | RespErrorException e) {
                client.close();
                return null;
            }
        } catch (IOException down) {
            return null;
        }
    }

    private void record(String sentinel, Object reply) {
        if (reply instanceof List<?> m && m.size() == 4 && "pmessage".equals(m.get(0))) {
            String type = String.valueOf(m.get(2));
            String message = String.valueOf(m.get(3));
            if (concernsThisShard(message)) {
                events.add(new SentinelEvent(sentinel, type, message, Instant.now()));
            }
        }
    }

    /** Sleeps; false if interrupted or closed meanwhile. */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    @Override
    public List<SentinelEvent> all() {
        return List.copyOf(events);
    }

    @Override
    public List<String> types() {
        return events.stream().map(SentinelEvent::type).toList();
    }

    @Override
    public SentinelEvent await(String type, Duration timeout) {
        return await(e -> e.type().equals(type), type, timeout);
    }

    @Override
    public SentinelEvent await(Predicate<SentinelEvent> matching, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<SentinelEvent> found = events.stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisClusterException(FailureReport.of("no Sentinel event " + description + " for "
                        + masterName + " within " + timeout.toMillis() + " ms").with("awaited", description)
                        .with("events seen", types()) + diagnostics.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisClusterException("interrupted while awaiting Sentinel event " + description + " for "
                        + masterName, e);
            }
        }
    }

    private static String sentinelsNow(Shard shard) {
        StringBuilder out = new StringBuilder();
        for (Node sentinel : shard.sentinelNodes()) {
            out.append("\n  ").append(sentinel).append(sentinel.isRunning() ? "" : ", not running")
                    .append(", last log lines:\n").append(FailureReport.indent(sentinel.lastLogLines(LOG_LINES)));
        }
        return out.toString();
    }

    @Override
    public void close() {
        closed = true;
        for (Subscription subscription : subscriptions) {
            RespClient client = subscription.client;
            if (client != null) {
                client.close();
            }
        }
        for (Subscription subscription : subscriptions) {
            try {
                subscription.reader.join(READ_TIMEOUT.toMillis() * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
