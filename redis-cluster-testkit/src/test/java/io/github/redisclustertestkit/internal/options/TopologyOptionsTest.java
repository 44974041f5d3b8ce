package io.github.redisclustertestkit.internal.options;

import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.internal.options.SpecOption.Kind;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Options per topology, declared once: the native Redis Cluster's front offers exactly the options
 * that apply to it, and an option of the other topology set on a spec is refused before anything
 * starts (the CLI's {@code up --topology cluster --sentinels 5} would otherwise ignore it).
 */
class TopologyOptionsTest {

    @Test
    void theClusterContainerHasEveryClusterOptionAndSetsItAsDeclared() throws Exception {
        List<String> problems = new ArrayList<>();
        for (SpecOption option : SpecOptions.of(Topology.CLUSTER)) {
            Method with;
            try {
                with = RedisClusterContainer.class.getMethod(option.builderMethod(Topology.CLUSTER),
                        option.kind().builderType());
            } catch (NoSuchMethodException e) {
                problems.add("RedisClusterContainer lacks " + option.builderMethod(Topology.CLUSTER));
                continue;
            }
            RedisClusterContainer container = new RedisClusterContainer();
            Object value = option.parse(option.example());
            with.invoke(container, option.kind() == Kind.LIST ? ((List<?>) value).toArray(String[]::new) : value);
            Object expected = option.get().apply(option.apply(new RedisClusterContainer().spec().toBuilder(), value)
                    .build());
            if (!option.get().apply(container.spec()).equals(expected)) {
                problems.add(option.builderMethod(Topology.CLUSTER) + " sets " + option.get().apply(container.spec()));
            }
        }
        for (Method m : RedisClusterContainer.class.getDeclaredMethods()) {
            if (m.getName().startsWith("with") && java.lang.reflect.Modifier.isPublic(m.getModifiers())
                    && !SpecOptions.CONVENIENCES.containsKey(m.getName())
                    && SpecOptions.of(Topology.CLUSTER).stream().noneMatch(o -> o.builderMethod(Topology.CLUSTER)
                    .equals(m.getName()))) {
                problems.add("RedisClusterContainer." + m.getName() + " is no cluster option of SpecOptions.ALL");
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theClusterContainerStartsAsTheIssueSaysAndValidates() {
        ClusterSpec spec = new RedisClusterContainer().spec();
        assertThat(spec.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(List.of(spec.shards(), spec.replicasPerShard())).containsExactly(3, 1);
        spec.validate();
        SpecOptions.requireApplicable(spec);
        SpecOptions.requireApplicable(ClusterSpec.defaults());
    }

    @Test
    void anOptionOfTheOtherTopologyIsRefusedNamingItAndTheFix() {
        ClusterSpec cluster = new RedisClusterContainer().spec();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SpecOptions.requireApplicable(cluster.toBuilder().sentinelsPerShard(5).build()))
                .withMessage("sentinelsPerShard (CLI: --sentinels) does not apply to topology CLUSTER: it is an option"
                        + " of [SENTINEL] only. Leave it unset for CLUSTER");
        assertThatIllegalArgumentException().isThrownBy(() -> SpecOptions.requireApplicable(ClusterSpec.defaults()
                        .toBuilder().clusterNodeTimeout(java.time.Duration.ofSeconds(2)).build()))
                .withMessageStartingWith("clusterNodeTimeout (CLI: --cluster-node-timeout-ms) does not apply to"
                        + " topology SENTINEL");
    }
}
