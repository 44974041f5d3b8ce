package io.github.redisclustertestkit.internal.plan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Chooses a random contiguous block of ports per run, so that two clusters (two JVMs, or two in
 * one JVM) do not collide: ports reserved in this JVM are never handed out twice, nor those another
 * JVM on this machine holds (a lock per port, which the OS drops when that JVM dies: without it,
 * two JVMs that start at once can both find a block free and both take it), and a block
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
        if (!MachineLocks.lock(ports)) {
            return false;
        }
        RESERVED_IN_THIS_JVM.addAll(ports);
        return true;
    }

    /** Gives ports back once the cluster that used them is gone. */
    public static synchronized void release(List<Integer> ports) {
        MachineLocks.unlock(ports);
        RESERVED_IN_THIS_JVM.removeAll(ports);
    }

    /**
     * One byte of a file under the temp directory per port, locked while a cluster of this JVM
     * holds the port. The file stays open for the JVM's life: closing any channel of a file drops
     * all of the process's locks on it. Where the file cannot be had, only this JVM's own
     * reservations count, as before.
     */
    private static final class MachineLocks {

        private static final Map<Integer, FileLock> HELD = new HashMap<>();
        private static FileChannel channel;
        private static boolean unavailable;

        static boolean lock(List<Integer> ports) {
            FileChannel file = channel();
            if (file == null) {
                return true;
            }
            List<Integer> locked = new ArrayList<>();
            try {
                for (int port : ports) {
                    FileLock lock = file.tryLock(port, 1, false);
                    if (lock == null) {
                        unlock(locked);
                        return false;
                    }
                    HELD.put(port, lock);
                    locked.add(port);
                }
                return true;
            } catch (IOException | OverlappingFileLockException e) {
                unlock(locked);
                return false;
            }
        }

        static void unlock(List<Integer> ports) {
            for (int port : ports) {
                FileLock lock = HELD.remove(port);
                if (lock != null) {
                    try {
                        lock.release();
                    } catch (IOException | RuntimeException closed) {
                        // a lock whose channel is gone is released already
                    }
                }
            }
        }

        private static FileChannel channel() {
            if (channel == null && !unavailable) {
                Path file = Path.of(System.getProperty("java.io.tmpdir"), "redis-cluster-testkit-ports.lock");
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                } catch (IOException | RuntimeException e) {
                    unavailable = true;
                }
            }
            return channel;
        }
    }
}
