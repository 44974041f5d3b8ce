package io.github.redisclustertestkit.plan;

import java.net.InetAddress;

/**
 * Where a cluster listens and how it is reached. Under host networking every listener is on the
 * Docker host's interfaces, so nothing may bind a wildcard unless the user asks for it.
 *
 * @param bind       the address every listener binds: Redis nodes, Sentinels, HAProxy's ports, its
 *                   stats page and its runtime API
 * @param nodeHost   the address nodes reach each other at, and so the one Sentinels announce
 * @param clientHost the address endpoints name, and the one readiness probes connect to
 */
public record Addresses(String bind, String nodeHost, String clientHost) {

    static final String LOOPBACK_IPV4 = "127.0.0.1";
    static final String LOOPBACK_IPV6 = "::1";

    /**
     * The one place where the default is decided: a Docker host on this machine binds 127.0.0.1;
     * a remote one binds its own address, the one clients here reach it at. A wildcard chosen by
     * the user listens everywhere, and the nodes keep talking over loopback.
     *
     * @param chosen            the user's {@code bindAddress} (a validated IP literal), or null
     * @param dockerHost        the Docker host as Testcontainers names it ("localhost", a name, an IP)
     * @param dockerHostAddress what {@code dockerHost} resolves to, or null if it does not resolve
     * @throws IllegalStateException when nothing was chosen and the Docker host does not resolve
     */
    public static Addresses resolve(String chosen, String dockerHost, InetAddress dockerHostAddress) {
        boolean local = dockerHostAddress != null && dockerHostAddress.isLoopbackAddress();
        if (chosen == null) {
            if (local) {
                return new Addresses(LOOPBACK_IPV4, LOOPBACK_IPV4, LOOPBACK_IPV4);
            }
            if (dockerHostAddress == null) {
                throw new IllegalStateException("the Docker host '" + dockerHost + "' does not resolve to an address,"
                        + " so there is no default address to listen on. Use withBindAddress(\"IP\") (launcher:"
                        + " --bind IP) with an address of the Docker host, or \"0.0.0.0\" for every interface");
            }
            String address = dockerHostAddress.getHostAddress();
            return new Addresses(address, address, dockerHost);
        }
        if (isWildcard(chosen)) {
            String loopback = chosen.contains(":") ? LOOPBACK_IPV6 : LOOPBACK_IPV4;
            return new Addresses(chosen, loopback, local ? loopback : dockerHost);
        }
        return new Addresses(chosen, chosen, chosen);
    }

    /**
     * The address nodes must connect from, or null to let the kernel choose. The kernel picks
     * 127.0.0.1 as the source for every 127.0.0.0/8 destination, but masters and Sentinels name a
     * peer by the address it connects from: one bound to 127.0.0.2 would be named unreachably.
     */
    public String sourceAddress() {
        return nodeHost.startsWith("127.") && !nodeHost.equals(LOOPBACK_IPV4) ? nodeHost : null;
    }

    /** 0.0.0.0 or :: in any spelling: of a valid literal, only these consist of zeros alone. */
    private static boolean isWildcard(String address) {
        return address.chars().allMatch(c -> c == '0' || c == '.' || c == ':');
    }

    /** {@code ipv4@a:port} or {@code ipv6@a:port}: HAProxy's address syntax, with the family said out loud. */
    static String haproxy(String address, int port) {
        return (address.contains(":") ? "ipv6@" : "ipv4@") + address + ":" + port;
    }
}
