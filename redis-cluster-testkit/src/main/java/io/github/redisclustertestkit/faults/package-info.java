/**
 * What the Sentinels of a shard announce while a fault plays out:
 * {@link io.github.redisclustertestkit.faults.SentinelEvents}, from {@code Shard.sentinelEvents()}.
 * The faults themselves are methods of {@code Node}, {@code Shard} and {@code ClusterNetwork}.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit.faults;
