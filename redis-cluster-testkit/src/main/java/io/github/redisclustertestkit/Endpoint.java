package io.github.redisclustertestkit;

/**
 * A place to connect to: host and port. {@code toString()} gives {@code host:port}.
 *
 * @param host an IP address or host name
 * @param port a TCP port, 1 to 65535
 * @since 0.1.0
 */
public record Endpoint(String host, int port) {

    /**
     * Checks both parts.
     *
     * @param host an IP address or host name, not blank
     * @param port a TCP port, 1 to 65535
     * @throws IllegalArgumentException if the host is null or blank, or the port is out of range
     */
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 (was " + port + ")");
        }
    }

    /** {@return {@code host:port}} */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
