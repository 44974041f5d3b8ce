package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.ClusterFailure;

/**
 * A container of the cluster (a node or the pod) failed to start; a subclass only so that a
 * start can tell a port found taken and try the same start on other ports.
 */
public abstract class ContainerStartException extends ClusterFailure {

    private static final long serialVersionUID = 1L;

    ContainerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure was a port taken by another process: the same start may succeed on other ports. */
    public abstract boolean portTaken();
}
