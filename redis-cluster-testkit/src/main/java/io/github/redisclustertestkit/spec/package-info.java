/**
 * What a cluster is made of: {@link io.github.redisclustertestkit.spec.ClusterSpec}, the
 * {@link io.github.redisclustertestkit.spec.Defaults} of its options, and the choices of
 * {@link io.github.redisclustertestkit.spec.Routing} and
 * {@link io.github.redisclustertestkit.spec.NetworkMode}.
 *
 * @since 0.1.0
 */
package io.github.redisclustertestkit.spec;
