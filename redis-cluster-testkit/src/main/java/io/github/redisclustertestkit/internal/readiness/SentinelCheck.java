package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Sentinel agrees: it names the agreed master without a down flag, sees every replica
 * connected, not down and reporting itself as a replica, sees every peer Sentinel, and
 * {@code SENTINEL CKQUORUM} is OK. A Sentinel that still remembers a just-demoted master as a
 * master would turn it back into a replica if the next failover promoted it.
 * <p>
 * Its copy of a replica's link status is not awaited: it comes from an INFO that the Sentinel
 * refreshes only every info-period, while {@link ReplicationCheck} asks the replica itself.
 */
final class SentinelCheck implements ReadinessCheck {

    private final ShardPlan shard;
    private final NodePlan sentinel;

    SentinelCheck(ShardPlan shard, NodePlan sentinel) {
        this.shard = shard;
        this.sentinel = sentinel;
    }

    @Override
    public String name() {
        return sentinel.name() + " agrees";
    }

    @Override
    public Optional<Problem> evaluate(Probe probe) {
        int replicas = shard.redis().size() - 1;
        int peers = shard.sentinels().size() - 1;
        Optional<NodePlan> agreed = probe.agreedMaster(shard);
        String masterPort = agreed.map(n -> String.valueOf(n.port())).orElse("(none agreed)");
        String awaited = "names master port " + masterPort + " with flags=master, num-slaves=" + replicas
                + ", num-other-sentinels=" + peers + ", every replica flags=slave role-reported=slave, CKQUORUM OK";
        try (RespClient client = probe.sentinel(sentinel.port())) {
            Map<String, String> master = RespClient.pairs(client.call("SENTINEL", "master", shard.masterName()));
            String seen = "port=" + master.get("port") + " flags=" + master.get("flags") + " num-slaves="
                    + master.get("num-slaves") + " num-other-sentinels=" + master.get("num-other-sentinels");
            if (agreed.isEmpty()
                    || !masterPort.equals(master.get("port"))
                    || !"master".equals(master.get("flags"))
                    || !String.valueOf(replicas).equals(master.get("num-slaves"))
                    || !String.valueOf(peers).equals(master.get("num-other-sentinels"))) {
                return Optional.of(new Problem(sentinel, awaited, seen));
            }
            for (Object entry : (List<?>) client.call("SENTINEL", "replicas", shard.masterName())) {
                Map<String, String> replica = RespClient.pairs(entry);
                if (!"slave".equals(replica.get("flags")) || !"slave".equals(replica.get("role-reported"))) {
                    return Optional.of(new Problem(sentinel, awaited, "replica port=" + replica.get("port")
                            + " flags=" + replica.get("flags") + " role-reported=" + replica.get("role-reported")));
                }
            }
            client.call("SENTINEL", "ckquorum", shard.masterName());
            return Optional.empty();
        } catch (IOException | RespErrorException e) {
            return Optional.of(new Problem(sentinel, awaited, Probe.seen(e)));
        }
    }
}
