package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.spec.Topology;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the extension starts and how long it keeps it: the cluster spec plus the test-side
 * choices. Equal settings of {@link Lifecycle#SHARED} clusters share one cluster. One reading for
 * both annotations, {@link RedisShardedCluster} and {@link RedisCluster}: each offers the options of
 * its topology ({@link SpecOptions#of(Topology)}) under the names {@link SpecOption} gives them there.
 */
record ClusterSettings(ClusterSpec spec, Lifecycle lifecycle, Reset reset, boolean disabledWithoutDocker) {

    static final Lifecycle DEFAULT_LIFECYCLE = Lifecycle.PER_CLASS;
    static final Reset DEFAULT_RESET = Reset.FLUSH_AND_HEAL;
    /** "Not set" for numbers in both annotations. */
    static final int UNSET = -1;

    /** As {@link #resolve(Annotation, Topology, String, Function)} for the Sentinel topology. */
    static ClusterSettings resolve(RedisShardedCluster a, String where, Function<String, Optional<String>> config) {
        return resolve(a, Topology.SENTINEL, where, config);
    }

    /**
     * Each attribute: the annotation's value if set, else the configuration parameter, else the default.
     *
     * @param a        {@link RedisShardedCluster} or {@link RedisCluster}, the front of {@code topology}
     * @param where    names the annotated class in error messages
     * @param config   JUnit configuration parameters
     * @throws ExtensionConfigurationException naming the attribute or parameter that is invalid
     */
    static ClusterSettings resolve(Annotation a, Topology topology, String where,
                                   Function<String, Optional<String>> config) {
        ClusterSpec.Builder b = defaults(topology).toBuilder();
        Values v = new Values(a, topology, where, config);
        for (SpecOption option : SpecOptions.of(topology)) {
            v.option(option).ifPresent(value -> option.apply(b, value));
        }
        Lifecycle lifecycle = v.choice("lifecycle", RedisShardedCluster.LIFECYCLE, Lifecycle.class)
                .orElse(DEFAULT_LIFECYCLE);
        Reset reset = v.choice("reset", RedisShardedCluster.RESET, Reset.class).orElse(DEFAULT_RESET);
        boolean noDockerSkips = v.toggle("disabledWithoutDocker", RedisShardedCluster.DISABLED_WITHOUT_DOCKER)
                .orElse(false);
        return validated(b.build(), lifecycle, reset, noDockerSkips, v.annotationName() + " on " + where);
    }

    /** The spec with every option at its default: the container's of {@code topology}. */
    static ClusterSpec defaults(Topology topology) {
        return topology == Topology.CLUSTER ? new RedisClusterContainer().spec() : ClusterSpec.defaults();
    }

    static ClusterSettings validated(ClusterSpec spec, Lifecycle lifecycle, Reset reset, boolean disabledWithoutDocker,
                                     String where) {
        if (lifecycle == Lifecycle.UNSET || reset == Reset.UNSET) {
            throw new ExtensionConfigurationException(where + " is invalid: lifecycle and reset must be set");
        }
        try {
            spec.validate();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + " is invalid: " + e.getMessage(), e);
        }
        return new ClusterSettings(spec, lifecycle, reset, disabledWithoutDocker);
    }

    /**
     * Reads one attribute after the other, with the annotation first and the parameter second. The
     * attributes are read by name: each annotation has its own {@code Toggle}, {@code Lifecycle} and
     * {@code Reset}, with the same constants, so that its users import nothing of the other.
     */
    private record Values(Annotation a, Topology topology, String where, Function<String, Optional<String>> config) {

        String annotationName() {
            return "@" + a.annotationType().getSimpleName();
        }

        /** The attribute's value, or null if the annotation has no such attribute. */
        private Object attribute(String attribute) {
            try {
                return a.annotationType().getMethod(attribute).invoke(a);
            } catch (NoSuchMethodException noAttribute) {
                return null; // OptionParityTest reports it; the configuration parameter still works
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(annotationName() + "." + attribute + " could not be read", e);
            }
        }

        /** The constant's name of an enum attribute ({@code Toggle}, {@code Routing}, ...), or null if unset. */
        private String setConstant(String attribute) {
            return attribute(attribute) instanceof Enum<?> e && !e.name().equals("UNSET") ? e.name() : null;
        }

        /**
         * A spec option: the attribute named {@link SpecOption#annotationAttribute(Topology)} if set,
         * else the configuration parameter {@link SpecOption#configParameter(Topology)} if not blank.
         */
        Optional<Object> option(SpecOption option) {
            String attribute = option.annotationAttribute(topology);
            Object annotated = attribute(attribute);
            if (annotated instanceof Integer i && i != UNSET) {
                return Optional.of(i);
            }
            if (annotated instanceof Long millis && millis != UNSET) {
                return Optional.of(Duration.ofMillis(millis));
            }
            String constant = setConstant(attribute);
            if (constant != null) {
                // a Toggle for a boolean, else the annotation's copy of a spec enum, by the same name
                return Optional.of(option.kind() == SpecOption.Kind.BOOLEAN ? constant.equals("TRUE")
                        : option.parse(constant));
            }
            if (annotated instanceof String[] entries && entries.length > 0) {
                return Optional.of(List.of(entries));
            }
            if (annotated instanceof String text && !text.isEmpty()) {
                try {
                    return Optional.of(option.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException(annotationName() + " on " + where + " is invalid: "
                            + attribute + " = \"" + text + "\" is not " + option.kind().expected());
                }
            }
            String parameter = option.configParameter(topology);
            return config.apply(parameter).filter(s -> !s.isBlank()).map(s -> {
                try {
                    return option.parse(s);
                } catch (IllegalArgumentException e) {
                    throw invalidParameter(parameter, s, option.kind().expected(), attribute);
                }
            });
        }

        Optional<Boolean> toggle(String attribute, String parameter) {
            String annotated = setConstant(attribute);
            if (annotated != null) {
                return Optional.of(annotated.equals("TRUE"));
            }
            return config.apply(parameter).map(s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalidParameter(parameter, s, "true or false", attribute);
            });
        }

        <E extends Enum<E>> Optional<E> choice(String attribute, String parameter, Class<E> type) {
            String annotated = setConstant(attribute);
            if (annotated != null) {
                return Optional.of(Enum.valueOf(type, annotated));
            }
            return config.apply(parameter).map(s -> {
                for (E constant : type.getEnumConstants()) {
                    if (!constant.name().equals("UNSET") && constant.name().equalsIgnoreCase(s.trim())) {
                        return constant;
                    }
                }
                String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                        .filter(n -> !n.equals("UNSET")).toList().toString();
                throw invalidParameter(parameter, s, "one of " + allowed, attribute);
            });
        }

        private ExtensionConfigurationException invalidParameter(String parameter, String value, String expected,
                                                                 String attribute) {
            return new ExtensionConfigurationException("configuration parameter " + parameter + " = \"" + value
                    + "\" is invalid for " + where + ": expected " + expected + " (or set " + attribute
                    + " on " + annotationName() + ")");
        }
    }
}
