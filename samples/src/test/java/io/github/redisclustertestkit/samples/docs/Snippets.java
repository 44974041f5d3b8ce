package io.github.redisclustertestkit.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the Java blocks of {@code README.md} and {@code docs/*.md} equal to regions of the samples'
 * sources, which the build compiles (and whose tests it runs).
 *
 * <p>In a source, a region starts after a line {@code // snippet:NAME} and ends before the line
 * {@code // end:NAME}. Each region loses its common indentation; regions of one name in one file
 * are joined in order with a blank line between, so a snippet can hold the import block and a
 * method further down. Marker lines of other regions inside a region are left out. A name
 * belongs to one file.
 *
 * <p>In Markdown, the line {@code <!-- snippet:NAME -->} goes right before a {@code ```java}
 * block: that block is the region. Every {@code ```java} block must have such a line.
 *
 * <p>JDK only, so that {@code scripts/snippets} can run it as a source file:
 * {@code java Snippets.java ROOT [--check]}. Without {@code --check} it rewrites the blocks.
 */
public final class Snippets {

    /** The source trees that snippets are taken from (samples-spring-boot-4 compiles samples-spring-boot's). */
    public static final List<String> SOURCE_ROOTS = List.of("samples/src", "samples-spring-boot/src");

    private static final Pattern START = Pattern.compile("^\\s*// snippet:([a-z0-9-]+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end:([a-z0-9-]+)\\s*$");
    private static final Pattern MARKDOWN_MARKER = Pattern.compile("^<!-- snippet:([a-z0-9-]+) -->$");
    private static final String FENCE = "```";

    private Snippets() {
    }

    /** A region of a source: its name, the file it comes from, its text (lines without the marker lines). */
    public record Snippet(String name, Path source, String text) {
    }

    /** A Java block of a Markdown file that is not what its source says, or not from a source at all. */
    public record Drift(Path markdown, int line, String name, String problem) {
        @Override
        public String toString() {
            return markdown + ":" + line + (name == null ? "" : " [" + name + "]") + ": " + problem;
        }
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--check"))) {
            System.err.println("usage: java Snippets.java ROOT [--check]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        boolean check = args.length == 2;
        List<Drift> drifts = check ? check(root) : sync(root);
        for (Drift d : drifts) {
            System.err.println(root.relativize(d.markdown()) + ":" + d.line()
                    + (d.name() == null ? "" : " [" + d.name() + "]") + ": " + d.problem());
        }
        if (!drifts.isEmpty()) {
            System.err.println(check
                    ? drifts.size() + " block(s) differ from their sources: run scripts/snippets to rewrite them"
                    : drifts.size() + " block(s) cannot be synced: fix the markers");
            System.exit(1);
        }
        if (!check) {
            System.err.println("snippets: every Java block of README.md and docs/*.md is its source's");
        }
    }

    /** The Markdown files whose Java blocks must come from sources. */
    public static List<Path> markdownFiles(Path root) {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Every region of the sources under {@link #SOURCE_ROOTS}, by name. */
    public static Map<String, Snippet> snippets(Path root) {
        Map<String, Snippet> all = new LinkedHashMap<>();
        for (String dir : SOURCE_ROOTS) {
            Path tree = root.resolve(dir);
            if (!Files.isDirectory(tree)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> s = Files.walk(tree)) {
                sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path source : sources) {
                for (Snippet snippet : regions(source, read(source))) {
                    Snippet other = all.putIfAbsent(snippet.name(), snippet);
                    if (other != null) {
                        throw new IllegalStateException("snippet " + snippet.name() + " is in " + other.source()
                                + " and in " + source + ": give one of them another name");
                    }
                }
            }
        }
        return all;
    }

    /** The regions of one source text. */
    static List<Snippet> regions(Path source, String text) {
        Map<String, List<List<String>>> regions = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            Matcher start = START.matcher(line);
            Matcher end = END.matcher(line);
            if (start.matches()) {
                if (open.contains(start.group(1))) {
                    throw new IllegalStateException(source + ":" + number + ": snippet " + start.group(1)
                            + " starts again before its end");
                }
                open.add(start.group(1));
                regions.computeIfAbsent(start.group(1), n -> new ArrayList<>()).add(new ArrayList<>());
            } else if (end.matches()) {
                if (!open.remove(end.group(1))) {
                    throw new IllegalStateException(source + ":" + number + ": end of snippet " + end.group(1)
                            + " that has not started");
                }
            } else {
                for (String name : open) {
                    List<List<String>> of = regions.get(name);
                    of.get(of.size() - 1).add(line);
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(source + ": snippet(s) " + open + " never end: add // end:NAME");
        }
        List<Snippet> result = new ArrayList<>();
        regions.forEach((name, parts) -> result.add(new Snippet(name, source,
                String.join("\n", parts.stream().map(Snippets::dedent).toList()))));
        return result;
    }

    private static String dedent(List<String> lines) {
        int first = 0;
        int last = lines.size();
        while (first < last && lines.get(first).isBlank()) {
            first++;
        }
        while (last > first && lines.get(last - 1).isBlank()) {
            last--;
        }
        List<String> body = lines.subList(first, last);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : body) {
            out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The blocks that differ from their sources, or have none; nothing is written. */
    public static List<Drift> check(Path root) {
        return process(root, false);
    }

    /** Rewrites every marked block from its source; returns what cannot be synced (a missing source, no marker). */
    public static List<Drift> sync(Path root) {
        return process(root, true).stream().filter(d -> !d.problem().startsWith("differs")).toList();
    }

    private static List<Drift> process(Path root, boolean write) {
        Map<String, Snippet> snippets = snippets(root);
        List<Drift> drifts = new ArrayList<>();
        for (Path markdown : markdownFiles(root)) {
            String text = read(markdown);
            String rewritten = process(root, markdown, text, snippets, drifts);
            if (write && !rewritten.equals(text)) {
                try {
                    Files.writeString(markdown, rewritten, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return drifts;
    }

    static String process(Path root, Path markdown, String text, Map<String, Snippet> snippets, List<Drift> drifts) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            Matcher marker = MARKDOWN_MARKER.matcher(line);
            if (marker.matches()) {
                String name = marker.group(1);
                out.append(line).append('\n');
                i++;
                if (i >= lines.length || !lines[i].equals(FENCE + "java")) {
                    drifts.add(new Drift(markdown, i, name, "the marker is not followed by a ```java block"));
                    continue;
                }
                int open = i;
                int close = open + 1;
                while (close < lines.length && !lines[close].startsWith(FENCE)) {
                    close++;
                }
                if (close >= lines.length) {
                    drifts.add(new Drift(markdown, open + 1, name, "the ```java block never ends"));
                    appendRest(out, lines, open);
                    break;
                }
                StringBuilder block = new StringBuilder();
                for (int k = open + 1; k < close; k++) {
                    block.append(lines[k]).append('\n');
                }
                Snippet snippet = snippets.get(name);
                out.append(lines[open]).append('\n');
                if (snippet == null) {
                    drifts.add(new Drift(markdown, open + 1, name, "no source has // snippet:" + name
                            + " (sources: " + SOURCE_ROOTS + ")"));
                    out.append(block);
                } else {
                    if (!snippet.text().equals(block.toString())) {
                        drifts.add(new Drift(markdown, open + 1, name, "differs from "
                                + root.relativize(snippet.source()) + firstDifference(snippet.text(), block.toString())));
                    }
                    out.append(snippet.text());
                }
                out.append(lines[close]);
                i = close + 1;
                if (i < lines.length) {
                    out.append('\n');
                }
                continue;
            }
            if (line.equals(FENCE + "java")) {
                drifts.add(new Drift(markdown, i + 1, null, "a ```java block without <!-- snippet:NAME --> before it:"
                        + " every Java block comes from a sample source"));
            }
            out.append(line);
            i++;
            if (i < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void appendRest(StringBuilder out, String[] lines, int from) {
        for (int k = from; k < lines.length; k++) {
            out.append(lines[k]);
            if (k < lines.length - 1) {
                out.append('\n');
            }
        }
    }

    private static String firstDifference(String source, String block) {
        String[] a = source.split("\n", -1);
        String[] b = block.split("\n", -1);
        for (int k = 0; k < Math.max(a.length, b.length); k++) {
            String x = k < a.length ? a[k] : "(nothing)";
            String y = k < b.length ? b[k] : "(nothing)";
            if (!x.equals(y)) {
                return " at line " + (k + 1) + " of the block: the source has '" + x + "', the block '" + y + "'";
            }
        }
        return "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
