package io.github.redisclustertestkit.internal.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flavour and version of the server an image runs, such as Valkey 8.1.1 (the public
 * {@code Server} is its view for users).
 *
 * @param flavour Redis or Valkey
 * @param version as the server reports it, like {@code 8.1.1}
 */
public record Server(ServerFlavour flavour, String version) {

    /**
     * Precedes, in the probe's output, what the server said when started with {@code --port 0
     * --tls-port 0}: a server built with TLS takes the directive and exits because it listens
     * nowhere; one built without refuses the directive.
     */
    public static final String TLS_PROBE = "tls-probe: ";
    private static final String LISTENS_NOWHERE = "not listen anywhere";

    /** {@code v=7.0.15} in the first line of {@code redis-server --version} (and Valkey's). */
    private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+)\\.(\\d+)(\\.\\d+)?\\S*");

    /**
     * Reads what the image-probing command printed: the program it found on the image's PATH,
     * a space, then that program's {@code --version} output.
     *
     * @return empty if the image has neither {@code valkey-server} nor {@code redis-server}
     * @throws IllegalArgumentException if the program's output has no version
     */
    public static Optional<Server> parseProbe(String output) {
        String text = output.strip();
        for (ServerFlavour flavour : ServerFlavour.values()) {
            if (text.startsWith(flavour.serverProgram() + " ")) {
                Matcher m = VERSION.matcher(text);
                if (!m.find()) {
                    throw new IllegalArgumentException(flavour.serverProgram() + " --version printed no version (v=X.Y.Z): "
                            + text.lines().findFirst().orElse(""));
                }
                return Optional.of(new Server(flavour, m.group().substring(2)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the probed server was built with TLS: it took {@code tls-port}. Output without the TLS
     * probe says no.
     */
    public static boolean tlsBuiltIn(String probeOutput) {
        int at = probeOutput.indexOf(TLS_PROBE);
        return at >= 0 && probeOutput.indexOf(LISTENS_NOWHERE, at) >= 0;
    }

    /** What the server said to the TLS probe, for an error message. */
    public static String tlsProbeAnswer(String probeOutput) {
        int at = probeOutput.indexOf(TLS_PROBE);
        return at < 0 ? "(no answer)" : probeOutput.substring(at + TLS_PROBE.length()).strip();
    }

    /** The flavour's oldest supported version or newer. */
    public boolean isSupported() {
        Matcher m = VERSION.matcher("v=" + version);
        return m.find() && flavour.supports(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Whether Sentinel takes {@code SENTINEL DEBUG} (Redis 7.0+, every Valkey), the only way to
     * shorten its INFO, ping and hello periods.
     */
    public boolean hasSentinelDebug() {
        return flavour == ServerFlavour.VALKEY || major() >= 7;
    }

    /**
     * Whether the server takes {@code bind-source-addr} (Redis 7.0+, every Valkey), which a bind
     * address in 127.0.0.0/8 other than 127.0.0.1 needs.
     */
    public boolean hasBindSourceAddr() {
        return flavour == ServerFlavour.VALKEY || major() >= 7;
    }

    /** Whether Sentinel takes {@code sentinel auth-user}, which ACL users need: Redis 6.2+, every Valkey. */
    public boolean hasSentinelAuthUser() {
        return hasPubSubAcl();
    }

    /** Whether ACL rules take channels ({@code &pattern}): Redis 6.2+, every Valkey. */
    public boolean hasPubSubAcl() {
        Matcher m = VERSION.matcher("v=" + version);
        return flavour == ServerFlavour.VALKEY || m.find() && (Integer.parseInt(m.group(1)) > 6
                || Integer.parseInt(m.group(1)) == 6 && Integer.parseInt(m.group(2)) >= 2);
    }

    /** Whether the server takes {@code cluster-port} (Redis 7.0+, every Valkey): a native Redis Cluster needs it. */
    public boolean hasClusterPort() {
        return flavour == ServerFlavour.VALKEY || major() >= 7;
    }

    private int major() {
        Matcher m = VERSION.matcher("v=" + version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Like {@code Valkey 8.1.1}. */
    @Override
    public String toString() {
        return flavour.displayName() + " " + version;
    }
}
