package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.ClusterFailure;

import java.util.function.Supplier;

/**
 * Where the internals' {@link ClusterFailure} becomes the one exception type users catch: every
 * public method that reaches the internals runs through here.
 */
final class Failures {

    private Failures() {
    }

    static <T> T translated(Supplier<T> action) {
        try {
            return action.get();
        } catch (ClusterFailure failure) {
            throw translate(failure);
        }
    }

    static void translated(Runnable action) {
        try {
            action.run();
        } catch (ClusterFailure failure) {
            throw translate(failure);
        }
    }

    /**
     * The same failure as a {@link RedisClusterException}: its message, its cause (an
     * {@link InterruptedException} stays the cause), where it was thrown, and what it suppressed.
     */
    static RedisClusterException translate(ClusterFailure failure) {
        RedisClusterException translated = new RedisClusterException(failure.getMessage(), failure.getCause());
        translated.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            translated.addSuppressed(suppressed);
        }
        return translated;
    }
}
