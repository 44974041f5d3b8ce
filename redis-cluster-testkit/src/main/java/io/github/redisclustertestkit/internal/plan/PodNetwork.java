package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.NetworkMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge network of one cluster in {@code NetworkMode.POD}: its own /24, with the pod
 * container at a fixed address in it, so that the rendered configs can bind that address before
 * the pod exists.
 *
 * @param name           the Docker network's name
 * @param subnet         like {@code 10.167.33.0/24}
 * @param podAddress     the pod container's address on it (the first after the gateway)
 * @param publishAddress the host address the pod publishes every port on (127.0.0.1 unless a wildcard was chosen)
 */
public record PodNetwork(String name, String subnet, String podAddress, String publishAddress) {

    /**
     * Subnets come from 10.128.0.0/9, one /24 per candidate: far from Docker's default pools
     * (172.17-31.x, 192.168.x) and from most home and office networks.
     */
    private static final int FIRST_OCTET = 10;
    private static final int SECOND_OCTET_BASE = 128;
    /** 10.128.0.0/9 holds 2^15 /24s: exactly one per port number below 32768. */
    private static final int SUBNETS = 1 << 15;
    /** A step that is odd, hence coprime with {@link #SUBNETS}: the candidates of one port never repeat. */
    private static final int RETRY_STEP = 4099;
    /** How many subnets a start tries before it gives up (each failure is an overlap with a network that exists). */
    public static final int CANDIDATES = 8;
    /** How many candidates {@link #candidates} looks at, at most, to find those that no route overlaps. */
    static final int SCANNED = 64;

    /**
     * Candidate {@code attempt} for the cluster whose port block starts at {@code firstPort}.
     * Two live clusters never share a first port (it is published on this machine), so their
     * first candidates differ; a later one is tried only when Docker reports an overlap.
     *
     * @param bindAddress the user's {@code bindAddress}, or null
     * @throws IllegalArgumentException if that address cannot be combined with the pod mode
     */
    public static PodNetwork candidate(String clusterId, int firstPort, int attempt, String bindAddress) {
        int index = Math.floorMod(firstPort + attempt * RETRY_STEP, SUBNETS);
        String prefix = FIRST_OCTET + "." + (SECOND_OCTET_BASE + index / 256) + "." + (index % 256) + ".";
        return new PodNetwork("rct-" + clusterId, prefix + "0/24", prefix + "2", publishAddress(bindAddress));
    }

    /**
     * The nodes announce 127.0.0.1, so clients must reach the published ports there: on 127.0.0.1
     * alone (the default), or on every interface for a wildcard.
     */
    static String publishAddress(String bindAddress) {
        if (bindAddress == null || NetworkMode.POD_BIND_ADDRESSES.contains(bindAddress)) {
            return bindAddress == null ? Addresses.LOOPBACK_IPV4 : bindAddress;
        }
        // Only AUTO gets here (validate() rejects the combination with POD): host networking did not reach.
        throw new IllegalArgumentException("bindAddress " + bindAddress + " needs host networking, which does not"
                + " reach this JVM, and the pod mode that networkMode AUTO falls back to publishes only on 127.0.0.1 or"
                + " 0.0.0.0. Leave bindAddress unset, or enable host networking (Docker Desktop: Settings > Resources"
                + " > Network > Enable host networking)");
    }

    /**
     * The subnets to try, in order: up to {@link #CANDIDATES}, skipping those that overlap a route
     * of this machine (a VPN's or an office network's 10.x route: Docker compares only with its own
     * networks, and a bridge there would shadow the route while the cluster runs). Bounded: at most
     * {@link #SCANNED} candidates are looked at; empty if every one overlaps a route.
     *
     * @param routes this machine's routes (see {@link #routes(String)}), empty where they are unknown
     */
    public static List<PodNetwork> candidates(String clusterId, int firstPort, String bindAddress, List<Route> routes) {
        List<PodNetwork> usable = new ArrayList<>();
        for (int attempt = 0; attempt < SCANNED && usable.size() < CANDIDATES; attempt++) {
            PodNetwork network = candidate(clusterId, firstPort, attempt, bindAddress);
            if (network.overlapping(routes).isEmpty()) {
                usable.add(network);
            }
        }
        return usable;
    }

    /** The first of {@code routes} whose destination overlaps this network's subnet. */
    public Optional<Route> overlapping(List<Route> routes) {
        int network = Route.parseIpv4(subnet.substring(0, subnet.indexOf('/')));
        return routes.stream().filter(r -> r.overlaps(network, 0xFFFFFF00)).findFirst();
    }

    /**
     * A route of this machine: {@code destination/mask}, from {@code /proc/net/route}.
     *
     * @param destination the network, as an int in network order (first octet highest)
     * @param mask        the netmask, likewise
     * @param iface       the interface it leaves by, for messages
     */
    public record Route(int destination, int mask, String iface) {

        boolean overlaps(int network, int networkMask) {
            int common = mask & networkMask; // the shorter prefix: two prefixes overlap iff they agree on it
            return (destination & common) == (network & common);
        }

        static int parseIpv4(String address) {
            String[] octets = address.split("\\.");
            int value = 0;
            for (String octet : octets) {
                value = (value << 8) | Integer.parseInt(octet);
            }
            return value;
        }

        @Override
        public String toString() {
            return ipv4(destination) + "/" + Integer.bitCount(mask) + " (" + iface + ")";
        }

        private static String ipv4(int value) {
            return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
        }
    }

    /**
     * The routes in the content of Linux's {@code /proc/net/route}, but the default route (mask 0,
     * which every subnet "overlaps" without being shadowed by it). Addresses there are hex in the
     * kernel's byte order (little-endian on the machines Docker runs on). Malformed lines are skipped.
     */
    public static List<Route> routes(String procNetRoute) {
        List<Route> routes = new ArrayList<>();
        for (String line : procNetRoute.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) {
                continue;
            }
            try {
                int destination = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
                int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
                if (mask != 0) {
                    routes.add(new Route(destination, mask, f[0]));
                }
            } catch (NumberFormatException malformed) {
                // not a route line
            }
        }
        return routes;
    }

    /** The gateway Docker gives the network: the first address, which the pod must not take. */
    public String gateway() {
        return podAddress.substring(0, podAddress.lastIndexOf('.')) + ".1";
    }
}
