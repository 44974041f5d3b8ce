package io.github.redisclustertestkit.samples.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the README and the guides resolves: the file exists, and an anchor names
 * a heading of the Markdown file it points to (GitHub's rule for heading ids). Links to the web
 * are not followed: the build does not use the network.
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+)$", Pattern.MULTILINE);

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        List<String> broken = new ArrayList<>();
        for (Path markdown : Snippets.markdownFiles(root)) {
            String text = withoutCodeBlocks(Files.readString(markdown));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = file.isEmpty() ? markdown : markdown.getParent().resolve(file).normalize();
                String where = root.relativize(markdown) + ": " + link;
                if (!Files.exists(target)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && !anchors(target).contains(anchor)) {
                    broken.add(where + " (no such heading; there are " + anchors(target) + ")");
                }
            }
        }
        assertThat(broken).as("broken links in README.md and docs/*.md").isEmpty();
    }

    private static List<String> anchors(Path markdown) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!markdown.toString().endsWith(".md")) {
            return ids;
        }
        Matcher m = HEADING.matcher(withoutCodeBlocks(Files.readString(markdown)));
        while (m.find()) {
            ids.add(m.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return ids;
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```", "");
    }
}
