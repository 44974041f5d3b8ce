package io.github.redisclustertestkit.cli;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisClusterContainer;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.internal.options.SpecOption;
import io.github.redisclustertestkit.internal.options.SpecOptions;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Parsing, help and exit codes of the command line; nothing here needs Docker. */
class CliTest {

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    /** The spec {@code up args} asks for, without starting anything. */
    static ClusterSpec upSpec(String... args) {
        CommandLine cli = Cli.commandLine(System.out, System.err);
        String[] all = new String[args.length + 1];
        all[0] = "up";
        System.arraycopy(args, 0, all, 1, args.length);
        return UpCommand.spec(cli.parseArgs(all).subcommand().commandSpec());
    }

    @Test
    void upParsesSpecOptions() {
        ClusterSpec spec = upSpec("--shards", "2", "--replicas", "1", "--sentinels", "5", "--quorum", "2",
                "--password", "pw", "--down-after-ms", "500", "--haproxy-base-port", "5000", "--append-only",
                "--redis-conf", "maxmemory 64mb", "--redis-conf", "maxmemory-policy allkeys-lru",
                "--haproxy-check-interval-ms", "50", "--routing", "role_check");
        assertThat(spec.shards()).isEqualTo(2);
        assertThat(spec.replicasPerShard()).isEqualTo(1);
        assertThat(spec.sentinelsPerShard()).isEqualTo(5);
        assertThat(spec.quorum()).isEqualTo(2);
        assertThat(spec.password()).isEqualTo("pw");
        assertThat(spec.downAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.haproxyBasePort()).isEqualTo(5000);
        assertThat(spec.appendOnly()).isTrue();
        assertThat(spec.redisConf()).containsExactly("maxmemory 64mb", "maxmemory-policy allkeys-lru");
        assertThat(spec.haproxyCheckInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(spec.routing().name()).isEqualTo("ROLE_CHECK");
        assertThat(upSpec()).isEqualTo(ClusterSpec.defaults());
    }

    @Test
    void badInputExitsWithTwoAndNamesTheOption() {
        assertThat(run("up", "--shardz", "2")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--shardz").contains("Usage: redis-cluster-testkit up");
        });
        assertThat(run("up", "--shards", "x")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("redis-cluster-testkit: option --shards takes a whole number (was 'x')");
        });
        assertThat(run("up", "--password")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--password");
        });
        assertThat(run("up", "--quorum", "9")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith(
                    "redis-cluster-testkit: option --quorum: quorum 9 is invalid for 3 Sentinels per shard");
            assertThat(r.err()).contains("Usage: redis-cluster-testkit up");
            assertThat(r.out()).as("nothing started").doesNotContain("Starting");
        });
        assertThat(run("up", "--shards", "0")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith(
                    "redis-cluster-testkit: option --shards: shards must be between 1 and ");
        });
        assertThat(run("up", "--bind", "docker.example")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith(
                    "redis-cluster-testkit: option --bind: bindAddress \"docker.example\" is not an IP address");
        });
        assertThat(UpCommand.withOption("something else went wrong", Topology.SENTINEL))
                .isEqualTo("something else went wrong");
    }

    @Test
    void upTakesTheClusterTopologyWithItsOwnDefaultsAndWords() {
        assertThat(upSpec("--topology", "cluster")).isEqualTo(new RedisClusterContainer().spec());
        ClusterSpec spec = upSpec("--topology", "cluster", "--masters", "4", "--replicas", "2",
                "--cluster-node-timeout-ms", "1500", "--password", "pw", "--reuse", "true");
        assertThat(spec.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(spec.shards()).isEqualTo(4);
        assertThat(spec.replicasPerShard()).isEqualTo(2);
        assertThat(spec.clusterNodeTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(spec.password()).isEqualTo("pw");
        assertThat(spec.reuse()).isTrue();
        assertThat(upSpec("--topology", "cluster", "--shards", "4")).isEqualTo(upSpec("--topology", "cluster",
                "--masters", "4"));
        assertThat(upSpec("--topology", "sentinel")).isEqualTo(ClusterSpec.defaults());
    }

    @Test
    void anOptionOfTheOtherTopologyIsRefusedBeforeAnythingStarts() {
        for (String[] args : List.of(new String[]{"up", "--topology", "cluster", "--sentinels", "5"},
                new String[]{"up", "--sentinels", "3", "--topology", "CLUSTER"})) {
            assertThat(run(args)).satisfies(r -> {
                assertThat(r.code()).isEqualTo(2);
                assertThat(firstLine(r.err())).isEqualTo("redis-cluster-testkit: sentinelsPerShard (CLI: --sentinels)"
                        + " does not apply to topology CLUSTER: it is an option of [SENTINEL] only. Leave it unset for"
                        + " CLUSTER");
                assertThat(r.err()).contains("Usage: redis-cluster-testkit up");
                assertThat(r.out()).as("nothing started").doesNotContain("Starting");
            });
        }
        assertThat(run("up", "--cluster-node-timeout-ms", "1000")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith("redis-cluster-testkit: clusterNodeTimeout (CLI:"
                    + " --cluster-node-timeout-ms) does not apply to topology SENTINEL");
        });
        assertThat(run("up", "--masters", "3")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).isEqualTo("redis-cluster-testkit: option --masters is the name of --shards"
                    + " with --topology cluster only: for topology SENTINEL use --shards");
        });
        assertThat(run("up", "--topology", "cluster", "--shards", "3", "--masters", "3")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).isEqualTo("redis-cluster-testkit: options --shards and --masters are the"
                    + " same option: give one of them");
        });
        assertThat(run("up", "--topology", "cluster", "--masters", "0")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith("redis-cluster-testkit: option --masters: masters must be"
                    + " between 1 and ");
        });
        assertThat(run("up", "--topology", "ring")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith("redis-cluster-testkit: option --topology takes one of"
                    + " [SENTINEL, CLUSTER] (was 'ring')");
        });
    }

    @Test
    void clusterEndpointsJsonHasTheDocumentedShape(@TempDir Path dir) throws Exception {
        String json = EndpointsJson.renderCluster("abcd1234", "pw", null, List.of(
                new EndpointsJson.ClusterNode(new Endpoint("h", 1), "master"),
                new EndpointsJson.ClusterNode(new Endpoint("h", 2), "replica")));
        assertThat(json).isEqualTo("""
                {
                  "topology": "cluster",
                  "clusterId": "abcd1234",
                  "password": "pw",
                  "tls": null,
                  "nodes": [
                    {"host": "h", "port": 1, "role": "master"},
                    {"host": "h", "port": 2, "role": "replica"}
                  ]
                }
                """);
        Path file = dir.resolve("e.json");
        Files.writeString(file, json);
        assertThat(EndpointsJson.clusterId(file)).isEqualTo("abcd1234");
        assertThat(EndpointsJson.renderCluster("abcd1234", null, null, List.of())).contains("\"password\": null,\n");
    }

    @Test
    void commandsAreRequiredAndKnown() {
        assertThat(run()).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("redis-cluster-testkit: missing command: use one of up, status, down");
        });
        assertThat(run("frobnicate")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("frobnicate");
        });
    }

    @Test
    void faultVerbsNeedATargetAndOneNode() {
        assertThat(run("kill", "--shard", "0")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--master").contains("--haproxy");
        });
        assertThat(run("kill", "abc", "--master", "--haproxy")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("mutually exclusive");
        });
        assertThat(run("kill", "--master")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("redis-cluster-testkit: name the cluster either by ID or by --endpoints-file");
        });
        assertThat(run("heal", "--endpoints-file", "/nonexistent/e.json")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("redis-cluster-testkit: --endpoints-file /nonexistent/e.json cannot be read");
        });
        assertThat(run("failover", "--shard", "x", "abc")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--shard");
        });
        assertThat(run("down")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("ID").contains("--all");
        });
        assertThat(run("down", "--all", "abc")).satisfies(r -> assertThat(r.code()).isEqualTo(2));
    }

    @Test
    void helpListsTheCommands() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: redis-cluster-testkit [-h] COMMAND");
        for (String command : List.of("up", "status", "down", "failover", "kill", "stop", "start", "pause", "unpause",
                "heal")) {
            assertThat(help.out()).containsPattern("\n  " + command + " +\\S");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "status", "down", "failover", "kill", "stop", "start", "pause", "unpause", "heal"})
    void everyCommandHasHelp(String command) {
        Run help = run(command, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: redis-cluster-testkit " + command + " [-h]");
    }

    @Test
    void upHelpDocumentsEveryDeclaredOption() {
        String help = run("up", "--help").out();
        for (SpecOption option : SpecOptions.ALL) {
            assertThat(help).contains(option.cliName() + (option.kind() == SpecOption.Kind.BOOLEAN
                    ? "[=" + option.label() + "]" : "=" + option.label()));
        }
        assertThat(help).contains("--endpoints-file=PATH", "--json", "--help")
                .containsPattern("--masters=N +--topology cluster only: its name for --shards");
    }

    @Test
    void endpointsJsonHasTheDocumentedShape() {
        ShardEndpoints s = new ShardEndpoints(0, "shard-0", new Endpoint("h", 1), new Endpoint("h", 2),
                new Endpoint("h", 3), List.of(new Endpoint("h", 4)), List.of(new Endpoint("h", 5)));
        String json = EndpointsJson.render("abcd1234", null, null, "http://h:9/", List.of(s));
        assertThat(json).isEqualTo("""
                {
                  "clusterId": "abcd1234",
                  "password": null,
                  "tls": null,
                  "haproxyStats": "http://h:9/",
                  "shards": [
                    {
                      "index": 0,
                      "masterName": "shard-0",
                      "haproxyMaster": {"host": "h", "port": 1},
                      "haproxyReplicas": {"host": "h", "port": 2},
                      "master": {"host": "h", "port": 3},
                      "replicas": [{"host": "h", "port": 4}],
                      "sentinels": [{"host": "h", "port": 5}]
                    }
                  ]
                }
                """);
        assertThat(EndpointsJson.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void theEndpointsFileNamesItsCluster(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("e.json");
        Files.writeString(file, EndpointsJson.render("abcd1234", "pw", null, "http://h:9/", List.of()));
        assertThat(EndpointsJson.clusterId(file)).isEqualTo("abcd1234");
        Files.writeString(file, "{}");
        assertThatIllegalArgumentException().isThrownBy(() -> EndpointsJson.clusterId(file))
                .withMessageContaining("names no clusterId");
    }

    @Test
    void endpointsFileIsReplacedWhole(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/endpoints.json");
        UpCommand.writeAtomically(target, "{}\n");
        UpCommand.writeAtomically(target, "{\"v\": 2}\n");
        assertThat(Files.readString(target)).isEqualTo("{\"v\": 2}\n");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
        // It holds the Redis password and, for a TLS cluster, the store password: the user's alone.
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        }
    }

    /** A mutual-TLS cluster's files, as {@code TlsMaterial} would name them. */
    private static final EndpointsJson.Tls MUTUAL_TLS = new EndpointsJson.Tls(Path.of("/t"), Path.of("/t/ca.crt"),
            Path.of("/t/truststore.p12"), "PKCS12", "s3cret", Optional.of(Path.of("/t/client.crt")),
            Optional.of(Path.of("/t/client.key")), Optional.of(Path.of("/t/keystore.p12")));

    @Test
    void aTlsClustersEndpointsNameItsFiles() {
        String json = EndpointsJson.renderCluster("abcd1234", null, MUTUAL_TLS, List.of());
        assertThat(json).isEqualTo("""
                {
                  "topology": "cluster",
                  "clusterId": "abcd1234",
                  "password": null,
                  "tls": {
                    "directory": "/t",
                    "caCertificate": "/t/ca.crt",
                    "trustStore": "/t/truststore.p12",
                    "clientCertificate": "/t/client.crt",
                    "clientKey": "/t/client.key",
                    "keyStore": "/t/keystore.p12",
                    "storeType": "PKCS12",
                    "storePassword": "s3cret"
                  },
                  "nodes": [
                  ]
                }
                """);
        EndpointsJson.Tls serverOnly = new EndpointsJson.Tls(Path.of("/t"), Path.of("/t/ca.crt"),
                Path.of("/t/truststore.p12"), "PKCS12", "s3cret", Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(EndpointsJson.render("abcd1234", null, serverOnly, "http://h:9/", List.of()))
                .contains("    \"caCertificate\": \"/t/ca.crt\",\n")
                .contains("    \"clientCertificate\": null,\n    \"clientKey\": null,\n    \"keyStore\": null,\n");
    }

    @Test
    void aTlsClustersTableSaysTlsAndWhatToTrust() {
        List<EndpointsJson.ClusterNode> nodes = List.of(new EndpointsJson.ClusterNode(new Endpoint("h", 1), "master"));
        String table = UpCommand.clusterTable("abcd1234", nodes, " -a pw --no-auth-warning", MUTUAL_TLS);
        assertThat(table)
                .contains("TLS only, on every port above: trust the CA /t/ca.crt\n")
                .contains("Mutual TLS: present the client certificate /t/client.crt with its key /t/client.key\n")
                .contains("PKCS12 stores of the same, password s3cret: /t/truststore.p12, /t/keystore.p12\n")
                .contains("redis-cli -c -h h -p 1 --tls --cacert /t/ca.crt --cert /t/client.crt --key /t/client.key"
                        + " -a pw --no-auth-warning set hello world");
        assertThat(UpCommand.clusterTable("abcd1234", nodes, " -a pw --no-auth-warning", null))
                .doesNotContain("TLS", "--tls");
    }

    @Test
    void theTryLinesLogInAsTheDefaultUserOrWithItOffAsTheFirstDeclaredUser() {
        assertThat(UpCommand.redisCliLogin(upSpec())).isEmpty();
        assertThat(UpCommand.redisCliLogin(upSpec("--password", "pw"))).isEqualTo(" -a pw --no-auth-warning");
        assertThat(UpCommand.redisCliLogin(upSpec("--password", "pw", "--user", "app s3cret ~app:* +get")))
                .isEqualTo(" -a pw --no-auth-warning");
        assertThat(UpCommand.redisCliLogin(upSpec("--user", "app s3cret ~* +@all", "--user", "ops pw2 +@all",
                "--default-user-disabled", "true"))).isEqualTo(" --user app -a s3cret --no-auth-warning");
    }

    @Test
    void upTakesTlsAndMutualTls() {
        assertThat(upSpec("--tls", "true").tls()).isTrue();
        assertThat(upSpec("--tls", "true").mutualTls()).isFalse();
        assertThat(upSpec("--mutual-tls", "true")).satisfies(spec -> {
            assertThat(spec.tls()).as("mutual TLS turns TLS on").isTrue();
            assertThat(spec.mutualTls()).isTrue();
        });
        assertThat(upSpec("--topology", "cluster", "--tls", "true").tls()).isTrue();
        assertThat(upSpec().tls()).isFalse();
    }

    @Test
    void upTakesRepeatedUsersAndTheDefaultUserOff() {
        assertThat(upSpec("--user", "app pw ~* +@all", "--user", "ops pw2 +@all", "--default-user-disabled", "true"))
                .satisfies(spec -> {
                    assertThat(spec.users()).containsExactly("app pw ~* +@all", "ops pw2 +@all");
                    assertThat(spec.defaultUserDisabled()).isTrue();
                });
        assertThat(upSpec("--topology", "cluster", "--user", "app pw ~* +@all").users())
                .containsExactly("app pw ~* +@all");
        assertThat(upSpec().users()).isEmpty();
    }

    @Test
    void aUserWithoutAPasswordIsRefusedBeforeAnythingStarts() {
        assertThat(run("up", "--user", "app")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(firstLine(r.err())).startsWith(
                    "redis-cluster-testkit: option --user: users entry \"app\" has no password")
                    .contains("--user 'app s3cret ~app:* +@all'");
            assertThat(r.out()).as("nothing started").doesNotContain("Starting");
        });
    }
}
