package io.github.redisclustertestkit.internal.reuse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The right to use one reused cluster, from start() until close(): an exclusive lock on a file
 * named by the reuse key and a slot number. A file lock, unlike a Docker label, can be taken
 * atomically, and the operating system releases it when its process dies, however it dies.
 * <p>
 * A start that finds slot 0 taken, by another JVM or by another cluster in this one, tries the
 * next slot: it takes over that slot's cluster, or starts one that is kept for later too. So two
 * test JVMs running at once with the same spec end up with two reused clusters, and never flush
 * each other's data.
 */
public final class ReuseLease implements AutoCloseable {

    /** Reused clusters per key; a start that finds every slot taken starts a cluster it removes at close(). */
    public static final int SLOTS = 4;

    private final String key;
    private final int slot;
    private final FileChannel channel;
    private final FileLock lock;

    private ReuseLease(String key, int slot, FileChannel channel, FileLock lock) {
        this.key = key;
        this.slot = slot;
        this.channel = channel;
        this.lock = lock;
    }

    /** Where the lock files are: one directory per machine and user, as the temp directory is. */
    static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "redis-cluster-testkit-reuse");
    }

    /**
     * The lease of the first free slot, without waiting.
     *
     * @return empty if all {@link #SLOTS} are held, by this JVM or another
     * @throws IllegalStateException if the lock file cannot be created
     */
    public static Optional<ReuseLease> takeFreeSlot(String key) {
        for (int slot = 0; slot < SLOTS; slot++) {
            Optional<ReuseLease> lease = tryTake(key, slot);
            if (lease.isPresent()) {
                return lease;
            }
        }
        return Optional.empty();
    }

    static Optional<ReuseLease> tryTake(String key, int slot) {
        Path file = directory().resolve(key + "-" + slot + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ReuseLease(key, slot, channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // another cluster of this JVM holds it: as busy as if another JVM did
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + file + " to reuse a cluster (" + e.getMessage()
                    + "). Make " + file.getParent() + " writable, or set java.io.tmpdir to a writable directory", e);
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    public String key() {
        return key;
    }

    public int slot() {
        return slot;
    }

    /** Releases the lease: the next start of the same spec may take the cluster over. Idempotent. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException alreadyReleased) {
            // the channel closing below releases it in any case
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // a lock on a closed channel is released
        }
    }

    @Override
    public String toString() {
        return "reuse lease " + key + " slot " + slot;
    }
}
