package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.TlsMaterial;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.RedisClusterShard;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a {@link RedisClusterContainer} for the tests of a class annotated with {@link RedisCluster}.
 * Injects, into test and lifecycle method parameters and into fields: the container, a
 * {@code RedisClusterShard} ({@link OnShard} picks which, default 0), and the seeds, {@link Seeds}
 * {@code List<Endpoint>} or {@code String}. Fields are injected when they are annotated with one of
 * these, or are of one of the two cluster types and still null.
 * <p>
 * The cluster starts when first needed and lives in a JUnit store: the test class's (per class),
 * or the launcher session's (shared by every class with equal settings, closed once at the end).
 * Before each test it is reset: stopped, killed or paused nodes are brought back, the cluster is
 * awaited ready, and every master is flushed. A test that fails gets the cluster's diagnostics
 * attached and its timeline page written, named at the end of the failure's message
 * ({@link TimelinePages}). Under parallel execution a reset waits for the tests running on that
 * cluster, and tests wait for a reset.
 *
 * @since 0.1.0
 */
public final class RedisClusterExtension extends ClusterExtension<RedisClusterContainer> {

    /** Test classes running under the extension, from their beforeAll to the end of the class. */
    private static final RunningClusters<RedisClusterContainer> RUNNING =
            new RunningClusters<>(ExtensionContext.Namespace.create(RedisClusterExtension.class));
    private static final Front<RedisClusterContainer> FRONT = new Front<>(Topology.CLUSTER, RedisCluster.class, "",
            RedisClusterExtension::container, (cluster, healTimeout) -> {
                cluster.heal(healTimeout);
                cluster.flushAll();
            }, RedisClusterContainer::diagnostics, RedisClusterContainer::writeTimeline, RUNNING);

    /** Used by JUnit for {@link RedisCluster}. */
    public RedisClusterExtension() {
        super(FRONT, null);
    }

    /**
     * The cluster of a test class that is running under this extension, for integrations that
     * set themselves up outside JUnit's callbacks (Spring's test context loads inside them, but
     * cannot see their {@code ExtensionContext}). Starts the cluster if no test has needed it yet;
     * the extension still owns it (closed with the class, or at the end of the run if shared).
     *
     * @param testClass the test class, as JUnit runs it
     * @return empty unless the class has passed the extension's beforeAll and not yet finished
     */
    public static Optional<RedisClusterContainer> clusterOf(Class<?> testClass) {
        return RUNNING.of(testClass);
    }

    // --- injection -----------------------------------------------------------------------------

    /**
     * Whether an injection point is this extension's: {@link RedisShardedClusterExtension} leaves
     * these alone, so that a class may use both annotations.
     */
    static boolean injectsOwn(AnnotatedElement element, Class<?> type) {
        return type == RedisClusterContainer.class || type == RedisClusterShard.class
                || element.isAnnotationPresent(Seeds.class);
    }

    @Override
    boolean injects(AnnotatedElement element, Class<?> type, boolean parameter) {
        return injectsOwn(element, type) || type == TlsMaterial.class;
    }

    @Override
    boolean qualified(AnnotatedElement element) {
        return element.isAnnotationPresent(OnShard.class) || element.isAnnotationPresent(Seeds.class);
    }

    @Override
    Function<RedisClusterContainer, Object> target(AnnotatedElement element, Type type, String what,
                                                  ClusterSettings settings) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        OnShard onShard = element.getAnnotation(OnShard.class);
        if (element.isAnnotationPresent(Seeds.class)) {
            if (onShard != null) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard does not apply to"
                        + " @Seeds, which are every node of the cluster");
            }
            if (raw == String.class) {
                return RedisClusterContainer::seeds;
            }
            boolean listOfEndpoints = raw == List.class && type instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == Endpoint.class;
            if (!listOfEndpoints) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @Seeds injects a List<Endpoint>"
                        + " or a String, not a " + type.getTypeName().replace("io.github.redisclustertestkit.", "")
                        + "; declare it as List<Endpoint> or String");
            }
            return RedisClusterContainer::nodes;
        }
        if (raw == TlsMaterial.class) {
            return ClusterExtension.tlsMaterial(what, settings);
        }
        if (raw == RedisClusterContainer.class) {
            if (onShard != null) {
                throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard does not apply to the"
                        + " whole cluster; declare the type as RedisClusterShard");
            }
            return cluster -> cluster;
        }
        int shard = onShard == null ? 0 : onShard.value();
        int masters = settings.spec().shards();
        if (shard < 0 || shard >= masters) {
            throw new ParameterResolutionException("Cannot inject " + what + ": @OnShard(" + shard
                    + ") is out of range, the cluster has shards 0.." + (masters - 1) + " (masters = " + masters + ")");
        }
        return cluster -> cluster.shard(shard);
    }

    /**
     * The container a spec describes, through its {@code withX} methods: one per option of the
     * topology (OptionParityTest checks that none is left out).
     */
    static RedisClusterContainer container(ClusterSpec spec) {
        return new RedisClusterContainer()
                .withMasters(spec.shards())
                .withReplicasPerMaster(spec.replicasPerShard())
                .withClusterNodeTimeout(spec.clusterNodeTimeout())
                .withPassword(spec.password())
                .withAppendOnly(spec.appendOnly())
                .withRedisConf(spec.redisConf().toArray(String[]::new))
                .withBindAddress(spec.bindAddress())
                .withStartupTimeout(spec.startupTimeout())
                .withRedisImage(spec.redisImage())
                .withNetworkFaults(spec.networkFaults())
                .withReuse(spec.reuse())
                .withTls(spec.tls())
                .withMutualTls(spec.mutualTls())
                .withUsers(spec.users().toArray(String[]::new))
                .withDefaultUserDisabled(spec.defaultUserDisabled())
                .withNetworkMode(spec.networkMode());
    }
}
