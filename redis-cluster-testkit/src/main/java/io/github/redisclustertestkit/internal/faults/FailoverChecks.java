package io.github.redisclustertestkit.internal.faults;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.readiness.Problem;
import io.github.redisclustertestkit.internal.readiness.ReadinessCheck;
import io.github.redisclustertestkit.internal.readiness.SentinelPeriods;
import io.github.redisclustertestkit.internal.readiness.SentinelSelection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts that say a shard's master changed, as readiness checks to poll: the same
 * definition of "the master" as readiness and the default routing (a majority of Sentinels).
 */
public final class FailoverChecks {

    private FailoverChecks() {
    }

    /**
     * A majority of the Sentinels name a master other than {@code previous}, and every Sentinel
     * that answers names that one. (The leader may still be reconfiguring replicas, which it
     * notices only at its next INFO a second later; waiting for that would make every failover
     * a second slower, and a second failover meanwhile is simply retried.)
     */
    public static ReadinessCheck sentinelsAgreeOnANewMaster(ShardPlan shard, NodePlan previous) {
        return probe -> {
            Optional<NodePlan> agreed = probe.agreedMaster(shard);
            String awaited = "every answering Sentinel names a master other than " + previous.name();
            if (agreed.isEmpty() || agreed.get().equals(previous)) {
                return Optional.of(new Problem(shard.sentinels().get(0), awaited,
                        "views " + probe.sentinelViews(shard).values() + " (" + previous.name() + " is port "
                                + previous.port() + ")"));
            }
            for (NodePlan sentinel : shard.sentinels()) {
                try (RespClient client = probe.sentinel(sentinel.port())) {
                    Object named = client.call("SENTINEL", "get-master-addr-by-name", shard.masterName());
                    String port = named instanceof List<?> addr && addr.size() == 2 ? String.valueOf(addr.get(1)) : null;
                    if (!String.valueOf(agreed.get().port()).equals(port)) {
                        return Optional.of(new Problem(sentinel, awaited, "names port " + port));
                    }
                } catch (RespErrorException e) {
                    return Optional.of(new Problem(sentinel, awaited, e.getMessage()));
                } catch (IOException down) {
                    // a Sentinel that does not answer has no say
                }
            }
            return Optional.empty();
        };
    }

    /** A majority of the Sentinels name a master other than {@code previous}. */
    public static ReadinessCheck majorityNamesANewMaster(ShardPlan shard, NodePlan previous) {
        return probe -> {
            Optional<NodePlan> agreed = probe.agreedMaster(shard);
            if (agreed.isPresent() && !agreed.get().equals(previous)) {
                return Optional.empty();
            }
            return Optional.of(new Problem(shard.sentinels().get(0), "a majority of Sentinels names a master other than "
                    + previous.name() + " (port " + previous.port() + ")", "views " + probe.sentinelViews(shard).values()));
        };
    }

    /** Every Redis node but {@code previous} and the agreed master replicates from the agreed master. */
    public static ReadinessCheck othersReplicateFromTheNewMaster(ShardPlan shard, NodePlan previous) {
        return probe -> {
            Optional<NodePlan> agreed = probe.agreedMaster(shard);
            if (agreed.isEmpty()) {
                return Optional.of(new Problem(shard.sentinels().get(0), "the Sentinels agree on a master", "no majority"));
            }
            for (NodePlan node : shard.redis()) {
                if (node.equals(previous) || node.equals(agreed.get())) {
                    continue;
                }
                String awaited = "role:slave of port " + agreed.get().port() + " with master_link_status:up";
                try (RespClient client = probe.redis(node.port())) {
                    Map<String, String> info = client.info("replication");
                    if (!"slave".equals(info.get("role"))
                            || !String.valueOf(agreed.get().port()).equals(info.get("master_port"))
                            || !"up".equals(info.get("master_link_status"))) {
                        return Optional.of(new Problem(node, awaited, "role:" + info.get("role") + " master_port:"
                                + info.get("master_port") + " master_link_status:" + info.get("master_link_status")));
                    }
                } catch (IOException | RespErrorException e) {
                    return Optional.of(new Problem(node, awaited, Probe.seen(e)));
                }
            }
            return Optional.empty();
        };
    }

