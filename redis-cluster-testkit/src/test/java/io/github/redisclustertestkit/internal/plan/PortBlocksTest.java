package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PortBlocksTest {

    @Test
    void blocksInOneJvmNeverOverlapUntilReleased() {
        PortBlocks ports = new PortBlocks(30000, 30039, p -> true, new Random(1));
        List<Integer> first = ports.take(20);
        List<Integer> second = ports.take(20);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first).allMatch(p -> p >= 30000 && p <= 30039);
        assertThatIllegalStateException().isThrownBy(() -> ports.take(20))
                .withMessageContaining("found no 20 free ports in 30000..30039");
        PortBlocks.release(first);
        PortBlocks.release(second);
        assertThat(ports.take(40)).hasSize(40);
        PortBlocks.release(ports.take(0));
    }

    @Test
    void blocksWithATakenPortAreSkipped() {
        PortBlocks ports = new PortBlocks(31000, 31099, p -> p != 31050, new Random(2));
        for (int i = 0; i < 20; i++) {
            List<Integer> block = ports.take(10);
            assertThat(block).doesNotContain(31050).hasSize(10);
            PortBlocks.release(block);
        }
    }
}
