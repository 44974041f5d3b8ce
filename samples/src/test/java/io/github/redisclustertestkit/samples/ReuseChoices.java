package io.github.redisclustertestkit.samples;

// snippet:reuse
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Toggle;

/** Reuse as the guides show it; compiled, not run (reuse needs the machine's consent). */
final class ReuseChoices {

    static RedisShardedClusterContainer reused() {
        return new RedisShardedClusterContainer().withShards(2).withReuse(true);
    }

    @RedisShardedCluster(shards = 2, reuse = Toggle.TRUE)
    static class CartTests {
    }
}
// end:reuse
