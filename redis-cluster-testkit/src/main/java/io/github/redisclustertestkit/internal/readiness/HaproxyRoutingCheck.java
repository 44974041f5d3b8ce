package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.RespClient;
import io.github.redisclustertestkit.internal.probe.RespErrorException;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HAProxy routes one shard right: every server of the shard's backends has been checked, the
 * master port reaches the agreed master, and the replicas port reaches only that shard's
 * replicas (each of them, round robin).
 */
final class HaproxyRoutingCheck implements ReadinessCheck {

    private final ShardPlan shard;
    private final NodePlan haproxy;

    HaproxyRoutingCheck(ShardPlan shard, NodePlan haproxy) {
        this.shard = shard;
        this.haproxy = haproxy;
    }

    @Override
    public String name() {
        return "haproxy routes " + shard.masterName();
    }

    @Override
    public Optional<Problem> evaluate(Probe probe) {
        String prefix = "shard-" + shard.index() + "-";
        try {
            List<HaproxyAdmin.ServerState> servers = HaproxyAdmin.servers(probe.host(haproxy.port()), haproxy.port(), probe.timeout());
            for (HaproxyAdmin.ServerState s : servers) {
                if (s.backend().startsWith(prefix) && !s.checked()) {
                    return problem("every server of " + prefix + "* checked at least once",
                            s.backend() + "/" + s.server() + " check_status=" + s.checkStatus());
                }
            }
        } catch (IOException e) {
            return problem("the runtime API answers", Probe.seen(e));
        } catch (IllegalArgumentException e) {
            return problem("the runtime API answers 'show stat'", e.getMessage()); // e.g. while HAProxy restarts
        }
        Optional<NodePlan> master = probe.agreedMaster(shard);
        if (master.isEmpty()) {
            return problem("the Sentinels agree on a master", "no majority");
        }
        String masterAwaited = "master port " + shard.haproxyMasterPort() + " reaches role:master at port "
                + master.get().port();
        try {
            Map<String, String> info = infoThrough(probe, shard.haproxyMasterPort());
            if (!String.valueOf(master.get().port()).equals(info.get("tcp_port")) || !"master".equals(info.get("role"))) {
                return problem(masterAwaited, "tcp_port:" + info.get("tcp_port") + " role:" + info.get("role"));
            }
        } catch (IOException | RespErrorException e) {
            return problem(masterAwaited, Probe.seen(e));
        }
        int replicas = shard.redis().size() - 1;
        String replicasAwaited = "replicas port " + shard.haproxyReplicasPort() + " reaches only replicas of port "
                + master.get().port();
        Set<String> reached = new HashSet<>();
        // Round robin: 2 rounds visit every replica whatever the position HAProxy is at.
        for (int i = 0; i < 2 * replicas; i++) {
            try {
                Map<String, String> info = infoThrough(probe, shard.haproxyReplicasPort());
                String port = info.get("tcp_port");
                boolean ofShard = port != null && shard.redisAt(Integer.parseInt(port)).isPresent();
                if (!ofShard || port.equals(String.valueOf(master.get().port())) || !"slave".equals(info.get("role"))
                        || !String.valueOf(master.get().port()).equals(info.get("master_port"))) {
                    return problem(replicasAwaited, "tcp_port:" + port + " role:" + info.get("role")
                            + " master_port:" + info.get("master_port"));
                }
                reached.add(port);
            } catch (IOException | RespErrorException e) {
                return problem(replicasAwaited, Probe.seen(e));
            }
        }
        if (reached.size() != replicas) {
            return problem(replicasAwaited + ", all " + replicas + " of them", "reached ports " + reached);
        }
        return Optional.empty();
    }

    private static Map<String, String> infoThrough(Probe probe, int port) throws IOException {
        try (RespClient client = probe.redis(port)) {
            Map<String, String> info = RespClient.parseInfo((String) client.call("INFO", "server"));
            info.putAll(client.info("replication"));
            return info;
        }
    }

    private Optional<Problem> problem(String awaited, String seen) {
        return Optional.of(new Problem(haproxy, "shard-" + shard.index() + ": " + awaited, seen));
    }
}
