package io.github.redisclustertestkit.internal.options;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declaration against the spec and the container: each {@link ClusterSpec} component is
 * declared in {@link SpecOptions#ALL}, and the container's {@code withX} sets it as declared
 * (applying a list twice appends it twice). The other fronts have their parity tests in their
 * modules.
 */
class ContainerOptionParityTest {

    @Test
    void everySpecComponentIsDeclaredAndEveryDeclarationIsAComponent() {
        Set<String> components = Arrays.stream(ClusterSpec.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Set<String> declared = SpecOptions.ALL.stream().map(SpecOption::name).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        components.stream().filter(c -> !declared.contains(c)).forEach(c -> problems.add("ClusterSpec component '" + c
                + "' is not declared in SpecOptions.ALL: add it there (kind, CLI name, help, example), then give it"
                + " to every front (container withX, annotation attribute + constant, extension builder withX)"));
        declared.stream().filter(d -> !components.contains(d)).forEach(d -> problems.add("SpecOptions.ALL declares '"
                + d + "', which is no ClusterSpec component"));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void examplesAreValidAndDifferFromTheDefault() {
        ClusterSpec defaults = ClusterSpec.defaults();
        for (SpecOption option : SpecOptions.ALL) {
            ClusterSpec spec = expected(option, 1);
            assertThat(spec).as("%s's example %s differs from the default", option.name(), option.example())
                    .isNotEqualTo(defaults);
            spec.validate();
        }
        assertThat(SpecOptions.ALL).extracting(SpecOption::cliName).doesNotHaveDuplicates();
        assertThat(SpecOptions.ALL).extracting(SpecOption::name).doesNotHaveDuplicates();
    }

    @Test
    void theContainerHasEveryOptionAndSetsItAsDeclared() throws Exception {
        List<String> problems = new ArrayList<>();
        for (SpecOption option : SpecOptions.of(Topology.SENTINEL)) {
            Method with;
            try {
                with = RedisShardedClusterContainer.class.getMethod(option.builderMethod(), option.kind().builderType());
            } catch (NoSuchMethodException e) {
                problems.add("RedisShardedClusterContainer lacks option '" + option.name() + "': add "
                        + option.builderMethod() + "(" + option.kind().builderType().getSimpleName() + ")");
                continue;
            }
            RedisShardedClusterContainer container = new RedisShardedClusterContainer();
            int times = option.kind() == Kind.LIST ? 2 : 1;
            for (int i = 0; i < times; i++) {
                invoke(with, container, argument(option));
            }
            ClusterSpec expected = expected(option, times);
            if (!container.spec().equals(expected)) {
                problems.add("RedisShardedClusterContainer treats option '" + option.name() + "' differently: "
                        + option.builderMethod() + "(" + option.example() + ")" + (times > 1 ? " twice" : "")
                        + " gave " + option.get().apply(container.spec()) + ", declared: "
                        + option.get().apply(expected));
            }
        }
        Set<String> declared = SpecOptions.ALL.stream().map(SpecOption::builderMethod).collect(Collectors.toSet());
        for (Method m : RedisShardedClusterContainer.class.getMethods()) {
            if (m.getName().startsWith("with") && !Modifier.isStatic(m.getModifiers()) && !declared.contains(m.getName())
                    && !SpecOptions.CONVENIENCES.containsKey(m.getName())) {
                problems.add("RedisShardedClusterContainer." + m.getName() + " sets no option of SpecOptions.ALL:"
                        + " declare the option there");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** The spec the defaults become when the example is applied {@code times} times, as declared. */
    static ClusterSpec expected(SpecOption option, int times) {
        ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
        for (int i = 0; i < times; i++) {
            option.apply(b, option.parse(option.example()));
        }
        return b.build();
    }

    /** The example as the argument of a {@code withX} method. */
    static Object argument(SpecOption option) {
        Object value = option.parse(option.example());
        return option.kind() == Kind.LIST ? ((List<?>) value).toArray(String[]::new) : value;
    }

    private static void invoke(Method method, Object target, Object argument) throws Exception {
        try {
            method.invoke(target, argument);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
