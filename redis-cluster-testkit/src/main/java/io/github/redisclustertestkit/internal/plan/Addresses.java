package io.github.redisclustertestkit.internal.plan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a cluster listens and how it is reached. Under host networking every listener is on the
 * Docker host's interfaces, so nothing may bind a wildcard unless the user asks for it.
 *
 * @param bind       the address every listener binds: Redis nodes, Sentinels, HAProxy's ports, its
 *                   stats page and its runtime API
 * @param nodeHost   the address nodes reach each other at, and so the one Sentinels announce
 * @param clientHost the address endpoints name, and the one readiness probes connect to
 * @param perNode    every node has a loopback address of its own ({@link #ofNode(int)}), which it
 *                   listens on, connects from and is named by; the three above are then unused
 */
public record Addresses(String bind, String nodeHost, String clientHost, boolean perNode) {

    /**
     * The second octet of every per-node address: 127.82.0.0/16 holds nothing but nodes of
     * clusters with network faults, so a rule between two of them never touches other traffic.
     */
    static final int PER_NODE_OCTET = 82;

    public Addresses(String bind, String nodeHost, String clientHost) {
        this(bind, nodeHost, clientHost, false);
    }

    /**
     * A loopback address per node, for network faults. Loopback only, so the Docker host must be
     * this machine.
     *
     * @throws IllegalArgumentException when the Docker host is not this machine
     */
    public static Addresses perNode(String dockerHost, InetAddress dockerHostAddress) {
        if (dockerHostAddress == null || !dockerHostAddress.isLoopbackAddress()) {
            throw new IllegalArgumentException("networkFaults needs the Docker engine on this machine: every node"
                    + " gets a 127.x.y.z address of its own and rules on this machine's loopback cut traffic between"
                    + " them, but the Docker host is '" + dockerHost + "'. Use a local Linux Docker engine, or turn"
                    + " networkFaults off (kill, stop and pause still work)");
        }
        return new Addresses(LOOPBACK_IPV4, LOOPBACK_IPV4, LOOPBACK_IPV4, true);
    }

    /**
     * The node's own address: 127.82.(port / 256).(port % 256), from the port it (or, for HAProxy,
     * its runtime API) listens on. Ports are unique among the clusters on this machine (a taken
     * one fails the bind and is re-planned), so these addresses are too, across JVMs as well.
     */
    public static String ofNode(int port) {
        return "127." + PER_NODE_OCTET + "." + (port >> 8) + "." + (port & 0xff);
    }

    /** What the node listening on {@code port} binds. */
    public String bind(int port) {
        return perNode ? ofNode(port) : bind;
    }

    /** Where other nodes reach the node listening on {@code port}, and so what it is announced as. */
    public String nodeHost(int port) {
        return perNode ? ofNode(port) : nodeHost;
    }

    /** Where the endpoints and probes reach the node listening on {@code port}. */
    public String clientHost(int port) {
        return perNode ? ofNode(port) : clientHost;
    }

    /** The address the node listening on {@code port} connects from, or null to let the kernel choose. */
    public String sourceAddress(int port) {
        return perNode ? ofNode(port) : sourceAddress();
    }

    static final String LOOPBACK_IPV4 = "127.0.0.1";
    static final String LOOPBACK_IPV6 = "::1";

    /**
     * The one place where the default is decided: a Docker host on this machine binds 127.0.0.1;
     * a remote one binds its own address, the one clients here reach it at. A wildcard chosen by
     * the user listens everywhere; the nodes then talk over loopback on this machine, and over
     * the remote Docker host's address, which clients handed a Sentinel's answer can reach too.
     *
     * @param chosen            the user's {@code bindAddress} (a validated IP literal), or null
     * @param dockerHost        the Docker host as Testcontainers names it ("localhost", a name, an IP)
     * @param dockerHostAddress what {@code dockerHost} resolves to, or null if it does not resolve
     * @throws IllegalStateException    when the Docker host does not resolve and no specific address was chosen
     * @throws IllegalArgumentException when a loopback address is chosen and the Docker host is not this machine,
     *                                  or a wildcard of one address family while a remote Docker host resolves to the other
     */
    public static Addresses resolve(String chosen, String dockerHost, InetAddress dockerHostAddress) {
        boolean local = dockerHostAddress != null && dockerHostAddress.isLoopbackAddress();
        if (chosen == null) {
            if (local) {
                return new Addresses(LOOPBACK_IPV4, LOOPBACK_IPV4, LOOPBACK_IPV4);
            }
            String address = requireResolved(dockerHost, dockerHostAddress, "there is no default address to listen on");
            return new Addresses(address, address, dockerHost);
        }
        if (isWildcard(chosen)) {
            String loopback = chosen.contains(":") ? LOOPBACK_IPV6 : LOOPBACK_IPV4;
            if (local) {
                return new Addresses(chosen, loopback, loopback);
            }
            String address = requireResolved(dockerHost, dockerHostAddress,
                    "there is no address for the nodes to announce to clients");
            if (chosen.contains(":") != address.contains(":")) {
                // Redis sets IPV6_V6ONLY: a wildcard listens on its own family only.
                String matching = address.contains(":") ? "::" : "0.0.0.0";
                throw new IllegalArgumentException("bindAddress " + chosen + " listens on one address family only,"
                        + " but the Docker host '" + dockerHost + "' resolves to " + address + ", which the nodes"
                        + " announce. Use withBindAddress(\"" + matching + "\") (annotation: bindAddress, CLI: up"
                        + " --bind " + matching + ")");
            }
            return new Addresses(chosen, address, dockerHost);
        }
        if (!local && isLoopback(chosen)) {
            throw new IllegalArgumentException("bindAddress " + chosen + " is a loopback address, but the Docker host '"
                    + dockerHost + "' is not this machine: the nodes would listen on its loopback, and the endpoints"
                    + " would name this machine's. Use withBindAddress(\"IP\") (annotation: bindAddress, CLI: up"
                    + " --bind IP) with an address of the Docker host, or \"0.0.0.0\" for every interface");
        }
        return new Addresses(chosen, chosen, chosen);
    }

    private static String requireResolved(String dockerHost, InetAddress dockerHostAddress, String consequence) {
        if (dockerHostAddress == null) {
            throw new IllegalStateException("the Docker host '" + dockerHost + "' does not resolve to an address,"
                    + " so " + consequence + ". Use withBindAddress(\"IP\") (CLI: up --bind IP) with an address"
                    + " of the Docker host");
        }
        return dockerHostAddress.getHostAddress();
    }

    /** 127.0.0.0/8 or ::1 (a validated literal: no name lookup). */
    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /**
     * Inside a pod ({@code NetworkMode.POD}): nodes know each other as 127.0.0.1, which the pod's
     * same-number published ports make right on this machine too; every listener also binds the
     * pod's bridge address, where the published ports arrive. The namespace is the cluster's own.
     */
    public static Addresses inPod(String podAddress) {
        return new Addresses(LOOPBACK_IPV4 + " " + podAddress, LOOPBACK_IPV4, LOOPBACK_IPV4);
    }

    /** Every address {@link #bind()} names (Redis takes them space-separated, HAProxy one by one). */
    public List<String> bindAll() {
        return List.of(bind.split(" "));
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

    /**
     * {@code ipv4@a:port} or {@code ipv6@a:port}: HAProxy's address syntax, with the family said out
     * loud; several space-separated addresses become the comma-separated list a {@code bind} line takes.
     */
    static String haproxy(String address, int port) {
        return Stream.of(address.split(" "))
                .map(a -> (a.contains(":") ? "ipv6@" : "ipv4@") + a + ":" + port)
                .collect(Collectors.joining(","));
    }
}
