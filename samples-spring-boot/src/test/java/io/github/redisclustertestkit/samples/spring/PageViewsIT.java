package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page-view service through Sentinel, with Lettuce reading from replicas: it serves, it
 * recovers by itself when the shard's master is killed, and it loses no view it confirmed.
 */
@PageViewsContext
class PageViewsIT {

    private static final Logger log = LoggerFactory.getLogger(PageViewsIT.class);
    /** How long the service may take to confirm views again after the master dies. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    /** Per client type, the first context and cluster seen whose cluster still runs (see assertSameAsFirstSeen). */
    private static final Map<String, Seen> FIRST_SEEN = new ConcurrentHashMap<>();

    private record Seen(ApplicationContext context, RedisShardedClusterContainer cluster) {
    }

    @Value("${local.server.port}")
    int port;
    @Value("${spring.data.redis.client-type:lettuce}")
    String clientType;
    @Autowired
    ApplicationContext context;
    RedisShardedClusterContainer cluster; // injected by @RedisShardedCluster
    Shard shard;

    PageViewsClient client;

    @BeforeEach
    void client() {
        client = new PageViewsClient(port);
    }

    @Test
    void servesRequests() {
        assertThat(client.view("home")).as(client::lastFailure).isEqualTo(1);
        assertThat(client.view("home")).as(client::lastFailure).isEqualTo(2);
        assertThat(client.view("about")).as(client::lastFailure).isEqualTo(1);
        // reads may come from a replica, which may be a moment behind
        await().atMost(Duration.ofSeconds(10)).until(() -> client.views("home") == 2);
    }

    @Test
    void recoversFromAMasterKillWithoutLosingAConfirmedView() {
        Viewer viewer = new Viewer(client, "home");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.confirmed().size() >= 20);
            shard.masterNode().kill();
            Instant killed = Instant.now();

            await("views confirmed again after the master was killed").atMost(RECOVERY_BOUND)
                    .pollInterval(Duration.ofMillis(50)).until(() -> viewer.confirmedAfter(killed) >= 5);
            log.info("{}: views confirmed again {} ms after the master was killed", clientType,
                    viewer.firstConfirmedAfter(killed).toMillis());
        } finally {
            viewer.close();
        }

        // A lost confirmed view would make the new master hand out its count a second time.
        List<Long> counts = viewer.confirmed().stream().map(Viewer.Confirmed::count).toList();
        assertThat(counts).doesNotHaveDuplicates();
        long highest = counts.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.views("home") >= highest);
    }

    @Test
    void sharesItsContextAndClusterWithEveryClassOfEqualSettings() {
        assertSameAsFirstSeen(clientType, context, cluster);
    }

    /**
     * A shared cluster lasts one JUnit run, and a later class of that run must get the same
     * cluster and context. With {@code forkCount} above 1 on this module's JUnit 5.12 every class is
     * a run of its own: once the first cluster is removed, a later class rightly gets a new cluster
     * and a new context (see {@link SharedClusterPerRunIT}), and becomes the one checked against.
     */
    static void assertSameAsFirstSeen(String clientType, ApplicationContext context, RedisShardedClusterContainer cluster) {
        Seen first = FIRST_SEEN.compute(clientType, (k, seen) ->
                seen != null && seen.cluster().isRunning() ? seen : new Seen(context, cluster));
        assertThat(context).as("the application context").isSameAs(first.context());
        assertThat(cluster).as("the cluster").isSameAs(first.cluster());
    }
}