    /** A fresh connection to the shard's HAProxy master port reaches the agreed master. */
    public static ReadinessCheck haproxyRoutesToTheAgreedMaster(ShardPlan shard, NodePlan haproxy) {
        return probe -> {
            Optional<NodePlan> agreed = probe.agreedMaster(shard);
            String awaited = "master port " + shard.haproxyMasterPort() + " reaches the agreed master";
            if (agreed.isEmpty()) {
                return Optional.of(new Problem(haproxy, awaited, "the Sentinels do not agree"));
            }
            try (RespClient client = probe.redis(shard.haproxyMasterPort())) {
                Map<String, String> info = RespClient.parseInfo((String) client.call("INFO", "server"));
                String port = info.get("tcp_port");
                if (!String.valueOf(agreed.get().port()).equals(port)) {
                    return Optional.of(new Problem(haproxy, awaited + " at port " + agreed.get().port(),
                            "reached port " + port));
                }
                return Optional.empty();
            } catch (IOException | RespErrorException e) {
                return Optional.of(new Problem(haproxy, awaited + " at port " + agreed.get().port(), Probe.seen(e)));
            }
        };
    }

    /**
     * Every answering Sentinel could start a failover of the shard now, and none would undo it:
     * each has a replica it would promote, and records no live replica as a master
     * ({@link SentinelSelection}). Unlike readiness, a replica a test stopped does not count
     * against it: one promotable replica is enough.
     */
    public static ReadinessCheck sentinelsCanFailOver(ShardPlan shard, SentinelPeriods periods, NodePlan master) {
        return probe -> {
            String awaited = "a replica of " + master.name() + " it would promote, and no live replica recorded"
                    + " as a master";
            for (NodePlan sentinel : shard.sentinels()) {
                try (RespClient client = probe.sentinel(sentinel.port())) {
                    List<String> notPromotable = new ArrayList<>();
                    boolean promotable = false;
                    for (Object entry : (List<?>) client.call("SENTINEL", "replicas", shard.masterName())) {
                        Map<String, String> replica = RespClient.pairs(entry);
                        if (SentinelSelection.recordedAsMaster(replica)) {
                            return Optional.of(new Problem(sentinel, awaited, SentinelSelection.describe(replica)));
                        }
                        Optional<String> not = SentinelSelection.notPromotable(replica, periods);
                        not.ifPresent(notPromotable::add);
                        promotable |= not.isEmpty();
                    }
                    if (!promotable) {
                        return Optional.of(new Problem(sentinel, awaited, notPromotable.isEmpty()
                                ? "no replica known" : String.join("; ", notPromotable)));
                    }
                } catch (RespErrorException e) {
                    return Optional.of(new Problem(sentinel, awaited, e.getMessage()));
                } catch (IOException down) {
                    // a Sentinel that does not answer has no say
                }
            }
            return Optional.empty();
        };
    }

    /** The checks {@code failover()} waits for. */
    public static List<ReadinessCheck> failoverDone(ShardPlan shard, NodePlan previous, NodePlan haproxy) {
        return List.of(sentinelsAgreeOnANewMaster(shard, previous), othersReplicateFromTheNewMaster(shard, previous),
                haproxyRoutesToTheAgreedMaster(shard, haproxy));
    }

    /** Picks a replica that can take over, or says why none can. */
    public static Optional<String> noHealthyReplica(Probe probe, ShardPlan shard, NodePlan master) {
        StringBuilder seen = new StringBuilder();
        for (NodePlan node : shard.redis()) {
            if (node.equals(master)) {
                continue;
            }
            try (RespClient client = probe.redis(node.port())) {
                Map<String, String> info = client.info("replication");
                if ("slave".equals(info.get("role")) && "up".equals(info.get("master_link_status"))) {
                    return Optional.empty();
                }
                seen.append(node.name()).append(": role:").append(info.get("role")).append(" master_link_status:")
                        .append(info.get("master_link_status")).append("; ");
            } catch (IOException | RespErrorException e) {
                seen.append(node.name()).append(": ").append(Probe.seen(e)).append("; ");
            }
        }
        return Optional.of(seen.toString().trim());
    }
}
