package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.plan.PodNetwork;

import java.util.Locale;

/**
 * The pod container of a cluster in {@code NetworkMode.POD} failed to start.
 */
public final class PodStartException extends ContainerStartException {

    private static final long serialVersionUID = 1L;

    PodStartException(PodNetwork network, Throwable cause) {
        super("the pod container on network " + network.name() + " (" + network.subnet() + ", publishing on "
                + network.publishAddress() + ") failed to start: " + cause.getMessage(), cause);
    }

    /** Docker could not publish a port: another process took it after the port check. */
    @Override
    public boolean portTaken() {
        String message = String.valueOf(getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("address already in use") || message.contains("port is already allocated");
    }
}
