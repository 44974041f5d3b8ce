package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.plan.PodNetwork;

/** The pod container of a cluster in {@code NetworkMode.POD} failed to start, e.g. a port was published meanwhile. */
public final class PodStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PodStartException(PodNetwork network, Throwable cause) {
        super("the pod container on network " + network.name() + " (" + network.subnet() + ", publishing on "
                + network.publishAddress() + ") failed to start: " + cause.getMessage(), cause);
    }

    /** Docker's userland proxy could not bind a port: another process took it after the port check. */
    public boolean portTaken() {
        return String.valueOf(getMessage()).toLowerCase(java.util.Locale.ROOT).contains("address already in use")
                || String.valueOf(getMessage()).contains("port is already allocated");
    }
}
