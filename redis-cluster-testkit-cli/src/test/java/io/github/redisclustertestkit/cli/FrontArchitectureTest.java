package io.github.redisclustertestkit.cli;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The CLI uses of the core only what the core's module descriptor exports to it: its public
 * API and the internal packages exported to this module by name. Tests run on the class path,
 * where the descriptor is not enforced; this rule is, whichever way the classes are loaded.
 */
class FrontArchitectureTest {

    private static final String FRONT = "io.github.redisclustertestkit.cli";

    @Test
    void usesOnlyWhatTheCoreExportsToIt() throws IOException {
        Set<String> exported = exportedTo(FRONT, descriptor(RedisShardedClusterContainer.class));
        noClasses().should().dependOnClassesThat(describe("are in core packages not exported to " + FRONT,
                        (JavaClass c) -> c.getPackageName().startsWith("io.github.redisclustertestkit")
                                && !c.getPackageName().equals(FRONT) && !exported.contains(c.getPackageName())))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(FRONT));
    }

    // As in the JUnit 5 module's FrontArchitectureTest: test code is not shared between modules.

    /** The packages {@code descriptor} exports to every module or to {@code module} by name. */
    static Set<String> exportedTo(String module, ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(e -> !e.isQualified() || e.targets().contains(module))
                .map(Exports::source).collect(Collectors.toSet());
    }

    /** The module descriptor of the jar or classes directory {@code anchor} was loaded from. */
    static ModuleDescriptor descriptor(Class<?> anchor) throws IOException {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (FileSystem jar = FileSystems.newFileSystem(location);
             InputStream in = Files.newInputStream(jar.getPath("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
