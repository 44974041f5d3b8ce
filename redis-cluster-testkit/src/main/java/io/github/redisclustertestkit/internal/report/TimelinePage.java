package io.github.redisclustertestkit.internal.report;

import io.github.redisclustertestkit.internal.runtime.LogEvents;
import io.github.redisclustertestkit.internal.runtime.Timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster's timeline as one self-contained HTML page (no script, no external file): an inline
 * SVG with one lane per node, and the whole cluster's lane on top, where each event is a mark
 * and a node's outages (killed, stopped or paused, until started or unpaused) are bars; then the
 * events as a table. Pure: the same events give the same page.
 */
public final class TimelinePage {

    static final String CLUSTER_LANE = "cluster";

    private static final int WIDTH = 1000;
    private static final int LABEL_WIDTH = 170;
    private static final int LANE_HEIGHT = 26;
    private static final int TOP = 30;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Mark colours by kind; other kinds are grey. */
    private static final Map<String, String> COLOURS = Map.ofEntries(
            Map.entry(Timeline.STARTED, "#2e7d32"), Map.entry(Timeline.READY, "#2e7d32"),
            Map.entry(Timeline.KILLED, "#c62828"), Map.entry(Timeline.STOPPED, "#c62828"),
            Map.entry(Timeline.PAUSED, "#ef6c00"), Map.entry(Timeline.UNPAUSED, "#2e7d32"),
            Map.entry(Timeline.NETWORK_CUT, "#6a1b9a"), Map.entry(Timeline.NETWORK_HEALED, "#6a1b9a"),
            Map.entry(Timeline.ROLE, "#1565c0"), Map.entry(Timeline.FAILOVER, "#0d47a1"),
            Map.entry(Timeline.SLOT_MIGRATING, "#00838f"), Map.entry(Timeline.SLOT_MOVED, "#00838f"),
            Map.entry(Timeline.REMOVED, "#424242"), Map.entry(LogEvents.SENTINEL, "#5e35b1"),
            Map.entry(LogEvents.ROUTING, "#f9a825"), Map.entry(LogEvents.CLUSTER_VIEW, "#00695c"));
    private static final String ROUTES_TO = "routes to ";

    /** A node out of service from {@code from} to {@code to}. */
    private record Outage(String node, Instant from, Instant to) {
    }

    private TimelinePage() {
    }

