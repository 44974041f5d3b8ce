package io.github.redisclustertestkit.internal.plan;

/** What a node runs. Whether a Redis node is master or replica changes with failovers. */
public enum NodeKind {
    REDIS("redis"),
    SENTINEL("sentinel"),
    HAPROXY("haproxy");

    private final String label;

    NodeKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
