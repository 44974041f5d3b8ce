package io.github.redisclustertestkit.internal.containers;

import java.util.stream.Collectors;

/**
 * The one shape of every failure message: a headline that names the node (shard, role, port,
 * image: {@link NodeContainer#describe()}) and what went wrong, then one indented line per fact
 * ({@code awaited}, {@code last seen}, {@code cause}, ...), the node's last log lines indented
 * once more, and the cluster's diagnostics below. Tests and users grep these words; keeping them
 * in one place keeps them the same everywhere.
 */
public final class FailureReport {

    private final StringBuilder text;

    private FailureReport(String headline) {
        this.text = new StringBuilder(headline);
    }

    /** A report that begins with {@code headline}, such as {@code shard-0 redis-1 (...) exited while ...}. */
    public static FailureReport of(String headline) {
        return new FailureReport(headline);
    }

    /** Adds {@code \n  label: value}; nothing if {@code value} is null. */
    public FailureReport with(String label, Object value) {
        if (value != null) {
            text.append("\n  ").append(label).append(": ").append(value);
        }
        return this;
    }

    /** Adds the node's last log lines under {@code \n  last log lines:}. */
    public FailureReport logs(NodeContainer node) {
        return logs("last log lines", node.lastLogLines(NodeContainer.LOG_LINES));
    }

    /** Adds {@code lines} under {@code \n  label:}, each indented. */
    public FailureReport logs(String label, String lines) {
        text.append("\n  ").append(label).append(":\n").append(indent(lines));
        return this;
    }

    /** Adds a block of its own on the next line, such as the cluster's diagnostics. */
    public FailureReport then(String block) {
        text.append('\n').append(block);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Every line of {@code text} indented as log lines are in a report. */
    public static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }
}
