package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.tls.ClusterTls;
import org.testcontainers.DockerClientFactory;

import javax.net.ssl.SSLSocketFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A cluster found on the Docker engine by its labels, from another process than the one that
 * started it: what {@code status} lists and {@code down} removes (the fault verbs attach to it
 * through its plan record, {@code internal.runtime.ClusterRecord}). Each container
 * carries what is needed for that ({@link #labels}): its node, port, the host clients reach it
 * at, and its shard's master name and HAProxy ports.
 *
 * @param clusterId the cluster's id
 * @param host      where its nodes are reached
 * @param shards    the shards as far as their labels tell (no config, no command)
 * @param haproxy   the HAProxy node, if its container exists
 * @param members   every container found, by node
 */
public record RunningCluster(String clusterId, String host, List<ShardPlan> shards, Optional<NodePlan> haproxy,
                             Map<NodePlan, Member> members) {

    static final String NODE_LABEL = "redis-cluster-testkit.node";
    static final String PORT_LABEL = "redis-cluster-testkit.port";
    static final String HOST_LABEL = "redis-cluster-testkit.host";
    static final String MASTER_NAME_LABEL = "redis-cluster-testkit.master-name";
    /** On shard nodes: the shard's HAProxy master and replicas ports; on HAProxy: its stats port. */
    static final String HAPROXY_PORTS_LABEL = "redis-cluster-testkit.haproxy-ports";


    /**
     * One container of the cluster.
     *
     * @param containerId Docker's id
     * @param image       its image
     * @param state       Docker's state: running, paused, exited, ...
     * @param labels      all its labels
     */
    public record Member(String containerId, String image, String state, Map<String, String> labels) {

        /** The pid of the process that started the cluster, if recorded. */
        public Optional<Long> ownerPid() {
            return Owner.fromLabels(labels).map(Owner::pid);
        }
    }

    /** The labels by which another process finds this node and its shard again. */
    static Map<String, String> labels(ClusterPlan plan, NodePlan node, String host) {
        Map<String, String> labels = new HashMap<>();
        labels.put(NODE_LABEL, node.slug());
        labels.put(PORT_LABEL, Integer.toString(node.port()));
        labels.put(HOST_LABEL, host);
        if (node.kind() == NodeKind.HAPROXY) {
            labels.put(HAPROXY_PORTS_LABEL, Integer.toString(plan.haproxyStatsPort()));
        } else {
            ShardPlan shard = plan.shards().get(node.shard());
            labels.put(MASTER_NAME_LABEL, shard.masterName());
            labels.put(HAPROXY_PORTS_LABEL, shard.haproxyMasterPort() + "," + shard.haproxyReplicasPort());
        }
        return labels;
    }

    /** Every cluster on the engine, by id; clusters without node labels (image probes) are left out. */
    public static List<RunningCluster> all() {
        List<Container> found = DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(NodeContainer.CLUSTER_LABEL, NODE_LABEL)).exec();
        Map<String, List<Member>> byCluster = found.stream().collect(Collectors.groupingBy(
                c -> c.getLabels().get(NodeContainer.CLUSTER_LABEL), TreeMap::new,
                Collectors.mapping(RunningCluster::member, Collectors.toList())));
        List<RunningCluster> clusters = new ArrayList<>();
        byCluster.forEach((id, members) -> clusters.add(of(id, members)));
        return clusters;
    }

    /**
     * The cluster with that id.
     *
     * @throws IllegalArgumentException naming the clusters there are, if there is none with that id
     */
    public static RunningCluster find(String clusterId) {
        List<Member> members = DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(NodeContainer.CLUSTER_LABEL, clusterId)).exec().stream()
                .filter(c -> c.getLabels().containsKey(NODE_LABEL))
                .map(RunningCluster::member).toList();
        if (members.isEmpty()) {
            List<String> ids = all().stream().map(RunningCluster::clusterId).toList();
            throw new IllegalArgumentException("no cluster " + clusterId + " on this Docker engine ("
                    + (ids.isEmpty() ? "there is none" : "there are " + String.join(", ", ids)) + ")");
        }
        return of(clusterId, members);
    }

    private static Member member(Container c) {
        return new Member(c.getId(), c.getImage(), c.getState(), c.getLabels());
    }

    /** The cluster the members' labels describe. */
    static RunningCluster of(String clusterId, List<Member> members) {
        Map<NodePlan, Member> byNode = new LinkedHashMap<>();
        Map<Integer, String> masterNames = new TreeMap<>();
        Map<Integer, int[]> haproxyPorts = new HashMap<>();
        String host = "127.0.0.1";
        for (Member m : members) {
            NodePlan node = node(m.labels());
            byNode.put(node, m);
            host = m.labels().getOrDefault(HOST_LABEL, host);
            if (node.shard() >= 0) {
                masterNames.put(node.shard(), m.labels().getOrDefault(MASTER_NAME_LABEL, "shard-" + node.shard()));
                String[] ports = m.labels().getOrDefault(HAPROXY_PORTS_LABEL, "0,0").split(",");
                haproxyPorts.put(node.shard(), new int[]{Integer.parseInt(ports[0]), Integer.parseInt(ports[1])});
            }
        }
        List<ShardPlan> shards = new ArrayList<>();
        for (Map.Entry<Integer, String> shard : masterNames.entrySet()) {
            int index = shard.getKey();
            shards.add(new ShardPlan(index, shard.getValue(), nodesOf(byNode, index, NodeKind.REDIS),
                    nodesOf(byNode, index, NodeKind.SENTINEL), haproxyPorts.get(index)[0], haproxyPorts.get(index)[1]));
        }
        Optional<NodePlan> haproxy = byNode.keySet().stream().filter(n -> n.kind() == NodeKind.HAPROXY).findFirst();
        return new RunningCluster(clusterId, host, shards, haproxy, byNode);
    }

    private static List<NodePlan> nodesOf(Map<NodePlan, Member> nodes, int shard, NodeKind kind) {
        return nodes.keySet().stream().filter(n -> n.shard() == shard && n.kind() == kind)
                .sorted(Comparator.comparingInt(NodePlan::index)).toList();
    }

    /**
     * The socket factory of a TLS cluster, from the files its labels name; null for a plain cluster,
     * or one whose files this process cannot read (then nothing answers, as for a stopped cluster).
     */
    private SSLSocketFactory tls() {
        return members.values().stream().map(m -> ClusterTls.directoryIn(m.labels())).flatMap(Optional::stream)
                .findFirst().map(directory -> {
                    try {
                        return ClusterTls.read(directory).socketFactory();
                    } catch (RuntimeException unreadable) {
                        return null;
                    }
                }).orElse(null);
    }

    /** The node a {@link #NODE_LABEL} names: {@code haproxy} or {@code shard-1-redis-0}. */
    private static NodePlan node(Map<String, String> labels) {
        String slug = labels.get(NODE_LABEL);
        int port = Integer.parseInt(labels.getOrDefault(PORT_LABEL, "0"));
        if (slug.equals("haproxy")) {
            return new NodePlan(-1, NodeKind.HAPROXY, 0, port, "", "", List.of());
        }
        String[] parts = slug.split("-"); // shard, i, kind, j
        NodeKind kind = parts[2].equals(NodeKind.SENTINEL.label()) ? NodeKind.SENTINEL : NodeKind.REDIS;
        return new NodePlan(Integer.parseInt(parts[1]), kind, Integer.parseInt(parts[3]), port, "", "", List.of());
    }

    /**
     * Where what listens on {@code port} is reached: a node at the host its labels name (with
     * network faults, each node has an address of its own), HAProxy's listeners at HAProxy's.
     */
    public String hostOf(int port) {
        Optional<Member> byPort = members.values().stream()
                .filter(m -> Integer.toString(port).equals(m.labels().get(PORT_LABEL))).findFirst()
                .or(() -> haproxy.map(members::get));
        return byPort.map(m -> m.labels().getOrDefault(HOST_LABEL, host)).orElse(host);
    }

    /** The shard with that index. */
    public ShardPlan shard(int index) {
        return shards.stream().filter(s -> s.index() == index).findFirst().orElseThrow(() ->
                new IllegalArgumentException("cluster " + clusterId + " has no shard " + index + ": it has shards 0.."
                        + (shards.size() - 1)));
    }

    /** The process that started the cluster, if its labels say. */
    public Optional<Long> ownerPid() {
        return members.values().stream().map(Member::ownerPid).flatMap(Optional::stream).findFirst();
    }

    /** The Redis node a majority of the shard's Sentinels name master now, if they agree. */
    public Optional<NodePlan> agreedMaster(ShardPlan shard) {
        return new Probe(this::hostOf, null, tls()).agreedMaster(shard);
    }

    /** Removes every container of the cluster. */
    public void remove() {
        ClusterContainers.removeAll(clusterId);
    }
}
