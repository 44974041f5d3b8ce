package io.github.redisclustertestkit.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Chooses a random contiguous block of ports per run, so that two clusters (two JVMs, or two in
 * one JVM) do not collide: ports reserved in this JVM are never handed out twice, and a block
 * with a port that {@code isFree} rejects is skipped. Blocks are aligned to their size, so that
 * the range does not fragment into gaps too small for another cluster. What still collides at start (another
 * process took a port in between) is re-planned by the caller.
 */
public final class PortBlocks implements PortSource {

    private static final Set<Integer> RESERVED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final int TRIES = 200;

    private final int rangeStart;
    private final int rangeEnd;
    private final IntPredicate isFree;
    private final Random random;

    public PortBlocks(int rangeStart, int rangeEnd, IntPredicate isFree, Random random) {
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        this.isFree = isFree;
        this.random = random;
    }

    @Override
    public List<Integer> take(int count) {
        int slots = count == 0 ? 1 : (rangeEnd - rangeStart + 1) / count;
        if (slots < 1) {
            throw new IllegalStateException("cannot place " + count + " ports in " + rangeStart + ".." + rangeEnd);
        }
        for (int attempt = 0; attempt < TRIES; attempt++) {
            int base = rangeStart + random.nextInt(slots) * count;
            List<Integer> block = new ArrayList<>(count);
            for (int port = base; port < base + count; port++) {
                block.add(port);
            }
            if (reserve(block)) {
                if (block.stream().allMatch(isFree::test)) {
                    return block;
                }
                release(block);
            }
        }
        throw new IllegalStateException("found no " + count + " free ports in " + rangeStart + ".." + rangeEnd
                + " after " + TRIES + " tries: close clusters that are no longer used");
    }

    private static synchronized boolean reserve(List<Integer> ports) {
        if (ports.stream().anyMatch(RESERVED_IN_THIS_JVM::contains)) {
            return false;
        }
        RESERVED_IN_THIS_JVM.addAll(ports);
        return true;
    }

    /** Gives ports back once the cluster that used them is gone. */
    public static void release(List<Integer> ports) {
        RESERVED_IN_THIS_JVM.removeAll(ports);
    }
}
