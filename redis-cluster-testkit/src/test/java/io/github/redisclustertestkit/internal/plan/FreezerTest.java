package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreezerTest {

    private static final List<String> ROOTLESS = List.of("name=seccomp,profile=default", "name=rootless");
    private static final List<String> ROOTFUL = List.of("name=seccomp,profile=default");

    @Test
    void onlyARootlessEngineOnCgroupV1HasNoFreezer() {
        assertThat(Freezer.missingBecause(ROOTLESS, "1")).isEqualTo("a rootless engine on cgroup v1 has no cgroup"
                + " control, so no freezer");
        assertThat(Freezer.missingBecause(ROOTLESS, "2")).isNull();
        assertThat(Freezer.missingBecause(ROOTFUL, "1")).isNull();
        assertThat(Freezer.missingBecause(null, null)).isNull();
    }

    @Test
    void theErrorNamesTheNodeTheEngineTheReasonAndWhatStillWorks() {
        assertThat(Freezer.cannotPause("shard-0 redis-0", "Docker 20.10.24, Debian, cgroup v1", "no freezer"))
                .isEqualTo("pause() of shard-0 redis-0 cannot work on this Docker engine (Docker 20.10.24, Debian,"
                        + " cgroup v1): no freezer. kill(), stop() and restart() still work; pause needs a rootful"
                        + " engine, or a rootless one on cgroup v2 with the freezer delegated");
    }
}
