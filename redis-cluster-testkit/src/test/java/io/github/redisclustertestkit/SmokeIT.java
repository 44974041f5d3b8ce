package io.github.redisclustertestkit;

import org.junit.jupiter.api.Test;

class SmokeIT {
    @Test
    void starts() {
        try (var cluster = new RedisShardedClusterContainer()) {
            long t0 = System.nanoTime();
            cluster.start();
            System.out.println("READY in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            System.out.println(cluster.shards());
            System.out.println(cluster.diagnostics());
        }
    }
}
