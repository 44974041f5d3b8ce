package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodePlan;

/**
 * A readiness fact that does not hold (yet).
 *
 * @param node    the node it is blamed on
 * @param awaited what should hold
 * @param seen    what was seen instead
 */
public record Problem(NodePlan node, String awaited, String seen) {
}
