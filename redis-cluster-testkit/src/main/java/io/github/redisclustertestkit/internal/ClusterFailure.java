package io.github.redisclustertestkit.internal;

/**
 * What the internals throw where the user gets a {@code RedisClusterException}: the public front
 * rethrows it as one, with the same message, cause and stack trace. The internals cannot throw
 * the public type itself, which lives in the package that depends on them (a package cycle).
 */
public class ClusterFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterFailure(String message) {
        super(message);
    }

    public ClusterFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For a wait that was interrupted: sets the thread's interrupt flag again (catching the
     * {@link InterruptedException} cleared it), so that the caller still sees the interrupt.
     */
    public static ClusterFailure interrupted(String what, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new ClusterFailure("interrupted while " + what, cause);
    }
}
