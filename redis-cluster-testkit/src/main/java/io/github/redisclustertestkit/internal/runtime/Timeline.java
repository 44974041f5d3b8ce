package io.github.redisclustertestkit.internal.runtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What happened to one cluster, in time: containers started, killed, stopped, paused; network
 * cuts made and healed; masters seen and failovers; slots moved. Times come from the monotonic
 * clock ({@link System#nanoTime()}), anchored once to the wall clock, so that the order of events
 * does not depend on wall-clock adjustments. Thread-safe; bounded: past {@link #CAPACITY} events
 * the oldest go, and {@link #dropped()} counts them.
 */
public final class Timeline {

    /**
     * How many events one cluster keeps. A test's faults and waits make tens; a soak test that
     * kills a master every few seconds for an hour stays below this.
     */
    public static final int CAPACITY = 5_000;

    /** The node field of an event that concerns the whole cluster. */
    public static final String WHOLE_CLUSTER = "";

    public static final String STARTED = "started";
    public static final String KILLED = "killed";
    public static final String STOPPED = "stopped";
    public static final String PAUSED = "paused";
    public static final String UNPAUSED = "unpaused";
    public static final String NETWORK_CUT = "network-cut";
    public static final String NETWORK_HEALED = "network-healed";
    public static final String ROLE = "role";
    public static final String FAILOVER = "failover";
    public static final String SLOT_MIGRATING = "slot-migrating";
    public static final String SLOT_MOVED = "slot-moved";
    public static final String READY = "ready";
    public static final String REMOVED = "removed";

    /** The faults that take a node out of service: what a failover follows. */
    public static final Set<String> OUTAGES = Set.of(KILLED, STOPPED, PAUSED);
    /** The outages and their ends: whether a node is out of service now is the last of these. */
    public static final Set<String> IN_OR_OUT_OF_SERVICE = Set.of(KILLED, STOPPED, PAUSED, STARTED, UNPAUSED);

    /**
     * One event.
     *
     * @param node the node's name, or {@link #WHOLE_CLUSTER}
     */
    public record Event(Instant at, String kind, String node, String detail) {
        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final String name;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final Instant origin;
    private final long originNanos;
    /** Guarded by this. */
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    /** Guarded by this. */
    private long dropped;

    /** @param name what it is the timeline of, such as {@code cluster ab12cd34} */
    public Timeline(String name) {
        this(name, CAPACITY, System::nanoTime, Instant.now());
    }

    /**
     * @param nanoClock the monotonic clock
     * @param origin    the wall-clock time that the clock's reading now stands for
     */
    Timeline(String name, int capacity, LongSupplier nanoClock, Instant origin) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ": a timeline keeps at least one event");
        }
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.origin = origin;
        this.originNanos = nanoClock.getAsLong();
    }

    /** {@return what it is the timeline of} */
    public String name() {
        return name;
    }

    /** Records an event that happens now. */
    public void record(String kind, String node, String detail) {
        recordAt(nanoClock.getAsLong(), kind, node, detail);
    }

    /** Records an event that happened at {@code nanoTime}, a reading of {@link System#nanoTime()}. */
    public synchronized void recordAt(long nanoTime, String kind, String node, String detail) {
        Event event = new Event(at(nanoTime), kind, node, detail);
        if (events.size() == capacity) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(event);
    }

    /** {@return the wall-clock time of {@code nanoTime}, a reading of {@link System#nanoTime()}} */
    public Instant at(long nanoTime) {
        return origin.plusNanos(nanoTime - originNanos);
    }

    /** {@return the events kept, earliest first; events at the same time in the order recorded} */
    public synchronized List<Event> events() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparing(Event::at)); // stable: equal times keep their order
        return List.copyOf(copy);
    }

    /** {@return how many of the oldest events were dropped to keep the timeline within its capacity} */
    public synchronized long dropped() {
        return dropped;
    }

    /** {@return the latest event on {@code node} of one of {@code kinds}} */
    public synchronized Optional<Event> last(String node, Set<String> kinds) {
        return events.stream().filter(e -> e.node().equals(node) && kinds.contains(e.kind()))
                .reduce((a, b) -> b.at().isBefore(a.at()) ? a : b); // the later one, or the later recorded
    }
}
