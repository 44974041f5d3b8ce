package io.github.redisclustertestkit.benchmark;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.internal.probe.RespClient;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;

/**
 * The next test JVM of the benchmark's "ready (reused, new JVM)" rows: takes over the reused
 * cluster of the master-name prefix given as its only argument, leaves a key for the next run
 * to flush, and prints {@value #RESULT} followed by the cluster id, whether it was reused, and the
 * seconds start() took. close() leaves the cluster running, as reuse does.
 */
public final class ReusedStartInNewJvm {

    static final String RESULT = "reused start in a new JVM: ";

    private ReusedStartInNewJvm() {
    }

    public static void main(String[] args) throws Exception {
        // Every JVM pays for Testcontainers' Docker client once; that is not the take-over's cost.
        DockerClientFactory.instance().client();
        try (var cluster = new RedisShardedClusterContainer().withMasterNamePrefix(args[0]).withReuse(true)) {
            long began = System.nanoTime();
            cluster.start();
            double start = (System.nanoTime() - began) / 1e9;
            Endpoint master = cluster.shard(0).haproxyMaster();
            try (RespClient client = RespClient.connect(master.host(), master.port(), null, Duration.ofSeconds(2))) {
                client.call("SET", "left-for-the-next-run", "x");
            }
            System.out.println(RESULT + cluster.clusterId() + " " + cluster.isReused() + " " + start);
        }
        System.exit(0);
    }
}
