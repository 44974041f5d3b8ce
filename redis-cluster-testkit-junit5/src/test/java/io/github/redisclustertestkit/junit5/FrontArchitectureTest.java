package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.testsupport.FrontArchitecture;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/** This front uses of the core only what the core's module descriptor exports to it. */
class FrontArchitectureTest {

    @Test
    void usesOnlyWhatTheCoreExportsToIt() throws IOException {
        FrontArchitecture.assertUsesOnlyWhatIsExportedTo("io.github.redisclustertestkit.junit5",
                RedisShardedClusterContainer.class);
    }
}
