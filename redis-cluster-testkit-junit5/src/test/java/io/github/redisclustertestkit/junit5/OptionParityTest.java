package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.Topology;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.Annotation;
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
 * The JUnit fronts against the one declaration ({@link SpecOptions#ALL}): each option of a
 * topology ({@link SpecOptions#of(Topology)}) is an attribute of that topology's annotation with its
 * configuration-parameter constant, and (Sentinel) a {@code withX} of the extension's builder; each sets the spec as declared. A front that lacks an option, has one
 * the declaration does not know, or treats one differently fails here, naming both.
 */
class OptionParityTest {

    /** Attributes and constants about the test run, not the cluster. */
    private static final Set<String> TEST_SIDE_ATTRIBUTES = Set.of("lifecycle", "reset", "disabledWithoutDocker");
    private static final Set<String> TEST_SIDE_CONSTANTS = Set.of("UNSET", "LIFECYCLE", "RESET", "DISABLED_WITHOUT_DOCKER");

    private final List<String> problems = new ArrayList<>();

    /** The annotation of each topology. */
    private static Class<? extends Annotation> annotationOf(Topology topology) {
        return topology == Topology.CLUSTER ? RedisCluster.class : RedisShardedCluster.class;
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void theAnnotationHasEveryOptionAndItsParameterAndSetsItAsDeclared(Topology topology) {
        Class<? extends Annotation> type = annotationOf(topology);
        String name = "@" + type.getSimpleName();
        for (SpecOption option : SpecOptions.of(topology)) {
            String attribute = option.annotationAttribute(topology);
            Method method;
            try {
                method = type.getMethod(attribute);
            } catch (NoSuchMethodException e) {
                problems.add(name + " lacks option '" + option.name() + "': add attribute "
                        + annotationType(option.kind(), type).getSimpleName() + " " + attribute + "() default "
                        + unsetText(option.kind(), type));
                continue;
            }
            Class<?> expectedType = annotationType(option.kind(), type);
            if (method.getReturnType() != expectedType) {
                problems.add(name + " treats option '" + option.name() + "' differently: attribute "
                        + attribute + " is " + method.getReturnType().getSimpleName() + ", declared kind "
                        + option.kind() + " needs " + expectedType.getSimpleName());
                continue;
            }
            ClusterSpec viaAttribute = ClusterSettings.resolve(annotation(type, Map.of(attribute,
                    attributeValue(option, type))), topology, "OptionParityTest", key -> Optional.empty()).spec();
            compare(name + "(" + attribute + ")", option, topology, viaAttribute, 1);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!TEST_SIDE_ATTRIBUTES.contains(m.getName()) && SpecOptions.of(topology).stream()
                    .noneMatch(o -> o.annotationAttribute(topology).equals(m.getName()))) {
                problems.add(name + "." + m.getName() + " is no option of SpecOptions.of(" + topology + "): declare"
                        + " it there (and in ClusterSpec), so that every front gets it");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void everyOptionHasItsConfigurationParameterConstantAndItIsRead(Topology topology) throws IllegalAccessException {
        Class<? extends Annotation> type = annotationOf(topology);
        String name = "@" + type.getSimpleName();
        for (SpecOption option : SpecOptions.of(topology)) {
            String constantName = option.constantName(topology);
            String parameter = option.configParameter(topology);
            Field constant;
            try {
                constant = type.getField(constantName);
            } catch (NoSuchFieldException e) {
                problems.add(name + " lacks the configuration-parameter constant of option '"
                        + option.name() + "': add String " + constantName + " = \"" + parameter + "\"");
                continue;
            }
            if (!parameter.equals(constant.get(null))) {
                problems.add(name + "." + constantName + " is \"" + constant.get(null)
                        + "\", declared: \"" + parameter + "\"");
            }
            ClusterSpec viaParameter = ClusterSettings.resolve(annotation(type, Map.of()), topology, "OptionParityTest",
                    key -> Optional.ofNullable(key.equals(parameter) ? option.example() : null)).spec();
            compare("configuration parameter " + parameter, option, topology, viaParameter, 1);
        }
        for (Field f : type.getFields()) {
            if (!TEST_SIDE_CONSTANTS.contains(f.getName()) && SpecOptions.of(topology).stream()
                    .noneMatch(o -> o.constantName(topology).equals(f.getName()))) {
                problems.add(name + "." + f.getName() + " names no option of SpecOptions.of(" + topology
                        + "): declare the option there");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** The test side reads the same: one parameter each, and the same choices under each annotation. */
    @Test
    void bothAnnotationsShareTheTestSideParametersAndChoices() throws IllegalAccessException {
        for (String constant : List.of("UNSET", "LIFECYCLE", "RESET", "DISABLED_WITHOUT_DOCKER")) {
            assertThat(field(RedisCluster.class, constant)).as(constant).isEqualTo(field(RedisShardedCluster.class, constant));
        }
        assertThat(names(RedisCluster.Lifecycle.values())).isEqualTo(names(RedisShardedCluster.Lifecycle.values()));
        assertThat(names(RedisCluster.Reset.values())).isEqualTo(names(RedisShardedCluster.Reset.values()));
        assertThat(names(RedisCluster.Toggle.values())).isEqualTo(names(RedisShardedCluster.Toggle.values()));
        ClusterSettings shared = ClusterSettings.resolve(annotation(RedisCluster.class, Map.of(
                        "lifecycle", RedisCluster.Lifecycle.SHARED, "reset", RedisCluster.Reset.NONE,
                        "disabledWithoutDocker", RedisCluster.Toggle.TRUE)), Topology.CLUSTER, "OptionParityTest",
                key -> Optional.empty());
        assertThat(shared.lifecycle()).isEqualTo(Lifecycle.SHARED);
        assertThat(shared.reset()).isEqualTo(Reset.NONE);
        assertThat(shared.disabledWithoutDocker()).isTrue();
    }

    /** The extension builds its RedisClusterContainer from the settings' spec: no option may be lost. */
    @Test
    void theClusterExtensionGivesTheContainerEveryOption() {
        for (SpecOption option : SpecOptions.of(Topology.CLUSTER)) {
            ClusterSpec.Builder b = ClusterSettings.defaults(Topology.CLUSTER).toBuilder();
            ClusterSpec expected = option.apply(b, option.parse(option.example())).build();
            compare("RedisClusterExtension.container", option, Topology.CLUSTER,
                    RedisClusterExtension.container(expected).spec(), 1);
        }
        assertThat(RedisClusterExtension.container(ClusterSettings.defaults(Topology.CLUSTER)).spec())
                .isEqualTo(new io.github.redisclustertestkit.RedisClusterContainer().spec());
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private static Object field(Class<?> type, String name) throws IllegalAccessException {
        try {
            return type.getField(name).get(null);
        } catch (NoSuchFieldException e) {
            return "no " + name;
        }
    }

    private static List<String> names(Enum<?>[] constants) {
        return java.util.Arrays.stream(constants).map(Enum::name).toList();
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
            compare("RedisShardedClusterExtension.Builder." + option.builderMethod(), option, Topology.SENTINEL,
                    builder.build().programmaticSettings().spec(), times);
        }
        Set<String> declared = SpecOptions.ALL.stream().map(SpecOption::builderMethod).collect(Collectors.toSet());
        for (Method m : RedisShardedClusterExtension.Builder.class.getMethods()) {
            if (m.getName().startsWith("with") && !Modifier.isStatic(m.getModifiers()) && !declared.contains(m.getName())
                    && !SpecOptions.CONVENIENCES.containsKey(m.getName())) {
                problems.add("RedisShardedClusterExtension.Builder." + m.getName() + " sets no option of"
                        + " SpecOptions.ALL: declare the option there");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private void compare(String front, SpecOption option, Topology topology, ClusterSpec actual, int times) {
        ClusterSpec defaults = ClusterSettings.defaults(topology);
        ClusterSpec.Builder b = defaults.toBuilder();
        for (int i = 0; i < times; i++) {
            option.apply(b, option.parse(option.example()));
        }
        ClusterSpec expected = b.build();
        if (!actual.equals(expected)) {
            problems.add(front + " treats option '" + option.name() + "' differently: the example "
                    + option.example() + (times > 1 ? " applied twice" : "") + " gave " + option.get().apply(actual)
                    + ", declared: " + option.get().apply(expected)
                    + (actual.equals(defaults) ? " (it was not read at all)" : ""));
        }
    }

    private static Object argument(SpecOption option) {
        Object value = option.parse(option.example());
        return option.kind() == Kind.LIST ? ((List<?>) value).toArray(String[]::new) : value;
    }

    /**
     * The attribute type each kind of option has, since an annotation cannot hold a Duration or a
     * List, nor null: a boolean is the annotation's {@code Toggle}, a spec enum the annotation's copy
     * of it with {@code UNSET} first.
     */
    private static Class<?> annotationType(Kind kind, Class<? extends Annotation> type) {
        return switch (kind) {
            case INT -> int.class;
            case BOOLEAN -> nested(type, "Toggle");
            case ROUTING -> nested(type, "Routing");
            case NETWORK_MODE -> nested(type, "NetworkMode");
            case STRING, TOPOLOGY, IMAGE -> String.class;
            case MILLIS -> long.class;
            case LIST -> String[].class;
        };
    }

    private static Class<?> nested(Class<? extends Annotation> type, String simpleName) {
        return java.util.Arrays.stream(type.getDeclaredClasses()).filter(c -> c.getSimpleName().equals(simpleName))
                .findFirst().orElse(Void.class);
    }

    private static String unsetText(Kind kind, Class<? extends Annotation> type) {
        return switch (kind) {
            case INT, MILLIS -> "UNSET";
            case BOOLEAN, ROUTING, NETWORK_MODE -> annotationType(kind, type).getSimpleName() + ".UNSET";
            case STRING, TOPOLOGY, IMAGE -> "\"\"";
            case LIST -> "{}";
        };
    }

    private static Object attributeValue(SpecOption option, Class<? extends Annotation> type) {
        String example = option.example();
        return switch (option.kind()) {
            case INT -> Integer.parseInt(example);
            case MILLIS -> Long.parseLong(example);
            case BOOLEAN, ROUTING, NETWORK_MODE -> constant(annotationType(option.kind(), type), example);
            case STRING, TOPOLOGY, IMAGE -> example;
            case LIST -> ((List<?>) option.parse(example)).toArray(String[]::new);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(Class<?> enumType, String name) {
        return Enum.valueOf((Class) enumType, name.toUpperCase(Locale.ROOT));
    }

    /**
     * The annotations' copies of the spec's enums have the spec's constants, in order, after
     * {@code UNSET}: an annotation cannot default to null, and a user reads the same choices.
     */
    @Test
    void theAnnotationsEnumsAreTheSpecsPlusUnset() {
        List<String> routing = new ArrayList<>(List.of("UNSET"));
        routing.addAll(names(io.github.redisclustertestkit.spec.Routing.values()));
        List<String> networkMode = new ArrayList<>(List.of("UNSET"));
        networkMode.addAll(names(io.github.redisclustertestkit.spec.NetworkMode.values()));
        assertThat(names(RedisShardedCluster.Routing.values())).isEqualTo(routing);
        assertThat(names(RedisShardedCluster.NetworkMode.values())).isEqualTo(networkMode);
        assertThat(names(RedisCluster.NetworkMode.values())).isEqualTo(networkMode);
    }

    /** An annotation of {@code type} with the given attributes set and every other one at its default. */
    private static <A extends Annotation> A annotation(Class<A> type, Map<String, Object> attributes) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            return attributes.containsKey(method.getName()) ? attributes.get(method.getName())
                    : method.getDefaultValue();
        }));
    }
}