    /**
     * Writes the page of {@code timeline}, or an empty one if there is none yet, to {@code file},
     * creating its directory, replacing the file.
     *
     * @return the file
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path write(Timeline timeline, Path file) {
        return timeline == null ? write("no cluster started yet", List.of(), file)
                : write(timeline.name(), timeline.events(), file);
    }

    /**
     * Writes the page of {@code events} (earliest first) to {@code file}, as {@link #write(Timeline, Path)}.
     *
     * @param title what the page is about, such as {@code cluster ab12cd34}
     */
    public static Path write(String title, List<Timeline.Event> events, Path file) {
        String page = render(title, events);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, page);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the timeline page to " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /**
     * @param title  what the page is about, such as {@code cluster ab12cd34}
     * @param events the events, earliest first
     */
    public static String render(String title, List<Timeline.Event> events) {
        List<String> lanes = lanes(events);
        Instant first = events.isEmpty() ? Instant.EPOCH : events.get(0).at();
        Instant last = events.isEmpty() ? Instant.EPOCH : events.get(events.size() - 1).at();
        long spanNanos = Math.max(Duration.between(first, last).toNanos(), 1_000_000_000L);
        int height = TOP + lanes.size() * LANE_HEIGHT + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        axis(svg, spanNanos, height);
        for (int i = 0; i < lanes.size(); i++) {
            int y = TOP + i * LANE_HEIGHT;
            svg.append("<text x=\"4\" y=\"").append(y + 17).append("\">").append(escape(lanes.get(i))).append("</text>\n");
            svg.append("<line x1=\"").append(LABEL_WIDTH).append("\" y1=\"").append(y + 13).append("\" x2=\"")
                    .append(WIDTH - 10).append("\" y2=\"").append(y + 13).append("\" stroke=\"#ddd\"/>\n");
        }
        outages(svg, events, lanes, first, spanNanos);
        for (Timeline.Event e : events) {
            int y = TOP + lanes.indexOf(lane(e)) * LANE_HEIGHT + 13;
            svg.append("<circle class=\"").append(escape(e.kind())).append("\" cx=\"").append(x(e.at(), first, spanNanos))
                    .append("\" cy=\"").append(y).append("\" r=\"5\" fill=\"")
                    .append(COLOURS.getOrDefault(e.kind(), "#757575")).append("\"><title>")
                    .append(escape(offset(e.at(), first) + " " + e.kind() + " " + e.node() + ": " + e.detail()))
                    .append("</title></circle>\n");
            if (e.kind().equals(LogEvents.ROUTING) && e.detail().startsWith(ROUTES_TO)) {
                // A routed port's lane names where it routes from here on: the picture reads without hovering.
                String target = e.detail().substring(ROUTES_TO.length());
                svg.append("<text x=\"").append(x(e.at(), first, spanNanos) + 7).append("\" y=\"").append(y + 4)
                        .append("\" font-size=\"10\">").append(escape(target.substring(target.indexOf(' ') + 1)))
                        .append("</text>\n");
            }
        }
        svg.append("</svg>\n");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append(" timeline</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}")
                .append("td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #eee;font-size:13px}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        html.append("<p>").append(events.size()).append(" events").append(events.isEmpty() ? "" : ", from "
                + CLOCK.format(first) + " to " + CLOCK.format(last) + " UTC").append(". Hover a mark for its detail;"
                + " bars are outages (killed, stopped or paused until started again).</p>\n");
        html.append(svg);
        html.append("<table>\n<tr><th>time (UTC)</th><th>since first</th><th>kind</th><th>node</th><th>detail</th></tr>\n");
        for (Timeline.Event e : events) {
            html.append("<tr><td>").append(CLOCK.format(e.at())).append("</td><td>").append(offset(e.at(), first))
                    .append("</td><td>").append(escape(e.kind())).append("</td><td>").append(escape(lane(e)))
                    .append("</td><td>").append(escape(e.detail())).append("</td></tr>\n");
        }
        html.append("</table>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The whole cluster's lane first, then the nodes in the order of their names, shard 2 before shard 10. */
    static List<String> lanes(List<Timeline.Event> events) {
        Set<String> nodes = new TreeSet<>(TimelinePage::byNumbers);
        boolean clusterLane = false;
        for (Timeline.Event e : events) {
            if (e.node().equals(Timeline.WHOLE_CLUSTER)) {
                clusterLane = true;
            } else {
                nodes.add(e.node());
            }
        }
        List<String> lanes = new ArrayList<>();
        if (clusterLane) {
            lanes.add(CLUSTER_LANE);
        }
        lanes.addAll(nodes);
        return lanes;
    }

    private static String lane(Timeline.Event e) {
        return e.node().equals(Timeline.WHOLE_CLUSTER) ? CLUSTER_LANE : e.node();
    }

    /** A node's outages: from a kill, stop or pause to the next start or unpause, or to the end. */
    private static void outages(StringBuilder svg, List<Timeline.Event> events, List<String> lanes, Instant first,
                                long spanNanos) {
        Map<String, Instant> down = new LinkedHashMap<>();
        List<Outage> bars = new ArrayList<>();
        for (Timeline.Event e : events) {
            if (Timeline.OUTAGES.contains(e.kind())) {
                down.putIfAbsent(e.node(), e.at());
            } else if (Timeline.IN_OR_OUT_OF_SERVICE.contains(e.kind()) && down.containsKey(e.node())) {
                bars.add(new Outage(e.node(), down.remove(e.node()), e.at()));
            }
        }
        Instant end = events.isEmpty() ? first : events.get(events.size() - 1).at();
        down.forEach((node, from) -> bars.add(new Outage(node, from, end)));
        bars.sort(Comparator.comparing(Outage::from));
        for (Outage bar : bars) {
            int y = TOP + lanes.indexOf(bar.node()) * LANE_HEIGHT + 7;
            int from = x(bar.from(), first, spanNanos);
            int to = Math.max(from + 2, x(bar.to(), first, spanNanos));
            svg.append("<rect class=\"outage\" x=\"").append(from).append("\" y=\"").append(y).append("\" width=\"")
                    .append(to - from).append("\" height=\"12\" fill=\"#ffcdd2\"/>\n");
        }
    }

    private static void axis(StringBuilder svg, long spanNanos, int height) {
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            int x = LABEL_WIDTH + (int) ((long) (WIDTH - 10 - LABEL_WIDTH) * i / ticks);
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(TOP - 8).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(height - 10).append("\" stroke=\"#f0f0f0\"/>\n");
            // The last label ends at its tick, so that it stays inside the picture.
            svg.append("<text x=\"").append(x).append("\" y=\"").append(TOP - 12).append("\" text-anchor=\"")
                    .append(i == ticks ? "end" : "middle").append("\">+")
                    .append(seconds(spanNanos * i / ticks)).append("</text>\n");
        }
    }

    private static int x(Instant at, Instant first, long spanNanos) {
        long nanos = Duration.between(first, at).toNanos();
        return LABEL_WIDTH + (int) Math.round((double) (WIDTH - 10 - LABEL_WIDTH) * nanos / spanNanos);
    }

    private static String offset(Instant at, Instant first) {
        return "+" + seconds(Duration.between(first, at).toNanos());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** Names compared with their numbers as numbers: {@code shard-2} before {@code shard-10}. */
    private static int byNumbers(String a, String b) {
        return padded(a).compareTo(padded(b));
    }

    private static String padded(String name) {
        Matcher m = NUMBER.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "0".repeat(Math.max(0, 12 - m.group().length())) + m.group());
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
