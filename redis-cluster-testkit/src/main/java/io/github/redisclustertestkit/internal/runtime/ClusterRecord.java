package io.github.redisclustertestkit.internal.runtime;

import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.NetworkMode;
import org.testcontainers.utility.DockerImageName;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.tls.ClusterTls;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Everything the planner was given for a cluster, recorded in the labels of each of its
 * containers: another process (the CLI's fault verbs, {@code RedisShardedClusterContainer.attach})
 * rebuilds the very plan from them and acts on the cluster with the same code and the same waits
 * as the process that started it.
 *
 * @param spec      the validated spec
 * @param server    what the Redis image runs
 * @param ports     the port block the planner took, in order
 * @param seed      the seed of the Sentinel ids
 * @param addresses what the planner was given: in a pod, the pod's own
 * @param host      where clients reach the cluster from this machine
 * @param mode      HOST or POD, as decided at start
 * @param pod       the pod network, or null under host networking
 */
public record ClusterRecord(ClusterSpec spec, Server server, List<Integer> ports, long seed, Addresses addresses,
                            String host, NetworkMode mode, PodNetwork pod) {

    private static final String PREFIX = "redis-cluster-testkit.plan.";
    private static final String SPEC = PREFIX + "spec.";
    private static final String SERVER = PREFIX + "server";
    private static final String PORTS = PREFIX + "ports";
    private static final String SEED = PREFIX + "seed";
    private static final String ADDRESSES = PREFIX + "addresses";
    private static final String HOST = PREFIX + "host";
    private static final String MODE = PREFIX + "network-mode";
    private static final String POD = PREFIX + "pod";
    /** Separates the parts of a composite value: no address, network name or subnet contains it. */
    private static final String SEPARATOR = "|";

    public ClusterRecord {
        ports = List.copyOf(ports);
    }

    /** The plan, as the planner makes it from this record: the same for every process that reads it. */
    public ClusterPlan plan(String clusterId) {
        return Planner.plan(spec, server, clusterId, addresses, count -> {
            if (count != ports.size()) {
                throw new IllegalArgumentException(count + " ports asked for, " + ports.size() + " recorded");
            }
            return ports;
        }, new Random(seed));
    }

    public Map<String, String> toLabels() {
        Map<String, String> labels = new HashMap<>();
        for (SpecOption option : SpecOptions.ALL) {
            Object value = option.get().apply(spec);
            if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    labels.put(SPEC + option.name() + "." + i, String.valueOf(items.get(i)));
                }
            } else if (value != null) {
                labels.put(SPEC + option.name(), text(value));
            }
        }
        labels.put(SERVER, server.flavour().name() + " " + server.version());
        labels.put(PORTS, ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
        labels.put(SEED, Long.toString(seed));
        labels.put(ADDRESSES, String.join(SEPARATOR, addresses.bind(), addresses.nodeHost(), addresses.clientHost(),
                Boolean.toString(addresses.perNode())));
        labels.put(HOST, host);
        labels.put(MODE, mode.name());
        if (pod != null) {
            labels.put(POD, String.join(SEPARATOR, pod.name(), pod.subnet(), pod.podAddress(), pod.publishAddress()));
        }
        return Map.copyOf(labels);
    }

    /**
     * The TLS files of the cluster whose node carries {@code labels}, for a process that attaches to it.
     *
     * @return empty for a plain cluster
     * @throws ClusterFailure if the cluster is a TLS one whose files this process cannot read
     */
    public static Optional<ClusterTls> tls(ClusterRecord record, Map<String, String> labels) {
        if (!record.spec().tls()) {
            return Optional.empty();
        }
        Path directory = ClusterTls.directoryIn(labels).orElse(null);
        if (directory == null) {
            throw new ClusterFailure("the TLS cluster's labels name no directory of TLS files: its CA cannot be"
                    + " found. Act on it from the process that started it");
        }
        try {
            return Optional.of(ClusterTls.read(directory));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ClusterFailure(e.getMessage() + ". A TLS cluster can be acted on only by the user who started"
                    + " it, on the machine it was started from, while that process runs", e);
        }
    }

    /** The record in a container's labels; empty if there is none (a cluster of an older version) or it is malformed. */
    public static Optional<ClusterRecord> parse(Map<String, String> labels) {
        if (!labels.containsKey(SERVER)) {
            return Optional.empty();
        }
        try {
            ClusterSpec.Builder spec = ClusterSpec.defaults().toBuilder();
            for (SpecOption option : SpecOptions.ALL) {
                String text = labels.get(SPEC + option.name());
                if (option.kind() == SpecOption.Kind.LIST) {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; labels.containsKey(SPEC + option.name() + "." + i); i++) {
                        items.add(labels.get(SPEC + option.name() + "." + i));
                    }
                    option.set().accept(spec, List.copyOf(items));
                } else if (text != null) {
                    option.set().accept(spec, option.parse(text));
                }
            }
            String[] server = labels.get(SERVER).split(" ", 2);
            String[] a = parts(labels.get(ADDRESSES), 4);
            String podText = labels.get(POD);
            String[] p = podText == null ? null : parts(podText, 4);
            return Optional.of(new ClusterRecord(spec.build(),
                    new Server(ServerFlavour.valueOf(server[0]), server[1]),
                    Arrays.stream(labels.get(PORTS).split(",")).map(Integer::valueOf).toList(),
                    Long.parseLong(labels.get(SEED)),
                    new Addresses(a[0], a[1], a[2], Boolean.parseBoolean(a[3])),
                    labels.get(HOST), NetworkMode.valueOf(labels.get(MODE)),
                    p == null ? null : new PodNetwork(p[0], p[1], p[2], p[3])));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** As {@link SpecOption#parse} reads it back. */
    private static String text(Object value) {
        if (value instanceof Duration d) {
            return Long.toString(d.toMillis());
        }
        if (value instanceof DockerImageName image) {
            return image.asCanonicalNameString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return String.valueOf(value);
    }

    private static String[] parts(String text, int count) {
        String[] parts = text.split("\\" + SEPARATOR, -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("expected " + count + " parts in '" + text + "'");
        }
        return parts;
    }
}
