package com.example.consumer;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.HaproxyReplicas;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user writes: the annotation, a write through HAProxy's master port, a read through its replicas port. */
@RedisShardedCluster(shards = 1)
class ConsumerIT {

    @Test
    void writesThroughTheMasterPortAndReadsBackThroughTheReplicasPort(@HaproxyMaster Endpoint writes,
                                                                      @HaproxyReplicas Endpoint reads)
            throws InterruptedException {
        try (Jedis master = new Jedis(writes.host(), writes.port())) {
            master.set("consumer:1", "written through the master port");
        }
        // Replication is asynchronous: poll the replicas port, bounded in count.
        String read = null;
        for (int attempt = 0; attempt < 50 && read == null; attempt++) {
            try (Jedis replica = new Jedis(reads.host(), reads.port())) {
                read = replica.get("consumer:1");
            }
            if (read == null) {
                Thread.sleep(100);
            }
        }
        assertEquals("written through the master port", read);
    }

    /** Reports the versions on the test classpath, and fails if they are not the ones this run asked for. */
    @Test
    void runsOnTheVersionsTheBuildChose() {
        String junit = Test.class.getPackage().getImplementationVersion();
        String testcontainers = DockerClientFactory.class.getPackage().getImplementationVersion();
        System.out.println("compat-versions: junit=" + junit + " testcontainers=" + testcontainers
                + " java=" + Runtime.version().feature());
        expect("expected.junit.version", junit);
        expect("expected.testcontainers.version", testcontainers);
    }

    private static void expect(String property, String actual) {
        String expected = System.getProperty(property, "");
        if (!expected.isEmpty()) {
            assertEquals(expected, actual, property);
        }
    }
}
