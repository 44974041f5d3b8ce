package io.github.redisclustertestkit.internal.options;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Topology;
import io.github.redisclustertestkit.spec.Routing;

import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One option of {@link ClusterSpec}, declared once (in {@link SpecOptions#ALL}). Every front's
 * name for it follows from {@code name}: the container's and the extension builder's
 * {@code withX}, the annotation attribute and its configuration parameter; the CLI's option is
 * declared here because it keeps the CLI's short historical names.
 *
 * @param name    the {@link ClusterSpec} component
 * @param kind    its type, which decides how text is parsed and what type each front takes
 * @param cliName the command line's option, like {@code --replicas}
 * @param label   the command line's placeholder for the value, like {@code N}
 * @param help    one sentence for help texts, with the default
 * @param example a valid value, other than the default, as text: parity tests apply it through every front
 * @param get     reads the option from a spec
 * @param set     replaces the option's value on a builder
 * @param topologies the topologies it means something to; the fronts of the others do not offer it,
 *                   and a spec of another topology must leave it at its default
 * @param cliAliases another command-line name for it under a topology, in that topology's words
 *                   ({@code --masters} for a native Redis Cluster's shards); accepted there only
 */
public record SpecOption(String name, Kind kind, String cliName, String label, String help, String example,
                         Function<ClusterSpec, Object> get, BiConsumer<ClusterSpec.Builder, Object> set,
                         Set<Topology> topologies, Map<Topology, String> cliAliases) {

    public SpecOption {
        topologies = Set.copyOf(topologies);
        cliAliases = Map.copyOf(cliAliases);
    }

    /** An option with no other command-line name. */
    public SpecOption(String name, Kind kind, String cliName, String label, String help, String example,
                      Function<ClusterSpec, Object> get, BiConsumer<ClusterSpec.Builder, Object> set,
                      Set<Topology> topologies) {
        this(name, kind, cliName, label, help, example, get, set, topologies, Map.of());
    }

    /** {@return this option, also called {@code alias} on the command line under {@code topology}} */
    public SpecOption withCliAlias(Topology topology, String alias) {
        Map<Topology, String> aliases = new EnumMap<>(Topology.class);
        aliases.putAll(cliAliases);
        aliases.put(topology, alias);
        return new SpecOption(name, kind, cliName, label, help, example, get, set, topologies, aliases);
    }

    /** {@return the command line's name for it under {@code topology}: its alias there, if it has one} */
    public String cliName(Topology topology) {
        return cliAliases.getOrDefault(topology, cliName);
    }

    /** {@return whether it means something to {@code topology}} */
    public boolean appliesTo(Topology topology) {
        return topologies.contains(topology);
    }

    /** What an option's value is. */
    public enum Kind {
        INT("a whole number", int.class),
        BOOLEAN("true or false", boolean.class),
        STRING("a value", String.class),
        /** A {@link Duration}, written as whole milliseconds wherever it is text. */
        MILLIS("milliseconds as a whole number", Duration.class),
        /** Raw config directives; as text, one or more separated by ';'. Applying one appends. */
        LIST("directives separated by ';'", String[].class),
        ROUTING("one of " + Arrays.toString(Routing.values()), Routing.class),
        NETWORK_MODE("one of " + Arrays.toString(NetworkMode.values()), NetworkMode.class),
        TOPOLOGY("one of " + Arrays.toString(Topology.values()), Topology.class),
        /**
         * A Docker image. Where it is text (an annotation, a configuration parameter, the command
         * line) writing the name declares it: option {@code xImage} parses to a
         * {@link DockerImageName} that is a compatible substitute for {@code x}.
         */
        IMAGE("an image name", DockerImageName.class);

        private final String expected;
        private final Class<?> builderType;

        Kind(String expected, Class<?> builderType) {
            this.expected = expected;
            this.builderType = builderType;
        }

        /** What text of this kind must look like, for error messages. */
        public String expected() {
            return expected;
        }

        /** The parameter type of the {@code withX} methods of the container and the extension builder. */
        public Class<?> builderType() {
            return builderType;
        }
    }

    /**
     * The value that {@code text} stands for.
     *
     * @throws IllegalArgumentException saying what {@link Kind#expected()} and what was seen; the
     *                                  caller names the option the way its front spells it
     */
    public Object parse(String text) {
        String t = text.trim();
        try {
            return switch (kind) {
                case INT -> Integer.parseInt(t);
                case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException();
                };
                case STRING -> t;
                case MILLIS -> Duration.ofMillis(Long.parseLong(t));
                case LIST -> Arrays.stream(text.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                case ROUTING -> Routing.valueOf(t.toUpperCase(Locale.ROOT));
                case NETWORK_MODE -> NetworkMode.valueOf(t.toUpperCase(Locale.ROOT));
                case TOPOLOGY -> Topology.valueOf(t.toUpperCase(Locale.ROOT));
                case IMAGE -> DockerImageName.parse(t)
                        .asCompatibleSubstituteFor(name.substring(0, name.length() - "Image".length()));
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("takes " + kind.expected + " (was '" + text + "')", e);
        }
    }

    /** Applies a value to a builder: a list is appended to what the builder has, anything else replaces. */
    @SuppressWarnings("unchecked")
    public ClusterSpec.Builder apply(ClusterSpec.Builder builder, Object value) {
        if (kind == Kind.LIST) {
            List<String> all = new ArrayList<>((List<String>) get.apply(builder.build()));
            all.addAll((List<String>) value);
            value = all;
        }
        set.accept(builder, value);
        return builder;
    }

    /** {@code withShards}: the container's and the extension builder's method. */
    public String builderMethod() {
        return "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * The {@code withX} method of a front of {@code topology}: a native Redis Cluster's shards are
     * its masters, as its users say ({@code withMasters}, {@code withReplicasPerMaster}).
     */
    public String builderMethod(Topology topology) {
        String words = name(topology);
        return "with" + Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * The name under {@code topology}, as its validation messages and {@code withX} methods say it:
     * a native Redis Cluster's shards are its masters ({@code masters}, {@code replicasPerMaster}).
     */
    public String name(Topology topology) {
        if (topology == Topology.CLUSTER) {
            switch (name) {
                case "shards":
                    return "masters";
                case "replicasPerShard":
                    return "replicasPerMaster";
                default:
                    break;
            }
        }
        return name;
    }

    /** The annotation attribute: the name, with {@code Millis} after a duration's. */
    public String annotationAttribute() {
        return kind == Kind.MILLIS ? name + "Millis" : name;
    }

    /**
     * The attribute of the annotation of {@code topology}: named as its {@link #builderMethod(Topology)}
     * (a native Redis Cluster's {@code masters}), with {@code Millis} after a duration's.
     */
    public String annotationAttribute(Topology topology) {
        String method = builderMethod(topology);
        String base = Character.toLowerCase(method.charAt("with".length())) + method.substring("with".length() + 1);
        return kind == Kind.MILLIS ? base + "Millis" : base;
    }

    /** The annotation's constant that holds {@link #configParameter()}, like {@code DOWN_AFTER_MILLIS}. */
    public String constantName() {
        return words(annotationAttribute(), "_").toUpperCase(Locale.ROOT);
    }

    /** The constant of the annotation of {@code topology} that holds {@link #configParameter(Topology)}. */
    public String constantName(Topology topology) {
        return words(annotationAttribute(topology), "_").toUpperCase(Locale.ROOT);
    }

    /** The JUnit configuration parameter, like {@code redis-cluster-testkit.down-after-millis}. */
    public String configParameter() {
        return "redis-cluster-testkit." + words(annotationAttribute(), "-");
    }

    /**
     * The configuration parameter of the annotation of {@code topology}: an option both topologies
     * share keeps one parameter ({@code redis-cluster-testkit.password}); a native Redis Cluster's
     * masters have their own ({@code redis-cluster-testkit.masters}), apart from the shards.
     */
    public String configParameter(Topology topology) {
        return "redis-cluster-testkit." + words(annotationAttribute(topology), "-");
    }

    private static String words(String camel, String separator) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1" + separator + "$2").toLowerCase(Locale.ROOT);
    }
}
