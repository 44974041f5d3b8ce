package io.github.redisclustertestkit.internal.faults;

import io.github.redisclustertestkit.internal.faults.NetworkRules.Cut;
import org.junit.jupiter.api.Test;

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
    void aNodeIsCutOffWhenCutsLeaveItInContactWithAtMostHalfOfTheNodes() {
        List<String> six = List.of("127.82.0.1", "127.82.0.2", "127.82.0.3", "127.82.0.4", "127.82.0.5", "127.82.0.6");
        // isolate(first): cuts both ways between it and every other node.
        List<Cut> isolated = six.stream().skip(1).flatMap(o -> java.util.stream.Stream.of(new Cut("127.82.0.1", o),
                new Cut(o, "127.82.0.1"))).toList();
        assertThat(six).filteredOn(a -> NetworkRules.cutOff(isolated, a, six)).containsExactly("127.82.0.1");
        // One direction is enough to lose contact; two of six lost still leaves a majority.
        List<Cut> oneWay = List.of(new Cut("127.82.0.2", "127.82.0.3"), new Cut("127.82.0.4", "127.82.0.2"));
        assertThat(six).filteredOn(a -> NetworkRules.cutOff(oneWay, a, six)).isEmpty();
        // Three of six: in contact with itself and two others, half, on no majority's side.
        List<Cut> three = List.of(new Cut("127.82.0.2", "127.82.0.3"), new Cut("127.82.0.4", "127.82.0.2"),
                new Cut("127.82.0.2", "127.82.0.5"));
        assertThat(six).filteredOn(a -> NetworkRules.cutOff(three, a, six)).containsExactly("127.82.0.2");
        assertThat(NetworkRules.cutOff(List.of(), "127.82.0.1", six)).isFalse();
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
