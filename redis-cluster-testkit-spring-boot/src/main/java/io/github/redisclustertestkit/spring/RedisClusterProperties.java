package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.RedisClusterContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.Map;
import java.util.function.Supplier;

/**
 * For tests that configure Redis through {@code spring.data.redis.*} properties rather than
 * {@link RedisClusterConnection}:
 * <pre>{@code
 * static RedisClusterContainer cluster; // injected by @RedisCluster
 *
 * @DynamicPropertySource
 * static void redis(DynamicPropertyRegistry registry) {
 *     RedisClusterProperties.register(registry, () -> cluster);
 * }
 * }</pre>
 * Sets {@code spring.data.redis.cluster.nodes} (every node, as seeds) and, if the cluster has one,
 * {@code spring.data.redis.password}; on a cluster with ACL users {@code spring.data.redis.username}
 * and {@code password} of the first declared user, or of the one named; a TLS cluster adds {@code spring.data.redis.ssl.*} and a
 * {@code spring.ssl.bundle.pem.*} bundle of its certificate files. The values are read when the
 * context starts, so the cluster may be injected after this runs.
 *
 * @since 0.1.0
 */
public final class RedisClusterProperties {

    private RedisClusterProperties() {
    }

    /**
     * Registers the {@code spring.data.redis.*} properties of a native Redis Cluster.
     *
     * @param registry the registry of the {@code @DynamicPropertySource} method
     * @param cluster  the running cluster, asked for when the context starts
     */
    public static void register(DynamicPropertyRegistry registry, Supplier<RedisClusterContainer> cluster) {
        register(registry, cluster, "");
    }

    /**
     * {@link #register(DynamicPropertyRegistry, Supplier)} as a given ACL user.
     *
     * @param registry the registry of the {@code @DynamicPropertySource} method
     * @param cluster  the running cluster, asked for when the context starts
     * @param user the name of a user the cluster declares, or empty for the first one; a name the
     *             cluster does not declare fails the context's start, naming the declared users
     */
    public static void register(DynamicPropertyRegistry registry, Supplier<RedisClusterContainer> cluster,
                                String user) {
        Supplier<Map<String, String>> properties = Once.of(() -> properties(cluster.get(), user));
        for (String name : ClusterConnection.PROPERTY_NAMES) {
            registry.add(name, () -> properties.get().get(name));
        }
    }

    /**
     * {@return the {@code spring.data.redis.*} properties of a running cluster}, for setups without
     * a property registry, such as {@code SpringApplicationBuilder.properties(..)}
     *
     * @param cluster a started cluster
     */
    public static Map<String, String> properties(RedisClusterContainer cluster) {
        return properties(cluster, "");
    }

    /**
     * {@link #properties(RedisClusterContainer)} as a given ACL user.
     *
     * @param cluster a started cluster
     * @param user    the name of a user the cluster declares, or empty for the first one
     * @return the properties, {@code spring.data.redis.username} and {@code password} of that user
     * @throws IllegalStateException when the cluster does not declare the user, naming those it does
     */
    public static Map<String, String> properties(RedisClusterContainer cluster, String user) {
        return ClusterConnection.of(cluster, user, "RedisClusterProperties"
                + (user.isEmpty() ? "" : " (user = \"" + user + "\")")).properties();
    }
}
