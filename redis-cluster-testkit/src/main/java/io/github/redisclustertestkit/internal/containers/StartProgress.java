package io.github.redisclustertestkit.internal.containers;

/**
 * What a start has done so far, for a caller that shows it (the CLI's {@code up}). Reported from
 * the start's own threads. Set for the duration of one {@code start()} with {@link #during}, so
 * that the public API needs no listener type.
 */
public interface StartProgress {

    StartProgress NONE = new StartProgress() {
        @Override
        public void containerStarted(String node, int started, int total) {
        }

        @Override
        public void factHolds(String fact, int holding, int total) {
        }
    };

    /** {@code node}'s container runs: {@code started} of {@code total} do. */
    void containerStarted(String node, int started, int total);

    /** A readiness fact held for the first time: {@code holding} of {@code total} have. */
    void factHolds(String fact, int holding, int total);

    /** Runs {@code start} (on this thread) with {@code progress} listening. */
    static void during(StartProgress progress, Runnable start) {
        Holder.CURRENT.set(progress);
        try {
            start.run();
        } finally {
            Holder.CURRENT.remove();
        }
    }

    /** The listener of the start running on this thread, or {@link #NONE}. */
    static StartProgress current() {
        StartProgress progress = Holder.CURRENT.get();
        return progress == null ? NONE : progress;
    }

    /** Interfaces cannot have private static fields. */
    final class Holder {
        private static final ThreadLocal<StartProgress> CURRENT = new ThreadLocal<>();

        private Holder() {
        }
    }
}
