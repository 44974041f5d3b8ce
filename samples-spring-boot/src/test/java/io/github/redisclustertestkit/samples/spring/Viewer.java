package io.github.redisclustertestkit.samples.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Views a page every 10 ms on its own thread and keeps every count the service confirmed. */
final class Viewer implements AutoCloseable {

    record Confirmed(long count, Instant at) {
    }

    private static final Duration MAX_RUN = Duration.ofSeconds(90);
    /** A request that hangs on a master that is gone is cut short and sent again. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(5);

    private final List<Confirmed> confirmed = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Viewer(PageViewsClient client, String page) {
        thread = new Thread(() -> {
            long stop = System.nanoTime() + MAX_RUN.toNanos();
            while (running && System.nanoTime() < stop) {
                long count = client.view(page, VIEW_TIMEOUT);
                if (count > 0) {
                    confirmed.add(new Confirmed(count, Instant.now()));
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "viewer-" + page);
        thread.start();
    }

    List<Confirmed> confirmed() {
        return List.copyOf(confirmed);
    }

    long confirmedAfter(Instant instant) {
        return confirmed.stream().filter(c -> c.at().isAfter(instant)).count();
    }

    /** How long after the instant the service first confirmed a view. */
    Duration firstConfirmedAfter(Instant instant) {
        return confirmed.stream().map(Confirmed::at).filter(at -> at.isAfter(instant)).findFirst()
                .map(at -> Duration.between(instant, at)).orElseThrow();
    }

    /** Stops viewing and waits for the last request to end. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
