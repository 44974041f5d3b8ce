package io.github.redisclustertestkit.internal.readiness.cluster;

/**
 * Where a cluster node is reached, as {@code CLUSTER NODES} and clients name it.
 *
 * @param host an IP address or host name
 * @param port the client port
 */
public record NodeAddress(String host, int port) {

    /** {@return {@code host:port}} */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
