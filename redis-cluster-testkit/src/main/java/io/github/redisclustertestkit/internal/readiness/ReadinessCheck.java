package io.github.redisclustertestkit.internal.readiness;

import java.util.Optional;

/** One fact that must hold before the cluster counts as ready (or healthy again). */
public interface ReadinessCheck {

    /** @return empty when the fact holds, else what does not hold and where */
    Optional<Problem> evaluate(Probe probe);

    /** What it checks, in a few words (for the startup timeline). */
    default String name() {
        return getClass().getSimpleName();
    }
}
