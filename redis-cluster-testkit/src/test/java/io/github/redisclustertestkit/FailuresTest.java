package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.ClusterFailure;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FailuresTest {

    /** What users catch is the internals' failure under the public type: nothing of it is lost or wrapped. */
    @Test
    void aFailureOfTheInternalsReachesUsersAsRedisClusterExceptionWithItsMessageCauseAndTrace() {
        IOException cause = new IOException("connection refused");
        ClusterFailure failure = new ClusterFailure("shard-0 redis-1 did not answer after start", cause);
        IllegalStateException teardown = new IllegalStateException("left behind");
        failure.addSuppressed(teardown);

        Throwable thrown = catchThrowable(() -> Failures.translated(() -> {
            throw failure;
        }));

        assertThat(thrown).isExactlyInstanceOf(RedisClusterException.class)
                .hasMessage("shard-0 redis-1 did not answer after start").hasCause(cause);
        assertThat(thrown.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(thrown.getSuppressed()).containsExactly(teardown);
    }

    @Test
    void otherExceptionsPassUnchanged() {
        IllegalArgumentException invalid = new IllegalArgumentException("shards must be at least 1");
        assertThat(catchThrowable(() -> Failures.translated(() -> {
            throw invalid;
        }))).isSameAs(invalid);
    }
}
