package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.testsupport.FrontArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's module compiled on the module path against the core and this module, as built: it
 * reaches the public API, and no internal package of the core, not even those exported to our
 * own front modules. Run by scripts/compat on every JDK, JUnit and Testcontainers of its matrix.
 */
class ModuleBoundaryTest {

    private static final String CORE_MODULE = "io.github.redisclustertestkit";
    private static final String JUNIT5_MODULE = "io.github.redisclustertestkit.junit5";

    /** The core's packages under {@code .internal}, as its module descriptor lists them. */
    private static List<String> internalPackages;

    @TempDir
    Path work;

    @BeforeAll
    static void readTheCoresDescriptor() throws IOException {
        ModuleDescriptor core = FrontArchitecture.descriptor(RedisShardedClusterContainer.class);
        assertThat(core.name()).isEqualTo(CORE_MODULE);
        internalPackages = core.packages().stream().filter(p -> p.contains(".internal")).sorted().toList();
        assertThat(internalPackages).contains(CORE_MODULE + ".internal", CORE_MODULE + ".internal.options");
    }

    @Test
    void aUserModuleCompilesAgainstThePublicApi() throws IOException {
        List<String> errors = compile(JUNIT5_MODULE, """
                package com.example.consumer;

                import io.github.redisclustertestkit.RedisClusterException;
                import io.github.redisclustertestkit.RedisShardedClusterContainer;
                import io.github.redisclustertestkit.faults.SentinelEvents;
                import io.github.redisclustertestkit.junit5.RedisShardedCluster;
                import io.github.redisclustertestkit.spec.ClusterSpec;

                @RedisShardedCluster
                class UsesTheApi {
                    RedisShardedClusterContainer cluster = new RedisShardedClusterContainer(ClusterSpec.defaults());
                    Class<?>[] types = {RedisClusterException.class, SentinelEvents.class};
                }
                """);
        assertThat(errors).isEmpty();
    }

    @Test
    void noInternalPackageIsVisibleToAUserModule() throws IOException {
        String imports = internalPackages.stream().map(p -> "import " + p + ".*;\n").collect(Collectors.joining());
        for (String module : List.of(CORE_MODULE, JUNIT5_MODULE)) {
            List<String> errors = compile(module, "package com.example.consumer;\n\n" + imports
                    + "\nclass UsesInternals {\n}\n");
            for (String internal : internalPackages) {
                assertThat(errors).as("requires %s, import %s.*", module, internal)
                        .anyMatch(e -> e.contains("package " + internal + " is not visible"));
            }
        }
    }

    /** Compiles module {@code com.example.consumer}, which requires {@code module}; returns the errors. */
    private List<String> compile(String module, String source) throws IOException {
        Path sources = Files.createTempDirectory(work, "src");
        Files.writeString(sources.resolve("module-info.java"),
                "module com.example.consumer {\n    requires " + module + ";\n}\n");
        Path file = sources.resolve("com/example/consumer/Consumer.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("--release", "17", "-d", Files.createTempDirectory(work, "out").toString(),
                    "--module-path", modulePath());
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(sources.resolve("module-info.java"), file)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT)).toList();
    }

    /**
     * The core and this module as built (directories with their module-info.class), and what
     * their descriptors require, wherever the build put it: whichever JUnit and Testcontainers.
     */
    private static String modulePath() {
        List<Path> path = new ArrayList<>();
        for (String anchor : List.of(
                "io.github.redisclustertestkit.RedisShardedClusterContainer",
                "io.github.redisclustertestkit.junit5.RedisShardedClusterExtension",
                "org.testcontainers.DockerClientFactory",
                "com.github.dockerjava.api.DockerClient",
                "org.slf4j.Logger",
                "org.junit.jupiter.api.Test",
                "org.junit.platform.commons.support.ReflectionSupport",
                "org.opentest4j.AssertionFailedError",
                "org.apiguardian.api.API",
                "org.jspecify.annotations.Nullable")) {
            try {
                path.add(location(Class.forName(anchor, false, ModuleBoundaryTest.class.getClassLoader())));
            } catch (ClassNotFoundException notWithTheseVersions) {
                // JSpecify comes with JUnit 6 only
            }
        }
        return path.stream().distinct().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
