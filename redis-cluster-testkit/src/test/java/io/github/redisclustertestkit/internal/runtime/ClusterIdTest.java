package io.github.redisclustertestkit.internal.runtime;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterIdTest {

    /** Random numbers that are small, as some of any long run of them are. */
    private static final class Small extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        public long nextLong() {
            return 1;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    }

    @Test
    void anIdIsEightLowercaseLettersOrDigitsWhateverTheRandomNumbers() {
        assertThat(Launcher.newClusterId(new Small())).matches("[0-9a-z]{8}");
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(Launcher.newClusterId(random)).matches("[0-9a-z]{8}");
        }
    }
}
