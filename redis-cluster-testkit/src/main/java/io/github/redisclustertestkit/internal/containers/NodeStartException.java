package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.spec.Defaults;


/**
 * A node's container failed to start, or exited while the cluster started. The message is the
 * whole diagnosis (the node, what went wrong, a hint where one is known, its last log lines);
 * a {@link ContainerStartException}, so that a start can tell a port found taken and try other ports.
 */
public final class NodeStartException extends ContainerStartException {

    private static final long serialVersionUID = 1L;

    /** What Redis and HAProxy log when the bind address is not one of the Docker host's. */
    private static final String NOT_AN_ADDRESS_HERE = "Cannot assign requested address";

    private final boolean portTaken;

    private NodeStartException(NodeContainer container, String what, String cause, String logs, Throwable e) {
        super(FailureReport.of(container.describe() + " " + what + hint(logs + cause)).with("cause", cause)
                .logs("last log lines", logs).toString(), e);
        this.portTaken = logs.contains("Address already in use")
                || (logs.contains("cannot bind socket") && !logs.contains(NOT_AN_ADDRESS_HERE))
                // A server that is not a Sentinel answered on the Sentinel's port: another process
                // had it, and this Sentinel's own "in use" may not be logged yet.
                || (cause != null && cause.contains("unknown command 'SENTINEL'"));
    }

    /** The container could not be created or started, or did not take its runtime settings. */
    static NodeStartException failedToStart(NodeContainer container, Throwable cause) {
        return new NodeStartException(container, "failed to start", rootMessage(cause),
                container.lastLogLines(NodeContainer.LOG_LINES), cause);
    }

    /** The node started but refused a step that forms the native Redis Cluster. */
    static NodeStartException formationFailed(NodeContainer container, String step, Throwable cause) {
        return new NodeStartException(container, "did not take its part in forming the cluster (" + step + ")",
                rootMessage(cause), container.lastLogLines(NodeContainer.LOG_LINES), cause);
    }

    /** The container was started and is no longer running. */
    public static NodeStartException exited(NodeContainer container, String whileWhat) {
        return new NodeStartException(container, "exited " + whileWhat, null, container.lastLogLines(NodeContainer.LOG_LINES), null);
    }

    /** The node's log says that one of its ports was taken. */
    @Override
    public boolean portTaken() {
        return portTaken;
    }

    private static String hint(String text) {
        if (text.contains(NOT_AN_ADDRESS_HERE)) {
            return ": the bind address is not an address of the Docker host; use withBindAddress(\"IP\") (CLI: up"
                    + " --bind IP) with one of its addresses, or \"0.0.0.0\" for every interface";
        }
        if (text.contains("haproxy") && text.contains("not found")) {
            return ": the image has no haproxy; use an HAProxy 2.6+ image such as " + Defaults.HAPROXY_IMAGE;
        }
        return "";
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
