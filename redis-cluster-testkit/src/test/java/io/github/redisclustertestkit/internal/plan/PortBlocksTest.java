package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Ranges above the library's own (10000..32767), so that clusters of other JVMs here never hold them. */
class PortBlocksTest {

    @Test
    void blocksInOneJvmNeverOverlapUntilReleased() {
        PortBlocks ports = new PortBlocks(40000, 40039, p -> true, new Random(1));
        List<Integer> first = ports.take(20);
        List<Integer> second = ports.take(20);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first).allMatch(p -> p >= 40000 && p <= 40039);
        assertThatIllegalStateException().isThrownBy(() -> ports.take(20))
                .withMessageContaining("found no 20 free ports in 40000..40039");
        PortBlocks.release(first);
        PortBlocks.release(second);
        assertThat(ports.take(40)).hasSize(40);
        PortBlocks.release(ports.take(0));
    }

    @Test
    void blocksWithATakenPortAreSkipped() {
        PortBlocks ports = new PortBlocks(41000, 41099, p -> p != 41050, new Random(2));
        for (int i = 0; i < 20; i++) {
            List<Integer> block = ports.take(10);
            assertThat(block).doesNotContain(41050).hasSize(10);
            PortBlocks.release(block);
        }
    }

    /** A port another JVM on this machine holds (here: a lock outside PortBlocks) is never handed out. */
    @Test
    void portsLockedElsewhereOnThisMachineAreSkipped() throws Exception {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "redis-cluster-testkit-ports.lock");
        // Not closed before the end: closing a channel drops every lock of this JVM on the file.
        FileChannel other = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = other.lock(42050, 1, false);
        try {
            PortBlocks ports = new PortBlocks(42000, 42099, p -> true, new Random(3));
            for (int i = 0; i < 20; i++) {
                List<Integer> block = ports.take(10);
                assertThat(block).doesNotContain(42050).hasSize(10);
                PortBlocks.release(block);
            }
        } finally {
            held.release();
            other.close();
        }
    }
}
