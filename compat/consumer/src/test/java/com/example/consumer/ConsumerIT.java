package com.example.consumer;

import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.HaproxyReplicas;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Reports the versions on the test classpath (scripts/compat reads the line) and checks them:
     * each is known; JUnit's Jupiter API, Jupiter engine and Platform are one release (a mixed JUnit
     * fails far from its cause); and they are the versions this build asked for, when it says so
     * (the explicit-versions profile always does; under Spring Boot's BOM, Boot chooses).
     */
    @Test
    void runsOnTheVersionsTheBuildChose() throws ClassNotFoundException {
        String junit = Test.class.getPackage().getImplementationVersion();
        String jupiterEngine = versionOf("org.junit.jupiter.engine.JupiterTestEngine");
        String platform = versionOf("org.junit.platform.engine.TestEngine");
        String testcontainers = DockerClientFactory.class.getPackage().getImplementationVersion();
        System.out.println("compat-versions: junit=" + junit + " testcontainers=" + testcontainers
                + " java=" + Runtime.version().feature());
        assertAll(
                () -> assertTrue(isVersion(junit), "JUnit Jupiter API version: " + junit),
                () -> assertTrue(isVersion(testcontainers), "Testcontainers version: " + testcontainers),
                () -> assertEquals(junit, jupiterEngine, "Jupiter engine beside Jupiter API " + junit),
                // JUnit 5.x.y goes with Platform 1.x.y; from JUnit 6 on, both have one version.
                () -> assertEquals(junit.startsWith("5.") ? "1." + junit.substring(2) : junit, platform,
                        "JUnit Platform beside Jupiter " + junit),
                () -> expect("expected.junit.version", junit),
                () -> expect("expected.testcontainers.version", testcontainers));
    }

    private static String versionOf(String className) throws ClassNotFoundException {
        return Class.forName(className).getPackage().getImplementationVersion();
    }

    private static boolean isVersion(String version) {
        return version != null && version.matches("\\d+\\.\\d+\\.\\d+.*");
    }

    private static void expect(String property, String actual) {
        String expected = System.getProperty(property, "");
        if (!expected.isEmpty()) {
            assertEquals(expected, actual, property);
        }
    }
}
