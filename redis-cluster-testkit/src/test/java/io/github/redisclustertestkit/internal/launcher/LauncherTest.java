package io.github.redisclustertestkit.internal.launcher;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.ShardEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LauncherTest {

    @Test
    void optionsBecomeTheSpec() {
        Launcher.Options o = Launcher.Options.parse(new String[]{"up", "--shards", "2", "--replicas", "1",
                "--sentinels", "5", "--quorum", "3", "--password", "pw", "--haproxy-base-port", "5000",
                "--down-after-ms", "500", "--redis-image", "r:1", "--haproxy-image", "h:1",
                "--bind", "127.0.0.2", "--endpoints-file", "out/e.json"});
        assertThat(o.spec.validate().shards()).isEqualTo(2);
        assertThat(o.spec.replicasPerShard()).isEqualTo(1);
        assertThat(o.spec.sentinelsPerShard()).isEqualTo(5);
        assertThat(o.spec.effectiveQuorum()).isEqualTo(3);
        assertThat(o.spec.password()).isEqualTo("pw");
        assertThat(o.spec.haproxyBasePort()).isEqualTo(5000);
        assertThat(o.spec.downAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.spec.redisImage()).isEqualTo("r:1");
        assertThat(o.spec.haproxyImage()).isEqualTo("h:1");
        assertThat(o.spec.bindAddress()).isEqualTo("127.0.0.2");
        assertThat(o.endpointsFile).isEqualTo(Path.of("out/e.json"));
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"up", "--shardz", "2"}))
                .withMessage("unknown option --shardz");
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"up", "--shards", "two"}))
                .withMessage("option --shards takes a whole number (was 'two')");
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"up", "--password"}))
                .withMessage("option --password needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"stop"}))
                .withMessage("unknown command 'stop': the commands are 'up' and 'down --all'");
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"down"}))
                .withMessage("down takes --all, to remove every reused cluster (was )");
        assertThatIllegalArgumentException().isThrownBy(() -> Launcher.Options.parse(new String[]{"up", "--reuse", "yes"}))
                .withMessage("option --reuse takes true or false (was 'yes')");
        assertThat(Launcher.Options.parse(new String[]{"down", "--all"}).downAll).isTrue();
    }

    @Test
    void invalidValuesExitWithTwoBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Launcher.run(new String[]{"up", "--quorum", "9"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("redis-cluster-testkit: quorum 9 is invalid for 3 Sentinels per shard")
                .contains("Usage: redis-cluster-testkit up [options]");
    }

    @Test
    void aBindAddressThatIsNoIpExitsWithTwoAndNamesTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Launcher.run(new String[]{"up", "--bind", "docker.example"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("redis-cluster-testkit: bindAddress \"docker.example\" is not an IP address")
                .contains("Usage: redis-cluster-testkit up [options]", "--bind ADDR");
    }

    @Test
    void helpDocumentsEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Launcher.run(new String[]{"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (Launcher.Option option : Launcher.OPTIONS) {
            assertThat(help).contains("  " + option.name() + " " + option.arg() + " ");
        }
        assertThat(help).contains("  --help ");
    }

    /** A declared option that is not wired to anything fails here. */
    @Test
    void everyDeclaredOptionSetsSomething() {
        Launcher.Options defaults = Launcher.Options.parse(new String[]{"up"});
        for (Launcher.Option option : Launcher.OPTIONS) {
            Launcher.Options one = Launcher.Options.parse(new String[]{"up", option.name(), option.example()});
            assertThat(one.spec.equals(defaults.spec) && Objects.equals(one.endpointsFile, defaults.endpointsFile))
                    .as("%s %s changes the result", option.name(), option.example()).isFalse();
        }
        assertThat(Launcher.OPTIONS).extracting(Launcher.Option::name).doesNotHaveDuplicates();
    }

    @Test
    void endpointsJsonHasTheDocumentedShape() {
        ShardEndpoints s = new ShardEndpoints(0, "shard-0", new Endpoint("h", 1), new Endpoint("h", 2),
                new Endpoint("h", 3), List.of(new Endpoint("h", 4)), List.of(new Endpoint("h", 5)));
        String json = EndpointsJson.render(null, "http://h:9/", List.of(s));
        assertThat(json).isEqualTo("""
                {
                  "password": null,
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
    void endpointsFileIsReplacedWhole(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/endpoints.json");
        Launcher.writeAtomically(target, "{}\n");
        Launcher.writeAtomically(target, "{\"v\": 2}\n");
        assertThat(Files.readString(target)).isEqualTo("{\"v\": 2}\n");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
