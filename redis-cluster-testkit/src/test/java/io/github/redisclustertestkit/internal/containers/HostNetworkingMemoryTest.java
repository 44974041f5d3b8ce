package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HostNetworkingMemoryTest {

    private static final ProbeAnswer REMOTE = new ProbeAnswer(false, false, true);

    @Test
    void anAnswerIsRecalledByAnotherInstanceForTheSameEngineStartOnly(@TempDir Path dir) {
        Path file = dir.resolve("cache").resolve("host-networking.properties");
        String key = HostNetworkingMemory.key("B7OU:3GAJ", "2026-12-04T04:11:51.644Z", "tcp://198.51.100.2:2375",
                "127.0.0.1").orElseThrow();
        new HostNetworkingMemory(file).remember(key, REMOTE);

        HostNetworkingMemory later = new HostNetworkingMemory(file);
        assertThat(later.recall(key)).contains(REMOTE);
        String restarted = HostNetworkingMemory.key("B7OU:3GAJ", "2026-12-04T05:00:00Z", "tcp://198.51.100.2:2375",
                "127.0.0.1").orElseThrow();
        assertThat(later.recall(restarted)).as("the engine restarted since").isEmpty();
        String otherHost = HostNetworkingMemory.key("B7OU:3GAJ", "2026-12-04T04:11:51.644Z",
                "tcp://198.51.100.2:2375", "198.51.100.2").orElseThrow();
        assertThat(later.recall(otherHost)).as("reached at another address").isEmpty();
    }

    @Test
    void anEngineWithoutIdOrStartTimeIsNotRemembered() {
        assertThat(HostNetworkingMemory.key("", "2026-12-04T04:11:51Z", "unix:///var/run/docker.sock", "127.0.0.1"))
                .isEmpty();
        assertThat(HostNetworkingMemory.key("B7OU", null, "unix:///var/run/docker.sock", "127.0.0.1")).isEmpty();
    }

    @Test
    void aDamagedOrUnwritableFileMeansProbingAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("host-networking.properties");
        Files.writeString(file, "k=not,three\\u00zz");
        HostNetworkingMemory memory = new HostNetworkingMemory(file);
        assertThat(memory.recall("k")).isEmpty();
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "");
        new HostNetworkingMemory(blocked.resolve("host-networking.properties")).remember("k", REMOTE);
        assertThat(new HostNetworkingMemory(blocked.resolve("host-networking.properties")).recall("k")).isEmpty();
    }
}
