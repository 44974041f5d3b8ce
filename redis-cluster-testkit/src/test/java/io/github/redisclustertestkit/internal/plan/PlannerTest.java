package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Routing;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlannerTest {

    /** Hands out 20000, 20001, ... so that expectations can name ports. */
    private static final PortSource SEQUENTIAL = count -> IntStream.range(20000, 20000 + count).boxed().toList();
    private static final InetAddress LOCALHOST = address("localhost", 127, 0, 0, 1);

    static InetAddress address(String name, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(name, b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final ClusterSpec spec = ClusterSpec.defaults();

    private static final Server REDIS_7 = new Server(ServerFlavour.REDIS, "7.0.15");

    private ClusterPlan plan(ClusterSpec s) {
        return plan(s, Addresses.resolve(s.bindAddress(), "localhost", LOCALHOST));
    }

    private static ClusterPlan plan(ClusterSpec s, Addresses addresses) {
        return Planner.plan(s.validate(), REDIS_7, "test1234", addresses, SEQUENTIAL, new Random(42));
    }

    @Test
    void everyListenerBindsLoopbackByDefault() {
        ClusterPlan plan = plan(spec);
        for (ShardPlan shard : plan.shards()) {
            for (NodePlan node : union(shard.redis(), shard.sentinels())) {
                assertThat(node.config()).as(node.name()).contains("bind 127.0.0.1\nport " + node.port() + "\n",
                        "protected-mode no\n");
            }
        }
        String cfg = plan.haproxy().config();
        assertThat(cfg).contains("stats socket ipv4@127.0.0.1:" + plan.haproxy().port() + " level admin\n",
                "listen stats\n    mode http\n    bind ipv4@127.0.0.1:" + plan.haproxyStatsPort() + "\n");
        for (ShardPlan shard : plan.shards()) {
            assertThat(cfg).contains("frontend shard-" + shard.index() + "-master\n    bind ipv4@127.0.0.1:"
                    + shard.haproxyMasterPort() + "\n", "frontend shard-" + shard.index()
                    + "-replicas\n    bind ipv4@127.0.0.1:" + shard.haproxyReplicasPort() + "\n");
        }
        List<String> listeners = cfg.lines().map(String::trim)
                .filter(l -> l.startsWith("bind ") || l.startsWith("stats socket ")).toList();
        // The master-port gates listen on abstract Unix sockets, unreachable from any network.
        List<String> gates = listeners.stream().filter(l -> l.startsWith("bind abns@")).toList();
        assertThat(gates).hasSize(plan.shards().size() * (spec.replicasPerShard() + 1))
                .allMatch(l -> l.startsWith("bind abns@rct-" + plan.clusterId() + "-shard-"), "named by cluster");
        listeners = listeners.stream().filter(l -> !gates.contains(l)).toList();
        assertThat(listeners).hasSize(2 * plan.shards().size() + 2)
                .allMatch(l -> l.contains(" ipv4@127.0.0.1:"), "binds loopback");
        for (NodePlan node : plan.nodes()) {
            assertThat(node.config()).as(node.name()).doesNotContain("0.0.0.0", "bind *", "bind :", "::",
                    "bind-source-addr");
        }
    }

    @Test
    void aSpecificBindAddressIsAlsoWhereNodesMeet() {
        ClusterPlan plan = plan(spec.toBuilder().bindAddress("127.0.0.2").build());
        ShardPlan shard = plan.shards().get(0);
        assertThat(shard.initialReplicas().get(0).config()).contains("bind 127.0.0.2\n",
                "bind-source-addr 127.0.0.2\n", "replicaof 127.0.0.2 " + shard.initialMaster().port() + "\n");
        assertThat(shard.sentinels().get(0).config()).contains("bind 127.0.0.2\n", "bind-source-addr 127.0.0.2\n",
                "sentinel monitor shard-0 127.0.0.2 ", "sentinel known-replica shard-0 127.0.0.2 ",
                "sentinel known-sentinel shard-0 127.0.0.2 ");
        assertThat(plan.haproxy().config()).contains("bind ipv4@127.0.0.2:" + shard.haproxyMasterPort() + "\n",
                "server redis-0 ipv4@127.0.0.2:" + shard.initialMaster().port() + " check\n")
                .doesNotContain("127.0.0.1");
    }

    /** Redis 6 has no bind-source-addr: without it, peers would name each other at 127.0.0.1. */
    @Test
    void aLoopbackBindAddressOtherThan127001NeedsRedis7() {
        ClusterSpec on127002 = spec.toBuilder().bindAddress("127.0.0.2").build().validate();
        Addresses addresses = Addresses.resolve("127.0.0.2", "localhost", LOCALHOST);
        Server redis6 = new Server(ServerFlavour.REDIS, "6.0.16");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Planner.plan(on127002, redis6, "test1234", addresses, SEQUENTIAL, new Random(42)))
                .withMessageStartingWith("bindAddress 127.0.0.2 needs bind-source-addr, which the image's Redis 6.0.16"
                        + " lacks: it takes Redis 7.0+")
                .withMessageContaining("withBindAddress(").withMessageContaining("--bind");
        assertThat(Planner.plan(on127002, new Server(ServerFlavour.VALKEY, "7.2.4"), "test1234", addresses,
                SEQUENTIAL, new Random(42)).shards()).isNotEmpty();
        ClusterSpec on127001 = spec.toBuilder().bindAddress("127.0.0.1").build().validate();
        assertThat(Planner.plan(on127001, redis6, "test1234", Addresses.resolve("127.0.0.1", "localhost", LOCALHOST),
                SEQUENTIAL, new Random(42)).shards()).isNotEmpty();
    }

    @Test
    void aChosenWildcardListensEverywhereWhileNodesMeetOnLoopback() {
        ClusterPlan plan = plan(spec.toBuilder().bindAddress("0.0.0.0").build());
        ShardPlan shard = plan.shards().get(0);
        assertThat(shard.initialReplicas().get(0).config())
                .contains("bind 0.0.0.0\n", "replicaof 127.0.0.1 " + shard.initialMaster().port() + "\n");
        assertThat(plan.haproxy().config()).contains("stats socket ipv4@0.0.0.0:",
                "server redis-0 ipv4@127.0.0.1:" + shard.initialMaster().port() + " check\n");
    }

    @Test
    void ipv6AddressesGetHaproxysIpv6Prefix() {
        ClusterPlan plan = plan(spec.toBuilder().bindAddress("::1").build());
        ShardPlan shard = plan.shards().get(0);
        assertThat(shard.initialReplicas().get(0).config())
                .contains("bind ::1\n", "replicaof ::1 " + shard.initialMaster().port() + "\n");
        assertThat(plan.haproxy().config()).contains("bind ipv6@::1:" + shard.haproxyMasterPort() + "\n",
                "stats socket ipv6@::1:" + plan.haproxy().port() + " level admin\n",
                "server redis-0 ipv6@::1:" + shard.initialMaster().port() + " check\n");
    }

    private static List<NodePlan> union(List<NodePlan> a, List<NodePlan> b) {
        List<NodePlan> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void defaultTopologyHasNineteenNodesOnDistinctPorts() {
        ClusterPlan plan = plan(spec);
        assertThat(plan.nodes()).hasSize(19);
        assertThat(plan.shards()).hasSize(3);
        assertThat(plan.ports()).doesNotHaveDuplicates().hasSize(19 + 6 + 1);
        assertThat(plan.nodes().stream().map(NodePlan::slug)).doesNotHaveDuplicates();
        ShardPlan shard1 = plan.shards().get(1);
        assertThat(shard1.masterName()).isEqualTo("shard-1");
        assertThat(shard1.redis()).hasSize(3);
        assertThat(shard1.sentinels()).hasSize(3);
        assertThat(shard1.initialMaster().roleAtStart()).isEqualTo("master");
        assertThat(shard1.initialReplicas()).extracting(NodePlan::roleAtStart).containsOnly("replica");
        assertThat(shard1.sentinels().get(2).name()).isEqualTo("shard-1 sentinel-2");
    }

    @Test
    void fixedHaproxyLayoutFollowsTheWriteUp() {
        ClusterPlan plan = plan(spec.toBuilder().haproxyBasePort(5000).build());
        assertThat(plan.shards()).extracting(ShardPlan::haproxyMasterPort).containsExactly(5000, 5002, 5004);
        assertThat(plan.shards()).extracting(ShardPlan::haproxyReplicasPort).containsExactly(5001, 5003, 5005);
        assertThat(plan.haproxyStatsPort()).isEqualTo(5006);
        assertThat(plan.haproxy().port()).isEqualTo(5007);
        assertThat(plan.ports()).doesNotHaveDuplicates();
    }

    @Test
    void replicasFollowTheFirstNodeAndMastersFollowNobody() {
        ShardPlan shard = plan(spec).shards().get(0);
        int masterPort = shard.initialMaster().port();
        assertThat(shard.initialMaster().config()).doesNotContain("replicaof").contains("port " + masterPort + "\n");
        for (NodePlan replica : shard.initialReplicas()) {
            assertThat(replica.config()).contains("replicaof 127.0.0.1 " + masterPort + "\n");
        }
        assertThat(shard.initialMaster().config()).contains("repl-diskless-sync no\n", "appendonly no\n");
    }

    @Test
    void passwordReachesEveryNodeSentinelAndCheck() {
        ClusterPlan plan = plan(spec.toBuilder().password("s3cret").appendOnly(true).build());
        ShardPlan shard = plan.shards().get(2);
        for (NodePlan node : shard.redis()) {
            assertThat(node.config()).contains("requirepass s3cret\n", "masterauth s3cret\n", "appendonly yes\n");
        }
        for (NodePlan sentinel : shard.sentinels()) {
            assertThat(sentinel.config()).contains("sentinel auth-pass shard-2 s3cret\n");
        }
        assertThat(plan.haproxy().config()).contains("tcp-check send \"AUTH s3cret\\r\\n\"");
    }

    @Test
    void withUsersReplicationSentinelAndHaproxyUseUsersOfTheirOwnWithOnlyWhatTheyNeed() {
        ClusterPlan plan = plan(spec.toBuilder().users(List.of("app s3cret ~app:* +@all")).defaultUserDisabled(true)
                .build());
        Acl acl = plan.acl();
        assertThat(plan.authUser()).isEqualTo("rct-admin");
        assertThat(plan.authPassword()).isEqualTo(acl.adminPassword()).hasSize(32);
        assertThat(acl.toString()).doesNotContain(acl.adminPassword());
        ShardPlan shard = plan.shards().get(1);
        for (NodePlan node : shard.redis()) {
            assertThat(node.config()).contains(
                    "user rct-admin on >" + acl.adminPassword() + " ~* &* +@all\n",
                    "user rct-replication on >" + acl.replicationPassword() + " -@all +psync +replconf +ping\n",
                    "user rct-sentinel on >" + acl.sentinelPassword() + " &__sentinel__:hello -@all +multi +slaveof",
                    "user rct-haproxy on >" + acl.haproxyPassword() + " -@all +ping +info +quit\n",
                    "user app on >s3cret ~app:* +@all\n",
                    "user default off\n",
                    "masteruser rct-replication\n", "masterauth " + acl.replicationPassword() + "\n");
            assertThat(node.config()).doesNotContain("requirepass");
        }
        for (NodePlan sentinel : shard.sentinels()) {
            assertThat(sentinel.config()).contains("sentinel auth-user shard-1 rct-sentinel\n",
                    "sentinel auth-pass shard-1 " + acl.sentinelPassword() + "\n");
        }
        assertThat(plan.haproxy().config()).contains("tcp-check send \"AUTH rct-haproxy " + acl.haproxyPassword() + "\\r\\n\"")
                .doesNotContain(acl.adminPassword());
        assertThat(plan(spec).acl()).as("no users, no users of the library's own").isNull();
    }

    @Test
    void tlsClosesThePlainPortsAndHaproxyChecksOverTlsWithTheCa() {
        ClusterPlan plan = plan(spec.toBuilder().mutualTls(true).build());
        ShardPlan shard = plan.shards().get(0);
        NodePlan master = shard.initialMaster();
        assertThat(master.config()).contains("port 0\n", "tls-port " + master.port() + "\n",
                "tls-cert-file /data/tls/node.crt\n", "tls-key-file /data/tls/node.key\n",
                "tls-ca-cert-file /data/tls/ca.crt\n", "tls-auth-clients yes\n", "tls-replication yes\n")
                .doesNotContain("tls-cluster");
        NodePlan sentinel = shard.sentinels().get(0);
        assertThat(sentinel.config()).contains("port 0\n", "tls-port " + sentinel.port() + "\n", "tls-replication yes\n");
        String haproxy = plan.haproxy().config();
        assertThat(haproxy).contains(" ca-file /tmp/tls/ca.crt verify required crt /tmp/tls/client.pem\n")
                .as("a TLS check's handshake is bounded by inter: up servers get a second, down ones the spec's interval")
                .contains("default-server inter 1000ms fastinter 100ms downinter 100ms ");
        assertThat(haproxy.lines().filter(l -> l.contains("tcp-check connect"))).isNotEmpty()
                .allMatch(l -> l.endsWith(" ssl"), "every check connects over TLS");
        assertThat(plan(spec).haproxy().config()).doesNotContain(" ssl\n", "ca-file");
    }

    /**
     * Redis 6's Sentinel reconnects at most once a second: a shorter down-after let a Sentinel
     * take a master it had just switched to for down (see ClusterPlan#BUILT_IN_PERIODS_MIN_DOWN_AFTER).
     */
    @Test
    void redis6SentinelsRunWithADownAfterLongerThanTheirReconnectPeriod() {
        Server redis6 = new Server(ServerFlavour.REDIS, "6.0.16");
        Addresses addresses = Addresses.resolve("127.0.0.1", "localhost", LOCALHOST);
        ClusterPlan onRedis6 = Planner.plan(spec.validate(), redis6, "test1234", addresses, SEQUENTIAL, new Random(42));
        assertThat(onRedis6.downAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(onRedis6.shards().get(0).sentinels()).allSatisfy(s -> assertThat(s.config())
                .contains("sentinel down-after-milliseconds shard-0 1500\n"));
        ClusterSpec slower = spec.toBuilder().downAfter(Duration.ofSeconds(2)).build().validate();
        assertThat(Planner.plan(slower, redis6, "test1234", addresses, SEQUENTIAL, new Random(42)).downAfter())
                .as("a longer value is kept").isEqualTo(Duration.ofSeconds(2));
        assertThat(plan(spec).downAfter()).as("where the library sets the ping period, the spec's value")
                .isEqualTo(spec.downAfter()).isEqualTo(Duration.ofMillis(800));
        assertThat(onRedis6.sentinelPingPeriod()).as("Sentinel's own, which Redis 6 cannot change")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(plan(spec).sentinelPingPeriod()).as("the library's, set by SENTINEL DEBUG")
                .isEqualTo(Duration.ofMillis(250));
    }

    /**
     * Issue 23: after a three-way split vote, the retry came 2 x 5 s after the first attempt, and a
     * Sentinel whose down clock had restarted 8.3 s after the kill (limit 10 x 600 ms) found no
     * replica it would promote, in that retry and every later one. The defaults must leave the
     * retry within the limit, on every server, and other timers must be warned about.
     */
    @Test
    void sentinelTimersLeaveARetryAfterASplitVoteReplicasToPromote() {
        Server redis6 = new Server(ServerFlavour.REDIS, "6.0.16");
        for (Server server : List.of(REDIS_7, redis6, new Server(ServerFlavour.VALKEY, "8.1.1"))) {
            assertThat(Planner.sentinelTimersWarning(spec.validate(), server)).as("defaults on %s", server).isEmpty();
        }
        ClusterSpec former = spec.toBuilder().downAfter(Duration.ofMillis(600)).failoverTimeout(Duration.ofSeconds(5))
                .build().validate();
        assertThat(Planner.sentinelTimersWarning(former, REDIS_7)).hasValueSatisfying(w -> assertThat(w)
                .contains("downAfter 600 ms with failoverTimeout 5000 ms can stall a failover")
                .contains("up to 11850 ms after the kill", "(6000 ms)")
                .contains("raise downAfter to at least 1362 ms, or lower failoverTimeout to at most 1575 ms"));
        assertThat(Planner.sentinelTimersWarning(former, redis6))
                .as("Redis 6 runs with at least 1500 ms, which holds a 5 s failoverTimeout").isEmpty();
        ClusterSpec tight = spec.toBuilder().downAfter(Duration.ofMillis(300)).build().validate();
        assertThat(Planner.sentinelTimersWarning(tight, REDIS_7)).hasValueSatisfying(w -> assertThat(w)
                .contains("raise downAfter to at least 695 ms (the defaults")
                .as("no failoverTimeout below the least one accepted is advised")
                .doesNotContain("lower failoverTimeout"));
        ClusterSpec suggested = spec.toBuilder().downAfter(Duration.ofMillis(600))
                .failoverTimeout(Duration.ofMillis(1575)).build().validate();
        assertThat(Planner.sentinelTimersWarning(suggested, REDIS_7)).as("the advised value holds").isEmpty();
        ClusterSpec cluster = former.toBuilder().topology(Topology.CLUSTER).build();
        assertThat(Planner.sentinelTimersWarning(cluster, REDIS_7)).as("no Sentinel, no warning").isEmpty();
    }

    @Test
    void sentinelsAreToldTheirReplicasAndPeersUpFront() {
        ShardPlan shard = plan(spec).shards().get(0);
        List<NodePlan> sentinels = shard.sentinels();
        String config = sentinels.get(0).config();
        assertThat(config).contains("sentinel monitor shard-0 127.0.0.1 " + shard.initialMaster().port() + " 2\n");
        assertThat(config).contains("sentinel down-after-milliseconds shard-0 " + spec.downAfter().toMillis() + "\n");
        for (NodePlan replica : shard.initialReplicas()) {
            assertThat(config).contains("sentinel known-replica shard-0 127.0.0.1 " + replica.port() + "\n");
        }
        String myId = config.lines().filter(l -> l.startsWith("sentinel myid ")).findFirst().orElseThrow()
                .substring("sentinel myid ".length());
        assertThat(myId).matches("[0-9a-f]{40}");
        assertThat(config).doesNotContain("known-sentinel shard-0 127.0.0.1 " + sentinels.get(0).port());
        assertThat(sentinels.get(1).config())
                .contains("sentinel known-sentinel shard-0 127.0.0.1 " + sentinels.get(0).port() + " " + myId + "\n");
        assertThat(new HashSet<>(sentinels.stream().map(NodePlan::config)
                .map(c -> c.lines().filter(l -> l.startsWith("sentinel myid")).findFirst().orElseThrow()).toList()))
                .hasSize(3);
    }

    @Test
    void extraDirectivesComeLastSoTheyWin() {
        ClusterPlan plan = plan(spec.toBuilder().redisConf(List.of("maxmemory 64mb"))
                .sentinelConf(List.of("sentinel deny-scripts-reconfig yes")).build());
        NodePlan master = plan.shards().get(0).initialMaster();
        assertThat(master.config()).endsWith("maxmemory 64mb\n");
        assertThat(plan.shards().get(0).sentinels().get(0).config()).endsWith("sentinel deny-scripts-reconfig yes\n");
    }

    @Test
    void sentinelsRunThroughTheImagesEntrypointSoTheyOwnTheirConfig() {
        NodePlan sentinel = plan(spec).shards().get(0).sentinels().get(0);
        assertThat(sentinel.command()).containsExactly("docker-entrypoint.sh", "redis-server", "/data/sentinel.conf",
                "--sentinel");
    }

    @Test
    void valkeyNodesAndSentinelsRunValkeyServer() {
        ClusterPlan plan = Planner.plan(spec.validate(), new Server(ServerFlavour.VALKEY, "8.1.1"), "test1234",
                Addresses.resolve(spec.bindAddress(), "localhost", LOCALHOST), SEQUENTIAL, new Random(42));
        ShardPlan shard = plan.shards().get(0);
        assertThat(shard.initialMaster().command()).containsExactly("docker-entrypoint.sh", "valkey-server",
                "/data/redis.conf");
        assertThat(shard.initialReplicas().get(0).command()).containsExactly("docker-entrypoint.sh", "valkey-server",
                "/data/redis.conf");
        assertThat(shard.sentinels().get(0).command()).containsExactly("docker-entrypoint.sh", "valkey-server",
                "/data/sentinel.conf", "--sentinel");
        assertThat(plan.server()).hasToString("Valkey 8.1.1");
    }

    @Test
    void sentinelAgreedRoutingRequiresMajorityVotesNoObjectionAndNoFailoverAway() {
        ClusterPlan plan = plan(spec);
        String cfg = plan.haproxy().config();
        ShardPlan shard = plan.shards().get(0);
        NodePlan node = shard.redis().get(1);
        assertThat(cfg).contains("frontend shard-0-master\n    bind ipv4@127.0.0.1:" + shard.haproxyMasterPort() + "\n");
        assertThat(cfg).contains("    use_backend shard-0-master-redis-1 if { nbsrv(shard-0-votes-redis-1) ge 2 }"
                + " { nbsrv(shard-0-objections-redis-1) eq 0 } { nbsrv(shard-0-failing-over-from-redis-1) eq 0 }\n");
        assertThat(cfg).contains("    default_backend shard-0-no-master\n");
        String votes = section(cfg, "backend shard-0-votes-redis-1\n");
        assertThat(votes).contains("tcp-check send \"SENTINEL get-master-addr-by-name shard-0\\r\\n\"",
                "tcp-check expect min-recv 0 string \"\\r\\n" + node.port() + "\\r\\n\"",
                "tcp-check connect port " + node.port(),
                "tcp-check expect string role:master");
        String objections = section(cfg, "backend shard-0-objections-redis-1\n");
        assertThat(objections).contains("tcp-check expect min-recv 0 ! string \"\\r\\n" + node.port() + "\\r\\n\"");
        String failingOver = section(cfg, "backend shard-0-failing-over-from-redis-1\n");
        assertThat(failingOver).contains("tcp-check send \"SENTINEL master shard-0\\r\\n\"",
                "rstring 'port\\r\\n\\$[0-9]+\\r\\n" + node.port() + "\\r\\n'",
                "expect min-recv 0 string failover_in_progress");
        for (String backend : List.of(votes, objections, failingOver)) {
            for (NodePlan sentinel : shard.sentinels()) {
                assertThat(backend).contains("server sentinel-" + sentinel.index() + " ipv4@127.0.0.1:" + sentinel.port()
                        + " check");
            }
        }
        assertThat(cfg).doesNotContain("repl_backlog_active");
    }

    @Test
    void roleCheckRoutingReproducesTheWriteUpsCheck() {
        String cfg = plan(spec.toBuilder().routing(Routing.ROLE_CHECK).build()).haproxy().config();
        String master = section(cfg, "backend shard-1-master\n");
        assertThat(master).contains("tcp-check expect string role:master\n",
                "tcp-check expect string repl_backlog_active:1\n");
        assertThat(cfg).doesNotContain("nbsrv(", "SENTINEL");
    }

    @Test
    void replicasPortChecksRoleAndLinkAndCutsSessionsOnChange() {
        ClusterPlan plan = plan(spec);
        String cfg = plan.haproxy().config();
        String replicas = section(cfg, "backend shard-2-replicas\n");
        assertThat(replicas).contains("balance roundrobin", "tcp-check expect string role:slave",
                "tcp-check expect string master_link_status:up");
        assertThat(cfg).contains("default-server inter 100ms fastinter 100ms downinter 100ms rise 1 fall 1"
                + " on-marked-down shutdown-sessions");
        assertThat(cfg).contains("stats socket ipv4@127.0.0.1:" + plan.haproxy().port() + " level admin");
    }

    /**
     * A client that connects while a node is dying, or while no node may take writes, must get an
     * answer at once (a closed connection it can retry), not wait inside HAProxy: no connect
     * retries (each waits a second first), and nothing that queues a connection (a server
     * {@code maxconn}) or keeps it waiting for a server ({@code timeout queue}).
     */
    @Test
    void aConnectionThatCannotReachAMasterIsClosedAtOnceNotRetriedOrQueued() {
        for (Routing routing : Routing.values()) {
            String cfg = plan(spec.toBuilder().routing(routing).build()).haproxy().config();
            assertThat(section(cfg, "defaults\n")).contains("\n    retries 0\n");
            assertThat(cfg).as(routing.name()).containsOnlyOnce("retries").doesNotContain("timeout queue",
                    "redispatch", "backup");
            assertThat(cfg.lines().filter(l -> l.trim().startsWith("server ")))
                    .as(routing.name()).noneMatch(l -> l.contains(" maxconn "));
        }
        String cfg = plan(spec).haproxy().config();
        assertThat(section(cfg, "backend shard-0-no-master\n")).isEqualTo("backend shard-0-no-master");
    }

    @Test
    void sameSeedSamePlan() {
        assertThat(plan(spec)).isEqualTo(plan(spec));
    }

    private static String section(String cfg, String header) {
        int start = cfg.indexOf("\n" + header) + 1;
        assertThat(start).as("section " + header.trim()).isPositive();
        int end = cfg.indexOf("\n\n", start);
        return cfg.substring(start, end < 0 ? cfg.length() : end);
    }
}
