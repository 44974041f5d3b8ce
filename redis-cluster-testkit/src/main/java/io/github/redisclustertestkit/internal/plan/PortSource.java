package io.github.redisclustertestkit.internal.plan;

import java.util.List;

/** Hands out the ports a run listens on. */
@FunctionalInterface
public interface PortSource {

    /**
     * @param count how many distinct ports are needed
     * @return {@code count} distinct ports, all believed free
     */
    List<Integer> take(int count);
}
