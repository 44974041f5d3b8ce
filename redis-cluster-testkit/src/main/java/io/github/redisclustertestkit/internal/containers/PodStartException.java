package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.RedisClusterException;
import io.github.redisclustertestkit.internal.plan.PodNetwork;

import java.util.Locale;

/**
 * The pod container of a cluster in {@code NetworkMode.POD} failed to start; a subclass only so
 * that a start can tell a port published meanwhile by another process and try other ports.
 */
public final class PodStartException extends RedisClusterException {

    private static final long serialVersionUID = 1L;

    PodStartException(PodNetwork network, Throwable cause) {
        super("the pod container on network " + network.name() + " (" + network.subnet() + ", publishing on "
                + network.publishAddress() + ") failed to start: " + cause.getMessage(), cause);
    }

    /** Docker could not publish a port: another process took it after the port check. */
    public boolean portTaken() {
        String message = String.valueOf(getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("address already in use") || message.contains("port is already allocated");
    }
}
