package io.github.redisclustertestkit.testsupport;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rule of every front module (JUnit 5, CLI, Spring): it uses of this project's modules only
 * what their module descriptors export to it, the public API and the internal packages exported to
 * it by name. Tests run on the class path, where descriptors are not enforced; this rule is,
 * whichever way the classes are loaded.
 */
public final class FrontArchitecture {

    private static final String PROJECT = "io.github.redisclustertestkit";

    private FrontArchitecture() {
    }

    /**
     * Checks the main classes of package {@code front} (also its module name, or its
     * Automatic-Module-Name) against the descriptors of the modules that {@code anchors} (a class
     * of each) were loaded from.
     */
    public static void assertUsesOnlyWhatIsExportedTo(String front, Class<?>... anchors) throws IOException {
        Set<String> exported = new HashSet<>();
        for (Class<?> anchor : anchors) {
            exported.addAll(exportedTo(front, descriptor(anchor)));
        }
        noClasses().should().dependOnClassesThat(describe("are in packages of this project not exported to " + front,
                        (JavaClass c) -> c.getPackageName().startsWith(PROJECT)
                                && !c.getPackageName().equals(front) && !exported.contains(c.getPackageName())))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(front));
    }

    /** The packages {@code descriptor} exports to every module or to {@code module} by name. */
    static Set<String> exportedTo(String module, ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(e -> !e.isQualified() || e.targets().contains(module))
                .map(Exports::source).collect(Collectors.toSet());
    }

    /** The module descriptor of the jar or classes directory {@code anchor} was loaded from. */
    public static ModuleDescriptor descriptor(Class<?> anchor) throws IOException {
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
