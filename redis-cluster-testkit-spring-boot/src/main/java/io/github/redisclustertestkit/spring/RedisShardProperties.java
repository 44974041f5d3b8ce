package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.Map;
import java.util.function.Supplier;

/**
 * For tests that configure Redis through {@code spring.data.redis.*} properties rather than
 * {@link RedisShardConnection}:
 * <pre>{@code
 * static RedisShardedClusterContainer cluster; // injected by @RedisShardedCluster
 *
 * @DynamicPropertySource
 * static void redis(DynamicPropertyRegistry registry) {
 *     RedisShardProperties.register(registry, () -> cluster, 0, Mode.SENTINEL);
 * }
 * }</pre>
 * SENTINEL sets {@code sentinel.master}, {@code sentinel.nodes} and {@code password}; HAPROXY
 * sets {@code host}, {@code port} (the shard's HAProxy master port) and {@code password}. On a
 * cluster with ACL users, {@code username} and {@code password} are those of the first declared
 * user, or of the one named with {@link #register(DynamicPropertyRegistry, Supplier, int, Mode, String)}.
 * A TLS cluster adds {@code ssl.enabled}, {@code ssl.bundle} and that bundle's
 * {@code spring.ssl.bundle.pem.*} certificate files (key too under mutual TLS).
 * The values are read when the context starts, so the cluster may be injected after this runs.
 *
 * @since 0.1.0
 */
public final class RedisShardProperties {

    private RedisShardProperties() {
    }

    /**
     * Registers the {@code spring.data.redis.*} properties of one shard in one mode, as the first
     * user the cluster declares, or as the default user when it declares none; a password is
     * registered only if that user has one.
     *
     * @param registry the registry of the {@code @DynamicPropertySource} method
     * @param cluster  the running cluster, asked for when the context starts
     * @param shard    the shard's index, from 0; a shard the cluster does not have fails the
     *                 context's start with an {@link IllegalStateException} that names it
     * @param mode     Sentinel-aware client or HAProxy master port
     */
    public static void register(DynamicPropertyRegistry registry, Supplier<RedisShardedClusterContainer> cluster,
                                int shard, Mode mode) {
        register(registry, cluster, shard, mode, "");
    }

    /**
     * {@link #register(DynamicPropertyRegistry, Supplier, int, Mode)} as a given ACL user.
     *
     * @param registry the registry of the {@code @DynamicPropertySource} method
     * @param cluster  the running cluster, asked for when the context starts
     * @param shard    the shard's index, from 0
     * @param mode     Sentinel-aware client or HAProxy master port
     * @param user the name of a user the cluster declares ({@code spring.data.redis.username}; the
     *             password comes from the cluster's entry), or empty for the first one; a name the
     *             cluster does not declare fails the context's start, naming the declared users
     */
    public static void register(DynamicPropertyRegistry registry, Supplier<RedisShardedClusterContainer> cluster,
                                int shard, Mode mode, String user) {
        register(registry, mode, () -> ShardConnection.of(cluster.get(), shard, mode, user,
                "RedisShardProperties.register(.., shard = " + shard + ", mode = " + mode
                        + (user.isEmpty() ? "" : ", user = \"" + user + "\"") + ")"));
    }

    static void register(DynamicPropertyRegistry registry, Mode mode, Supplier<ShardConnection> connection) {
        Supplier<Map<String, String>> properties = Once.of(() -> connection.get().properties());
        for (String name : ShardConnection.propertyNames(mode)) {
            registry.add(name, () -> properties.get().get(name));
        }
    }
}
