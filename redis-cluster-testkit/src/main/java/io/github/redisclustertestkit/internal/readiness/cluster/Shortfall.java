package io.github.redisclustertestkit.internal.readiness.cluster;


/**
 * A readiness fact of a Redis Cluster that does not hold (yet); the wiring turns it into a
 * {@code readiness.Problem} of the node's plan.
 *
 * @param node    the node that reported it
 * @param awaited what should hold
 * @param seen    what was seen instead
 */
public record Shortfall(NodeAddress node, String awaited, String seen) {

    @Override
    public String toString() {
        return node + ": awaited " + awaited + ", saw " + seen;
    }
}
