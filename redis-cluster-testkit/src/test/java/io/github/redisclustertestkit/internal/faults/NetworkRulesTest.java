package io.github.redisclustertestkit.internal.faults;

import io.github.redisclustertestkit.internal.faults.NetworkRules.Cut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NetworkRulesTest {

    @Test
    void everyRuleIsOnLoopbackBetweenTwoNodeAddressesWithTheClusterComment() {
        String script = NetworkRules.apply("ab12cd34", List.of(new Cut("127.82.78.33", "127.82.78.32"),
                new Cut("127.82.78.32", "127.82.78.33")));
        assertThat(script).contains("iptables-restore -w 5 --noflush <<'RULES'\n*filter\n:RCT-ab12cd34 - [0:0]\n",
                "-A RCT-ab12cd34 -s 127.82.78.32/32 -d 127.82.78.33/32 -i lo -m comment --comment rct-ab12cd34 -j DROP\n",
                "-A RCT-ab12cd34 -s 127.82.78.33/32 -d 127.82.78.32/32 -i lo -m comment --comment rct-ab12cd34 -j DROP\n",
                "iptables -w 5 -C INPUT -i lo -m comment --comment rct-ab12cd34 -j RCT-ab12cd34 2>/dev/null"
                        + " || iptables -w 5 -I INPUT -i lo -m comment --comment rct-ab12cd34 -j RCT-ab12cd34\n");
        assertThat(script.lines().filter(l -> l.startsWith("-A ")))
                .allMatch(l -> l.contains(" -i lo ") && l.contains("--comment rct-ab12cd34") && l.endsWith("-j DROP"));
    }

    @Test
    void outOfContactAreIsolatedNodesAndBothEndsOfEveryOtherCut() {
        List<String> six = List.of("127.82.0.1", "127.82.0.2", "127.82.0.3", "127.82.0.4", "127.82.0.5", "127.82.0.6");
        assertThat(NetworkRules.outOfContact(List.of(), six)).isEmpty();
        // isolate(first): cut both ways from every other node; the five others stay in contact.
        assertThat(NetworkRules.outOfContact(isolating("127.82.0.1", six), six)).containsExactly("127.82.0.1");
        // One way is enough; a cut between two nodes that are each in contact with most keeps both out.
        assertThat(NetworkRules.outOfContact(List.of(new Cut("127.82.0.2", "127.82.0.3")), six))
                .containsExactly("127.82.0.2", "127.82.0.3");
        // partition({1}, {2, 3}) leaves 1 in contact with 4 of 6: not isolated, and 1, 2, 3 are out.
        List<Cut> oneFromTwo = new ArrayList<>();
        for (String other : List.of("127.82.0.2", "127.82.0.3")) {
            oneFromTwo.add(new Cut("127.82.0.1", other));
            oneFromTwo.add(new Cut(other, "127.82.0.1"));
        }
        assertThat(NetworkRules.outOfContact(oneFromTwo, six))
                .containsExactly("127.82.0.1", "127.82.0.2", "127.82.0.3");
        // Three masters alone: isolating one leaves the two others in contact with 2 of 3.
        List<String> three = six.subList(0, 3);
        assertThat(NetworkRules.outOfContact(isolating("127.82.0.1", three), three)).containsExactly("127.82.0.1");
        // An even split: every node is in contact with half, on no majority's side.
        List<Cut> split = new ArrayList<>();
        for (String a : six.subList(0, 3)) {
            for (String b : six.subList(3, 6)) {
                split.add(new Cut(a, b));
                split.add(new Cut(b, a));
            }
        }
        assertThat(NetworkRules.outOfContact(split, six)).containsExactlyElementsOf(six);
    }

    private static List<Cut> isolating(String node, List<String> all) {
        List<Cut> cuts = new ArrayList<>();
        for (String other : all) {
            if (!other.equals(node)) {
                cuts.add(new Cut(node, other));
                cuts.add(new Cut(other, node));
            }
        }
        return cuts;
    }

    @Test
    void removalTakesTheJumpAndTheChain() {
        assertThat(NetworkRules.remove("ab12cd34")).contains(
                "iptables -w 5 -D INPUT -i lo -m comment --comment rct-ab12cd34 -j RCT-ab12cd34",
                "iptables -w 5 -F RCT-ab12cd34 && iptables -w 5 -X RCT-ab12cd34 && echo rct-rules-removed");
        assertThat(NetworkRules.removed("rct-rules-removed\n")).isTrue();
        assertThat(NetworkRules.removed("")).isFalse();
    }

    @Test
    void neverAnAddressOutsideTheNodesRangeNorAnOddClusterId() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Cut("127.0.0.1", "127.82.1.2"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Cut("127.82.1.2", "10.0.0.1"));
        assertThatIllegalArgumentException().isThrownBy(() -> NetworkRules.apply("x; rm -rf", List.of()));
    }

    @Test
    void theClustersWithRulesAreReadFromIptablesSave() {
        String save = """
                *filter
                :INPUT ACCEPT [0:0]
                :RCT-ab12cd34 - [0:0]
                :RCT-zz99yy88 - [0:0]
                :DOCKER-USER - [0:0]
                -A INPUT -i lo -m comment --comment rct-ab12cd34 -j RCT-ab12cd34
                COMMIT
                """;
        assertThat(NetworkRules.clusterIds(save)).containsExactly("ab12cd34", "zz99yy88");
        assertThat(NetworkRules.hasRules(save, "ab12cd34")).isTrue();
        assertThat(NetworkRules.hasRules(save, "00000000")).isFalse();
    }
}
