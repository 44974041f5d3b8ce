package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against the one declaration ({@link SpecOptions#ALL}): {@code up} takes every
 * option and sets it as declared; a list option given twice appends both.
 */
class CliOptionParityTest {

    @Test
    void upHasEveryOptionAndSetsItAsDeclared() {
        List<String> problems = new ArrayList<>();
        for (SpecOption option : SpecOptions.ALL) {
            int times = option.kind() == Kind.LIST ? 2 : 1;
            List<String> args = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                args.add(option.cliName());
                args.add(option.example());
            }
            ClusterSpec actual;
            try {
                actual = CliTest.upSpec(args.toArray(String[]::new));
            } catch (RuntimeException e) {
                problems.add("the CLI's up lacks option '" + option.name() + "' (" + option.cliName() + "): " + e);
                continue;
            }
            ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
            for (int i = 0; i < times; i++) {
                option.apply(b, option.parse(option.example()));
            }
            if (!actual.equals(b.build())) {
                problems.add("the CLI's up treats option '" + option.name() + "' differently: " + String.join(" ", args)
                        + " gave " + option.get().apply(actual) + ", declared: " + option.get().apply(b.build()));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }
}
