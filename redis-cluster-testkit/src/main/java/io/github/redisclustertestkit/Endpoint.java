package io.github.redisclustertestkit;

/** A place to connect to: host and port. {@code toString()} gives {@code host:port}. */
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 (was " + port + ")");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
