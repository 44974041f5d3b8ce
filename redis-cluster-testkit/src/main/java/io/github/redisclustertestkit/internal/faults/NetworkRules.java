package io.github.redisclustertestkit.internal.faults;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iptables rules that cut traffic between one cluster's nodes, as shell scripts for the
 * helper container. Pure: no Docker.
 * <p>
 * Every rule of cluster {@code id} sits in a chain of its own, {@code RCT-id}, reached from
 * {@code INPUT} by one jump that matches only loopback traffic. Each rule and the jump carry the
 * comment {@code rct-id}, and every rule names a source and a destination address of the
 * cluster's own nodes (127.82.0.0/16): nothing else is ever dropped. Removing the jump and the
 * chain removes everything, which is how heal, close and the orphan sweep undo it.
 */
public final class NetworkRules {

    /** The per-node addresses' range; a rule naming anything else is refused (see {@link #apply}). */
    private static final Pattern NODE_ADDRESS = Pattern.compile("127\\.82\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]{8}");
    private static final Pattern CHAIN_LINE = Pattern.compile("^:RCT-([a-z0-9]{8}) ", Pattern.MULTILINE);

    private NetworkRules() {
    }

    /** Packets from {@code from} to {@code to} are dropped (both are node addresses). */
    public record Cut(String from, String to) implements Comparable<Cut> {
        public Cut {
            requireNodeAddress(from);
            requireNodeAddress(to);
        }

        @Override
        public int compareTo(Cut other) {
            int byFrom = from.compareTo(other.from);
            return byFrom != 0 ? byFrom : to.compareTo(other.to);
        }
    }

    /**
     * The nodes of {@code among} whose view of the cluster the cuts may hold back for as long as
     * they last: a node cut from half of the nodes or more, so in contact with no majority (an
     * {@code isolate}d node, or a side of an even split), and both ends of any other cut. What is
     * left knows of no cut but those to an isolated node, which the rest of the cluster treats as
     * down. A cut either way counts, as TCP needs both directions.
     */
    public static Set<String> outOfContact(Collection<Cut> cuts, Collection<String> among) {
        Set<String> isolated = new TreeSet<>();
        for (String node : among) {
            long lost = among.stream().filter(peer -> !peer.equals(node) && between(cuts, node, peer)).count();
            if (lost * 2 >= among.size()) {
                isolated.add(node);
            }
        }
        Set<String> out = new TreeSet<>(isolated);
        for (Cut cut : cuts) {
            if (!isolated.contains(cut.from()) && !isolated.contains(cut.to())) {
                out.add(cut.from());
                out.add(cut.to());
            }
        }
        out.retainAll(among);
        return out;
    }

    private static boolean between(Collection<Cut> cuts, String a, String b) {
        return cuts.stream().anyMatch(c -> c.from().equals(a) && c.to().equals(b)
                || c.from().equals(b) && c.to().equals(a));
    }

    static String chain(String clusterId) {
        return "RCT-" + requireClusterId(clusterId);
    }

    static String comment(String clusterId) {
        return "rct-" + requireClusterId(clusterId);
    }

    /**
     * Makes the cluster's chain hold exactly {@code cuts}: one {@code iptables-restore --noflush}
     * replaces the chain's rules at once (no moment without the rules that stay), then the jump
     * from INPUT is added unless it is there. {@code -w}: other clusters' helpers may run at the same time.
     */
    public static String apply(String clusterId, Collection<Cut> cuts) {
        String chain = chain(clusterId);
        String comment = comment(clusterId);
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("iptables-restore -w 5 --noflush <<'RULES'\n*filter\n:").append(chain).append(" - [0:0]\n");
        for (Cut cut : new TreeSet<>(cuts)) {
            script.append("-A ").append(chain).append(" -s ").append(cut.from()).append("/32 -d ").append(cut.to())
                    .append("/32 -i lo -m comment --comment ").append(comment).append(" -j DROP\n");
        }
        script.append("COMMIT\nRULES\n");
        String jump = "INPUT -i lo -m comment --comment " + comment + " -j " + chain;
        script.append("iptables -w 5 -C ").append(jump).append(" 2>/dev/null || iptables -w 5 -I ").append(jump)
                .append('\n');
        return script.toString();
    }

    /**
     * Removes every jump to the cluster's chain, then the chain; succeeds if there was none. Prints
     * {@link #REMOVED} if there was a chain: see {@link #removed(String)}.
     */
    public static String remove(String clusterId) {
        String chain = chain(clusterId);
        String jump = "INPUT -i lo -m comment --comment " + comment(clusterId) + " -j " + chain;
        return "n=0; while [ $n -lt 100 ] && iptables -w 5 -D " + jump + " 2>/dev/null; do n=$((n+1)); done\n"
                + "if iptables -w 5 -n -L " + chain + " >/dev/null 2>&1; then iptables -w 5 -F " + chain
                + " && iptables -w 5 -X " + chain + " && echo " + REMOVED + "; fi\n";
    }

    /** What {@link #remove(String)} prints when it removed a chain. */
    static final String REMOVED = "rct-rules-removed";

    /** {@return whether the output of {@link #remove(String)} says that it removed rules} */
    public static boolean removed(String output) {
        return output.lines().anyMatch(REMOVED::equals);
    }

    /** Prints the filter table, for {@link #clusterIds(String)}. */
    public static String list() {
        return "iptables-save -t filter\n";
    }

    /** The ids of the clusters that have a chain in {@code iptables-save} output. */
    public static Set<String> clusterIds(String iptablesSave) {
        Set<String> ids = new TreeSet<>();
        Matcher m = CHAIN_LINE.matcher(iptablesSave);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Whether {@code iptables-save} output holds any rule or chain of the cluster. */
    public static boolean hasRules(String iptablesSave, String clusterId) {
        return iptablesSave.contains(comment(clusterId)) || iptablesSave.contains(":" + chain(clusterId) + " ");
    }

    private static void requireNodeAddress(String address) {
        if (address == null || !NODE_ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("a network rule may only name a node's own loopback address"
                    + " (127.82.x.y), not " + address);
        }
    }

    private static String requireClusterId(String clusterId) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("not a cluster id (eight base-36 digits): " + clusterId);
        }
        return clusterId;
    }
}
