package io.github.redisclustertestkit.internal.containers;

/** A node's container failed to start. */
public final class NodeStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient NodeContainer container;

    NodeStartException(NodeContainer container, Throwable cause) {
        super(container.describe() + " failed to start: " + rootMessage(cause), cause);
        this.container = container;
    }

    public NodeContainer container() {
        return container;
    }

    private static String rootMessage(Throwable t) {
        StringBuilder messages = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            messages.append(" <- ").append(c.getMessage());
            t = c;
        }
        return messages.toString();
    }
}
