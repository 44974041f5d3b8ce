package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against the one declaration ({@link SpecOptions#ALL}): {@code up} takes every
 * option, under its name and each alias, and sets it as declared; a list option given twice appends
 * both.
 */
class CliOptionParityTest {

    @Test
    void upHasEveryOptionAndSetsItAsDeclared() {
        List<String> problems = new ArrayList<>();
        for (SpecOption option : SpecOptions.ALL) {
            // Each under a topology it applies to: any other refuses it.
            Topology topology = option.appliesTo(Topology.SENTINEL) ? Topology.SENTINEL : Topology.CLUSTER;
            check(option, option.cliName(), topology, problems);
            option.cliAliases().forEach((aliasTopology, alias) -> check(option, alias, aliasTopology, problems));
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private static void check(SpecOption option, String name, Topology topology, List<String> problems) {
        int times = option.kind() == Kind.LIST ? 2 : 1;
        List<String> args = new ArrayList<>();
        if (topology != Topology.SENTINEL && option.kind() != Kind.TOPOLOGY) {
            args.addAll(List.of("--topology", topology.name()));
        }
        for (int i = 0; i < times; i++) {
            args.add(name);
            args.add(option.example());
        }
        ClusterSpec actual;
        try {
            actual = CliTest.upSpec(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            problems.add("the CLI's up lacks option '" + option.name() + "' (" + name + "): " + e);
            return;
        }
        ClusterSpec.Builder b = UpCommand.defaults(option.kind() == Kind.TOPOLOGY
                ? (Topology) option.parse(option.example()) : topology).toBuilder();
        for (int i = 0; i < times; i++) {
            option.apply(b, option.parse(option.example()));
        }
        if (!actual.equals(b.build())) {
            problems.add("the CLI's up treats option '" + option.name() + "' differently: " + String.join(" ", args)
                    + " gave " + option.get().apply(actual) + ", declared: " + option.get().apply(b.build()));
        }
    }

    /** {@code up --topology cluster} hands every option of that topology to the container it starts. */
    @Test
    void theNativeClusterContainerGetsEveryOptionOfItsTopology() {
        List<String> problems = new ArrayList<>();
        for (SpecOption option : SpecOptions.of(Topology.CLUSTER)) {
            ClusterSpec spec = option.apply(UpCommand.defaults(Topology.CLUSTER).toBuilder(),
                    option.parse(option.example())).build();
            ClusterSpec given = UpCommand.redisCluster(spec).spec();
            if (!given.equals(spec)) {
                problems.add(option.name() + " " + option.example() + " reached the container as "
                        + option.get().apply(given));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }
}
