package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spec.Topology;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JUnit fronts against the one declaration ({@link SpecOptions#ALL}): each option is an
 * annotation attribute with its configuration-parameter constant, and a {@code withX} of the
 * extension's builder; each sets the spec as declared. A front that lacks an option, has one
 * the declaration does not know, or treats one differently fails here, naming both.
 */
class OptionParityTest {

    /** Attributes and constants about the test run, not the cluster. */
    private static final Set<String> TEST_SIDE_ATTRIBUTES = Set.of("lifecycle", "reset", "disabledWithoutDocker");
    private static final Set<String> TEST_SIDE_CONSTANTS = Set.of("UNSET", "LIFECYCLE", "RESET", "DISABLED_WITHOUT_DOCKER");

    private final List<String> problems = new ArrayList<>();

    @Test
    void theAnnotationHasEveryOptionAndItsParameterAndSetsItAsDeclared() {
        for (SpecOption option : SpecOptions.of(Topology.SENTINEL)) {
            String attribute = option.annotationAttribute();
            Method method;
            try {
                method = RedisShardedCluster.class.getMethod(attribute);
            } catch (NoSuchMethodException e) {
                problems.add("@RedisShardedCluster lacks option '" + option.name() + "': add attribute "
                        + annotationType(option.kind()).getSimpleName() + " " + attribute + "() default "
                        + unsetText(option.kind()));
                continue;
            }
            if (method.getReturnType() != annotationType(option.kind())) {
                problems.add("@RedisShardedCluster treats option '" + option.name() + "' differently: attribute "
                        + attribute + " is " + method.getReturnType().getSimpleName() + ", declared kind "
                        + option.kind() + " needs " + annotationType(option.kind()).getSimpleName());
                continue;
            }
            ClusterSpec viaAttribute = ClusterSettings.resolve(annotation(Map.of(attribute, attributeValue(option))),
                    "OptionParityTest", key -> Optional.empty()).spec();
            compare("@RedisShardedCluster(" + attribute + ")", option, viaAttribute, 1);
        }
        for (Method m : RedisShardedCluster.class.getDeclaredMethods()) {
            if (!TEST_SIDE_ATTRIBUTES.contains(m.getName()) && SpecOptions.ALL.stream()
                    .noneMatch(o -> o.annotationAttribute().equals(m.getName()))) {
                problems.add("@RedisShardedCluster." + m.getName() + " is no option of SpecOptions.ALL: declare it"
                        + " there (and in ClusterSpec), so that every front gets it");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyOptionHasItsConfigurationParameterConstantAndItIsRead() throws IllegalAccessException {
        for (SpecOption option : SpecOptions.of(Topology.SENTINEL)) {
            Field constant;
            try {
                constant = RedisShardedCluster.class.getField(option.constantName());
            } catch (NoSuchFieldException e) {
                problems.add("@RedisShardedCluster lacks the configuration-parameter constant of option '"
                        + option.name() + "': add String " + option.constantName() + " = \""
                        + option.configParameter() + "\"");
                continue;
            }
            if (!option.configParameter().equals(constant.get(null))) {
                problems.add("@RedisShardedCluster." + option.constantName() + " is \"" + constant.get(null)
                        + "\", declared: \"" + option.configParameter() + "\"");
            }
            ClusterSpec viaParameter = ClusterSettings.resolve(annotation(Map.of()), "OptionParityTest",
                    key -> Optional.ofNullable(key.equals(option.configParameter()) ? option.example() : null)).spec();
            compare("configuration parameter " + option.configParameter(), option, viaParameter, 1);
        }
        for (Field f : RedisShardedCluster.class.getFields()) {
            if (!TEST_SIDE_CONSTANTS.contains(f.getName()) && SpecOptions.ALL.stream()
                    .noneMatch(o -> o.constantName().equals(f.getName()))) {
                problems.add("@RedisShardedCluster." + f.getName() + " names no option of SpecOptions.ALL: declare"
                        + " the option there");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theExtensionBuilderHasEveryOptionAndSetsItAsDeclared() throws Exception {
        for (SpecOption option : SpecOptions.of(Topology.SENTINEL)) {
            Method with;
            try {
                with = RedisShardedClusterExtension.Builder.class.getMethod(option.builderMethod(),
                        option.kind().builderType());
            } catch (NoSuchMethodException e) {
                problems.add("RedisShardedClusterExtension.Builder lacks option '" + option.name() + "': add "
                        + option.builderMethod() + "(" + option.kind().builderType().getSimpleName() + ")");
                continue;
            }
            RedisShardedClusterExtension.Builder builder = RedisShardedClusterExtension.builder();
            int times = option.kind() == Kind.LIST ? 2 : 1; // twice: a list option appends, as the container's
            for (int i = 0; i < times; i++) {
                try {
                    with.invoke(builder, argument(option));
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
            compare("RedisShardedClusterExtension.Builder." + option.builderMethod(), option,
                    builder.build().programmaticSettings().spec(), times);
        }
        Set<String> declared = SpecOptions.ALL.stream().map(SpecOption::builderMethod).collect(Collectors.toSet());
        for (Method m : RedisShardedClusterExtension.Builder.class.getMethods()) {
            if (m.getName().startsWith("with") && !Modifier.isStatic(m.getModifiers()) && !declared.contains(m.getName())) {
                problems.add("RedisShardedClusterExtension.Builder." + m.getName() + " sets no option of"
                        + " SpecOptions.ALL: declare the option there");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private void compare(String front, SpecOption option, ClusterSpec actual, int times) {
        ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
        for (int i = 0; i < times; i++) {
            option.apply(b, option.parse(option.example()));
        }
        ClusterSpec expected = b.build();
        if (!actual.equals(expected)) {
            problems.add(front + " treats option '" + option.name() + "' differently: the example "
                    + option.example() + (times > 1 ? " applied twice" : "") + " gave " + option.get().apply(actual)
                    + ", declared: " + option.get().apply(expected)
                    + (actual.toBuilder().build().equals(ClusterSpec.defaults()) ? " (it was not read at all)" : ""));
        }
    }

    private static Object argument(SpecOption option) {
        Object value = option.parse(option.example());
        return option.kind() == Kind.LIST ? ((List<?>) value).toArray(String[]::new) : value;
    }

    /** The attribute type each kind of option has, since an annotation cannot hold a Duration or a List. */
    private static Class<?> annotationType(Kind kind) {
        return switch (kind) {
            case INT -> int.class;
            case BOOLEAN -> Toggle.class;
            case STRING, ROUTING, NETWORK_MODE, TOPOLOGY, IMAGE -> String.class;
            case MILLIS -> long.class;
            case LIST -> String[].class;
        };
    }

    private static String unsetText(Kind kind) {
        return switch (kind) {
            case INT, MILLIS -> "UNSET";
            case BOOLEAN -> "Toggle.UNSET";
            case STRING, ROUTING, NETWORK_MODE, TOPOLOGY, IMAGE -> "\"\"";
            case LIST -> "{}";
        };
    }

    private static Object attributeValue(SpecOption option) {
        String example = option.example();
        return switch (option.kind()) {
            case INT -> Integer.parseInt(example);
            case MILLIS -> Long.parseLong(example);
            case BOOLEAN -> Toggle.valueOf(example.toUpperCase(Locale.ROOT));
            case STRING, ROUTING, NETWORK_MODE, TOPOLOGY, IMAGE -> example;
            case LIST -> ((List<?>) option.parse(example)).toArray(String[]::new);
        };
    }

    /** A {@link RedisShardedCluster} with the given attributes set and every other one at its default. */
    private static RedisShardedCluster annotation(Map<String, Object> attributes) {
        return (RedisShardedCluster) Proxy.newProxyInstance(RedisShardedCluster.class.getClassLoader(),
                new Class<?>[]{RedisShardedCluster.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return RedisShardedCluster.class;
                    }
                    return attributes.containsKey(method.getName()) ? attributes.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
