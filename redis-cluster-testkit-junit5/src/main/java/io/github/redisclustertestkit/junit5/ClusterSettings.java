package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Reset;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Routing;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.util.Arrays;
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
        v.integer(a.shards(), RedisShardedCluster.SHARDS, "shards").ifPresent(b::shards);
        v.integer(a.replicasPerShard(), RedisShardedCluster.REPLICAS_PER_SHARD, "replicasPerShard")
                .ifPresent(b::replicasPerShard);
        v.integer(a.sentinelsPerShard(), RedisShardedCluster.SENTINELS_PER_SHARD, "sentinelsPerShard")
                .ifPresent(b::sentinelsPerShard);
        v.integer(a.quorum(), RedisShardedCluster.QUORUM, "quorum").ifPresent(b::quorum);
        v.string(a.masterNamePrefix(), RedisShardedCluster.MASTER_NAME_PREFIX).ifPresent(b::masterNamePrefix);
        v.string(a.password(), RedisShardedCluster.PASSWORD).ifPresent(b::password);
        v.toggle(a.appendOnly(), RedisShardedCluster.APPEND_ONLY, "appendOnly").ifPresent(b::appendOnly);
        v.integer(a.haproxyBasePort(), RedisShardedCluster.HAPROXY_BASE_PORT, "haproxyBasePort")
                .ifPresent(b::haproxyBasePort);
        v.string(a.bindAddress(), RedisShardedCluster.BIND_ADDRESS).ifPresent(b::bindAddress);
        v.millis(a.downAfterMillis(), RedisShardedCluster.DOWN_AFTER_MILLIS, "downAfterMillis").ifPresent(b::downAfter);
        v.millis(a.failoverTimeoutMillis(), RedisShardedCluster.FAILOVER_TIMEOUT_MILLIS, "failoverTimeoutMillis")
                .ifPresent(b::failoverTimeout);
        v.millis(a.startupTimeoutMillis(), RedisShardedCluster.STARTUP_TIMEOUT_MILLIS, "startupTimeoutMillis")
                .ifPresent(b::startupTimeout);
        v.choice(a.routing(), RedisShardedCluster.ROUTING, "routing", Routing.class).ifPresent(b::routing);
        v.string(a.redisImage(), RedisShardedCluster.REDIS_IMAGE).ifPresent(b::redisImage);
        v.string(a.haproxyImage(), RedisShardedCluster.HAPROXY_IMAGE).ifPresent(b::haproxyImage);
        v.toggle(a.reuse(), RedisShardedCluster.REUSE, "reuse").ifPresent(b::reuse);
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

        Optional<Integer> integer(int annotated, String parameter, String attribute) {
            if (annotated != RedisShardedCluster.UNSET) {
                return Optional.of(annotated);
            }
            return config.apply(parameter).map(s -> {
                try {
                    return Integer.parseInt(s.trim());
                } catch (NumberFormatException e) {
                    throw invalidParameter(parameter, s, "a whole number", attribute);
                }
            });
        }

        Optional<Duration> millis(long annotated, String parameter, String attribute) {
            if (annotated != RedisShardedCluster.UNSET) {
                return Optional.of(Duration.ofMillis(annotated));
            }
            return config.apply(parameter).map(s -> {
                try {
                    return Duration.ofMillis(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw invalidParameter(parameter, s, "milliseconds as a whole number", attribute);
                }
            });
        }

        Optional<String> string(String annotated, String parameter) {
            if (!annotated.isEmpty()) {
                return Optional.of(annotated);
            }
            return config.apply(parameter).filter(s -> !s.isBlank()).map(String::trim);
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
