package io.github.redisclustertestkit.samples.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Java block of the README and the guides is what its sample source says. */
class SnippetsTest {

    /** The repository: this module's parent directory, where surefire runs in the module. */
    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (the directory with mvnw) above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    @Test
    void everyJavaBlockOfTheDocsIsItsSource() {
        List<Snippets.Drift> drifts = Snippets.check(root());
        assertThat(drifts)
                .as("Java blocks of README.md and docs/*.md that differ from their sample sources;"
                        + " run scripts/snippets to rewrite them from the sources:%n%s",
                        drifts.stream().map(Snippets.Drift::toString).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void everySnippetOfTheSourcesIsShownSomewhere() throws IOException {
        Path root = root();
        StringBuilder docs = new StringBuilder();
        for (Path md : Snippets.markdownFiles(root)) {
            docs.append(Files.readString(md));
        }
        assertThat(Snippets.snippets(root).keySet())
                .as("regions of the samples that no Markdown file shows (a renamed or forgotten marker)")
                .filteredOn(name -> !docs.toString().contains("<!-- snippet:" + name + " -->"))
                .isEmpty();
    }

    @Test
    void aDriftedBlockIsReportedAndSyncRewritesIt(@TempDir Path root) throws IOException {
        Path source = root.resolve("samples/src/test/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package x;

                // START
                import java.util.List;
                // END

                class Example {
                    void run() {
                        // START
                        List.of(1, 2);
                        // END
                    }
                }
                """.replace("START", "snippet:example").replace("END", "end:example")); // markers here would be this file's
        Files.writeString(root.resolve("README.md"), """
                # Title

                <!-- snippet:example -->
                ```java
                import java.util.List;
                List.of(1, 3);
                ```
                Text after.
                """);

        assertThat(Snippets.check(root)).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("README.md:4 [example]: differs from")
                        .contains("the source has '', the block 'List.of(1, 3);'"));

        assertThat(Snippets.sync(root)).isEmpty();
        assertThat(Files.readString(root.resolve("README.md"))).isEqualTo("""
                # Title

                <!-- snippet:example -->
                ```java
                import java.util.List;

                List.of(1, 2);
                ```
                Text after.
                """);
        assertThat(Snippets.check(root)).isEmpty();
    }

    @Test
    void aJavaBlockWithoutASourceIsReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), "```java\nint x;\n```\n");
        Files.writeString(root.resolve("docs/guide.md"), "<!-- snippet:gone -->\n```java\nint y;\n```\n");

        assertThat(Snippets.check(root)).extracting(Snippets.Drift::toString).satisfiesExactly(
                d -> assertThat(d).contains("README.md:1: a ```java block without <!-- snippet:NAME -->"),
                d -> assertThat(d).contains("guide.md:2 [gone]: no source has // snippet:gone"));
    }

    @Test
    void aRegionThatNeverEndsIsAnError() {
        assertThatThrownBy(() -> Snippets.regions(Path.of("A.java"), "// snippet" + ":a\nint x;\n"))
                .hasMessageContaining("snippet(s) [a] never end");
    }
}
