package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the reuse ITs of both topologies share. A second container instance in the test's JVM
 * would not show reuse: it would share that JVM's Testcontainers configuration, port reservations
 * and file locks, and the point is what a new JVM finds. So each start runs in a child JVM whose
 * user.home enables reuse, as a user's would.
 */
final class ReuseJvms {

    private ReuseJvms() {
    }

    /** A user.home below {@code dir} whose {@code .testcontainers.properties} enables reuse. */
    static Path homeWithReuse(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".testcontainers.properties"), "testcontainers.reuse.enable=true\n");
        return home;
    }

    /**
     * Starts {@code cluster} in a child JVM and returns how long {@code start()} took, in ms.
     * Testcontainers' Docker client is set up first: every Testcontainers test pays for that once
     * per JVM, and the benchmark measures start() in a JVM that has it.
     */
    static long timedStart(Startable cluster) {
        DockerClientFactory.instance().client();
        long began = System.nanoTime();
        cluster.start();
        return (System.nanoTime() - began) / 1_000_000;
    }

    /** The Docker states of the cluster's containers, stopped ones too. */
    static List<String> states(String clusterId) {
        return ClusterContainers.list(clusterId, true).stream().map(c -> c.getState()).toList();
    }
}
