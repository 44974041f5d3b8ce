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
 * One Sentinel agrees, and could start a failover now that no other Sentinel undoes: it names
 * the agreed master with flags {@code master} and role-reported {@code master}, knows every peer
 * Sentinel, {@code SENTINEL CKQUORUM} is OK, and lists as replicas exactly the plan's other Redis
 * nodes, each promotable in its view and recorded with the role it reports ({@link SentinelSelection},
 * where the rule is derived from Sentinel's code). With {@link ReplicationCheck} (each node's own
 * role and link) this is: every node the plan has is in the role Sentinel records, and reports it.
 */
final class SentinelCheck implements ReadinessCheck {

    private final ShardPlan shard;
    private final NodePlan sentinel;
    private final SentinelPeriods periods;

    SentinelCheck(ShardPlan shard, NodePlan sentinel, SentinelPeriods periods) {
        this.shard = shard;
        this.sentinel = sentinel;
        this.periods = periods;
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
        String awaited = "names master port " + masterPort + " with flags=master role-reported=master, num-slaves="
                + replicas + ", num-other-sentinels=" + peers + ", CKQUORUM OK, replicas at exactly the planned ports, each promotable"
                + " (flags=slave master-link-status=ok role-reported=slave, info-refresh < "
                + periods.info().toMillis() * 3 / 2 + " ms, last-ok-ping-reply < " + periods.ping().toMillis() * 5 / 2
                + " ms)";
        try (RespClient client = probe.sentinel(sentinel.port())) {
            Map<String, String> master = RespClient.pairs(client.call("SENTINEL", "master", shard.masterName()));
            String seen = "port=" + master.get("port") + " flags=" + master.get("flags") + " role-reported="
                    + master.get("role-reported") + " num-slaves=" + master.get("num-slaves")
                    + " num-other-sentinels=" + master.get("num-other-sentinels");
            if (agreed.isEmpty()
                    || !masterPort.equals(master.get("port"))
                    || !"master".equals(master.get("flags"))
                    || !"master".equals(master.get("role-reported"))
                    || !String.valueOf(replicas).equals(master.get("num-slaves"))
                    || !String.valueOf(peers).equals(master.get("num-other-sentinels"))) {
                return Optional.of(new Problem(sentinel, awaited, seen));
            }
            List<Map<String, String>> listed = ((List<?>) client.call("SENTINEL", "replicas", shard.masterName()))
                    .stream().map(RespClient::pairs).toList();
            List<Integer> planned = shard.redis().stream().filter(n -> !n.equals(agreed.get()))
                    .map(NodePlan::port).toList();
            Optional<String> not = SentinelSelection.notAsPlanned(listed, planned, periods);
            if (not.isPresent()) {
                return Optional.of(new Problem(sentinel, awaited, not.get()));
            }
            client.call("SENTINEL", "ckquorum", shard.masterName());
            return Optional.empty();
        } catch (IOException | RespErrorException e) {
            return Optional.of(new Problem(sentinel, awaited, Probe.seen(e)));
        }
    }
}
