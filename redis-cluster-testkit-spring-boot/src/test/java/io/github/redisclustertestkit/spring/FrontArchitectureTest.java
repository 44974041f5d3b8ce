package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.junit5.RedisShardedClusterExtension;
import io.github.redisclustertestkit.testsupport.FrontArchitecture;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The Spring module uses of the core and the JUnit 5 module only what their module descriptors
 * export to it. It has no descriptor of its own, so nothing but this rule keeps it from internals.
 */
class FrontArchitectureTest {

    @Test
    void usesOnlyWhatTheCoreAndTheJunit5ModuleExportToIt() throws IOException {
        // Its Automatic-Module-Name (see its pom): it gets what every module gets.
        FrontArchitecture.assertUsesOnlyWhatIsExportedTo("io.github.redisclustertestkit.spring",
                RedisShardedClusterContainer.class, RedisShardedClusterExtension.class);
    }
}
