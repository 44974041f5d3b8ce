package io.github.redisclustertestkit.internal.readiness;

import java.time.Duration;
import java.util.List;

/** Readiness facts still did not hold when time ran out. */
public final class ReadinessTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ReadinessTimeoutException(Duration timeout, List<Problem> problems) {
        super(problems.size() + " readiness fact(s) did not hold within " + timeout.toMillis() + " ms");
        this.problems = problems;
    }

    /** The facts that did not hold, first one first. */
    public List<Problem> problems() {
        return problems;
    }
}
