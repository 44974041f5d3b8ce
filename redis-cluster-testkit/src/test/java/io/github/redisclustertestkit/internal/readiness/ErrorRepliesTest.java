package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.plan.NodeKind;
import io.github.redisclustertestkit.internal.plan.NodePlan;
import io.github.redisclustertestkit.internal.plan.ShardPlan;
import io.github.redisclustertestkit.internal.probe.FakeRespServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.redisclustertestkit.internal.probe.FakeRespServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/** A node that answers with an error is reported as answering so, not as unreachable. */
class ErrorRepliesTest {

    @Test
    void aLoadingMasterIsSeenAsAnsweringLoading() throws Exception {
        try (FakeRespServer master = new FakeRespServer((n, command) ->
                "-LOADING Redis is loading the dataset in memory\r\n");
             FakeRespServer sentinel = new FakeRespServer((n, command) ->
                     "*2\r\n" + bulk("127.0.0.1") + bulk(String.valueOf(master.port())))) {
            NodePlan redis0 = new NodePlan(0, NodeKind.REDIS, 0, master.port(), "/data/redis.conf", "", List.of());
            NodePlan redis1 = new NodePlan(0, NodeKind.REDIS, 1, 1, "/data/redis.conf", "", List.of());
            NodePlan sentinel0 = new NodePlan(0, NodeKind.SENTINEL, 0, sentinel.port(), "/data/s.conf", "", List.of());
            ShardPlan shard = new ShardPlan(0, "shard-0", List.of(redis0, redis1), List.of(sentinel0), 0, 0);

            Problem problem = new ReplicationCheck(shard).evaluate(new Probe("127.0.0.1", null)).orElseThrow();

            assertThat(problem.node()).isEqualTo(redis0);
            assertThat(problem.seen()).isEqualTo("answered -LOADING Redis is loading the dataset in memory");
        }
    }
}
