package io.github.redisclustertestkit.spec;

import java.util.List;

/**
 * How the cluster's containers are networked, and so how clients on this machine reach them.
 *
 * @since 0.1.0
 */
public enum NetworkMode {

    /**
     * Every container uses Docker host networking: the nodes listen on the Docker host's own
     * interfaces. What Linux engines do; Docker Desktop only from 4.34 with host networking
     * enabled (Settings, Resources, Network, Enable host networking).
     */
    HOST,

    /**
     * All containers of a cluster share one network namespace, like a Kubernetes pod: a pod
     * container on a bridge network of the cluster's own publishes every port on this machine's
     * 127.0.0.1 under the same number, so the addresses the nodes announce (127.0.0.1:PORT) are
     * right inside the pod and on the host alike. Works wherever ports can be published (Docker
     * Desktop's default, Colima, Podman); needs a Docker host on this machine.
     */
    POD,

    /** The default: {@link #HOST} if host networking reaches this JVM (checked once per Docker host), else {@link #POD}. */
    AUTO;

    /**
     * The bind addresses a {@link #POD} takes: the address its nodes announce (127.0.0.1), where it
     * publishes by default, or every interface.
     */
    public static final List<String> POD_BIND_ADDRESSES = List.of("127.0.0.1", "0.0.0.0");
}
