package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.Topology;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the extension starts and how long it keeps it: the cluster spec plus the test-side
 * choices. Equal settings of {@link Lifecycle#SHARED} clusters share one cluster.
 */
record ClusterSettings(ClusterSpec spec, Lifecycle lifecycle, Reset reset, boolean disabledWithoutDocker) {

    static final Lifecycle DEFAULT_LIFECYCLE = Lifecycle.PER_CLASS;
    static final Reset DEFAULT_RESET = Reset.FLUSH_AND_HEAL;

    /**
     * Each attribute: the annotation's value if set, else the configuration parameter, else the default.
     *
     * @param where  names the annotated class in error messages
     * @param config JUnit configuration parameters
     * @throws ExtensionConfigurationException naming the attribute or parameter that is invalid
     */
    static ClusterSettings resolve(RedisShardedCluster a, String where, Function<String, Optional<String>> config) {
        ClusterSpec.Builder b = ClusterSpec.defaults().toBuilder();
        Values v = new Values(where, config);
        for (SpecOption option : SpecOptions.of(Topology.SENTINEL)) {
            v.option(a, option).ifPresent(value -> option.apply(b, value));
        }
        Lifecycle lifecycle = a.lifecycle() != Lifecycle.UNSET ? a.lifecycle()
                : v.choice("", RedisShardedCluster.LIFECYCLE, "lifecycle", Lifecycle.class).orElse(DEFAULT_LIFECYCLE);
        Reset reset = a.reset() != Reset.UNSET ? a.reset()
                : v.choice("", RedisShardedCluster.RESET, "reset", Reset.class).orElse(DEFAULT_RESET);
        boolean noDockerSkips = v.toggle(a.disabledWithoutDocker(), RedisShardedCluster.DISABLED_WITHOUT_DOCKER,
                "disabledWithoutDocker").orElse(false);
        return validated(b.build(), lifecycle, reset, noDockerSkips, "@RedisShardedCluster on " + where);
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

    /** Reads one attribute after the other, with the annotation first and the parameter second. */
    private record Values(String where, Function<String, Optional<String>> config) {

        /**
         * A spec option: the attribute named as {@link SpecOption#annotationAttribute()} if set,
         * else the configuration parameter {@link SpecOption#configParameter()} if not blank.
         */
        Optional<Object> option(RedisShardedCluster a, SpecOption option) {
            String attribute = option.annotationAttribute();
            Object annotated;
            try {
                annotated = RedisShardedCluster.class.getMethod(attribute).invoke(a);
            } catch (NoSuchMethodException noAttribute) {
                annotated = null; // OptionParityTest reports it; the configuration parameter still works
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("@RedisShardedCluster." + attribute + " could not be read", e);
            }
            if (annotated instanceof Integer i && i != RedisShardedCluster.UNSET) {
                return Optional.of(i);
            }
            if (annotated instanceof Long millis && millis != RedisShardedCluster.UNSET) {
                return Optional.of(Duration.ofMillis(millis));
            }
            if (annotated instanceof Toggle t && t != Toggle.UNSET) {
                return Optional.of(t == Toggle.TRUE);
            }
            if (annotated instanceof String[] entries && entries.length > 0) {
                return Optional.of(List.of(entries));
            }
            if (annotated instanceof String text && !text.isEmpty()) {
                try {
                    return Optional.of(option.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException("@RedisShardedCluster on " + where + " is invalid: "
                            + attribute + " = \"" + text + "\" is not " + option.kind().expected());
                }
            }
            String parameter = option.configParameter();
            return config.apply(parameter).filter(s -> !s.isBlank()).map(s -> {
                try {
                    return option.parse(s);
                } catch (IllegalArgumentException e) {
                    throw invalidParameter(parameter, s, option.kind().expected(), attribute);
                }
            });
        }

        Optional<Boolean> toggle(Toggle annotated, String parameter, String attribute) {
            if (annotated != Toggle.UNSET) {
                return Optional.of(annotated == Toggle.TRUE);
            }
            return config.apply(parameter).map(s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalidParameter(parameter, s, "true or false", attribute);
            });
        }

        <E extends Enum<E>> Optional<E> choice(String annotated, String parameter, String attribute, Class<E> type) {
            String fromAnnotation = annotated.isEmpty() ? null : annotated;
            Optional<String> value = fromAnnotation != null ? Optional.of(fromAnnotation) : config.apply(parameter);
            return value.map(s -> {
                for (E constant : type.getEnumConstants()) {
                    if (!constant.name().equals("UNSET") && constant.name().equalsIgnoreCase(s.trim())) {
                        return constant;
                    }
                }
                String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                        .filter(n -> !n.equals("UNSET")).toList().toString();
                if (fromAnnotation != null) {
                    throw new ExtensionConfigurationException("@RedisShardedCluster on " + where + " is invalid: "
                            + attribute + " = \"" + s + "\" is not one of " + allowed);
                }
                throw invalidParameter(parameter, s, "one of " + allowed, attribute);
            });
        }

        private ExtensionConfigurationException invalidParameter(String parameter, String value, String expected,
                                                                 String attribute) {
            return new ExtensionConfigurationException("configuration parameter " + parameter + " = \"" + value
                    + "\" is invalid for " + where + ": expected " + expected + " (or set " + attribute
                    + " on @RedisShardedCluster)");
        }
    }
}
