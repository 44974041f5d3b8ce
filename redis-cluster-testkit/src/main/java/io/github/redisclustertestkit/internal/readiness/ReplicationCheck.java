package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Replication holds: the agreed master reports every other node of the shard as a connected
 * replica, and every replica reports {@code master_link_status:up} to that master.
 */
final class ReplicationCheck implements ReadinessCheck {

    private final ShardPlan shard;

    ReplicationCheck(ShardPlan shard) {
        this.shard = shard;
    }

    @Override
    public String name() {
        return "replication " + shard.masterName();
    }

    @Override
    public Optional<Problem> evaluate(Probe probe) {
        Optional<NodePlan> agreed = probe.agreedMaster(shard);
        if (agreed.isEmpty()) {
            return Optional.of(new Problem(shard.sentinels().get(0),
                    "a majority of " + shard.masterName() + "'s Sentinels name one master",
                    "views " + probe.sentinelViews(shard).values()));
        }
        NodePlan master = agreed.get();
        int replicas = shard.redis().size() - 1;
        String awaited = "role:master with connected_slaves:" + replicas;
        try (RespClient client = probe.redis(master.port())) {
            Map<String, String> info = client.info("replication");
            if (!"master".equals(info.get("role"))
                    || !String.valueOf(replicas).equals(info.get("connected_slaves"))) {
                return Optional.of(new Problem(master, awaited,
                        "role:" + info.get("role") + " connected_slaves:" + info.get("connected_slaves")));
            }
            for (int i = 0; i < replicas; i++) {
                String line = info.getOrDefault("slave" + i, "");
                if (!line.contains("state=online")) {
                    return Optional.of(new Problem(master, awaited + ", each state=online", "slave" + i + ":" + line));
                }
            }
        } catch (IOException | RespErrorException e) {
            return Optional.of(new Problem(master, awaited, Probe.seen(e)));
        }
        for (NodePlan replica : shard.redis()) {
            if (replica.equals(master)) {
                continue;
            }
            String replicaAwaited = "role:slave of port " + master.port() + " with master_link_status:up";
            try (RespClient client = probe.redis(replica.port())) {
                Map<String, String> info = client.info("replication");
                if (!"slave".equals(info.get("role"))
                        || !String.valueOf(master.port()).equals(info.get("master_port"))
                        || !"up".equals(info.get("master_link_status"))) {
                    return Optional.of(new Problem(replica, replicaAwaited, "role:" + info.get("role")
                            + " master_port:" + info.get("master_port")
                            + " master_link_status:" + info.get("master_link_status")));
                }
            } catch (IOException | RespErrorException e) {
                return Optional.of(new Problem(replica, replicaAwaited, Probe.seen(e)));
            }
        }
        return Optional.empty();
    }
}
