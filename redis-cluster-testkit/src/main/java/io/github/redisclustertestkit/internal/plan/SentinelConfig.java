package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;

import java.util.List;

/** Renders a Sentinel's {@code sentinel.conf}. */
final class SentinelConfig {

    private SentinelConfig() {
    }

    /**
     * The Sentinel is told the whole truth up front (its own id, the replicas, its peers with
     * their ids), so a fresh group agrees at once instead of after seconds of INFO polling and
     * hello messages.
     */
    static String render(ClusterSpec spec, Server server, Acl acl, Addresses addresses, String masterName, int self,
                         List<Integer> redisPorts, List<Integer> sentinelPorts, List<String> sentinelIds) {
        StringBuilder conf = new StringBuilder();
        conf.append("# ").append(masterName).append(" sentinel-").append(self)
                .append(", rendered by redis-cluster-testkit\n");
        conf.append("bind ").append(addresses.bind(sentinelPorts.get(self))).append('\n');
        if (spec.tls()) {
            TlsLayout.appendServerLines(conf, spec, NodeKind.SENTINEL, sentinelPorts.get(self), false);
        } else {
            conf.append("port ").append(sentinelPorts.get(self)).append('\n');
        }
        RedisConfig.sourceAddress(conf, addresses, sentinelPorts.get(self));
        conf.append("protected-mode no\n");
        conf.append("dir /data\n");
        conf.append("sentinel myid ").append(sentinelIds.get(self)).append('\n');
        conf.append("sentinel monitor ").append(masterName).append(' ')
                .append(addresses.nodeHost(redisPorts.get(0))).append(' ')
                .append(redisPorts.get(0)).append(' ').append(spec.effectiveQuorum()).append('\n');
        conf.append("sentinel down-after-milliseconds ").append(masterName).append(' ')
                .append(ClusterPlan.downAfter(spec.downAfter(), server).toMillis()).append('\n');
        conf.append("sentinel failover-timeout ").append(masterName).append(' ')
                .append(spec.failoverTimeout().toMillis()).append('\n');
        // All replicas resync with the new master at once: a test should not wait for them in turn.
        conf.append("sentinel parallel-syncs ").append(masterName).append(' ')
                .append(redisPorts.size() - 1).append('\n');
        if (acl != null) {
            conf.append("sentinel auth-user ").append(masterName).append(' ').append(Acl.SENTINEL).append('\n');
            conf.append("sentinel auth-pass ").append(masterName).append(' ').append(acl.sentinelPassword()).append('\n');
        } else if (spec.password() != null) {
            conf.append("sentinel auth-pass ").append(masterName).append(' ').append(spec.password()).append('\n');
        }
        // Named as the master reports a replica: by the address it connects from.
        for (int port : redisPorts.subList(1, redisPorts.size())) {
            conf.append("sentinel known-replica ").append(masterName).append(' ')
                    .append(addresses.nodeHost(port))
                    .append(' ')
                    .append(port).append('\n');
        }
        for (int i = 0; i < sentinelPorts.size(); i++) {
            if (i != self) {
                conf.append("sentinel known-sentinel ").append(masterName).append(' ')
                        .append(addresses.nodeHost(sentinelPorts.get(i))).append(' ')
                        .append(sentinelPorts.get(i)).append(' ').append(sentinelIds.get(i)).append('\n');
            }
        }
        spec.sentinelConf().forEach(line -> conf.append(line).append('\n'));
        return conf.toString();
    }
}
