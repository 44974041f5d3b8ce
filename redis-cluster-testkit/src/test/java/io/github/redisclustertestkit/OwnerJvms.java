package io.github.redisclustertestkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs that own a cluster, for tests of what a killed owner leaves behind: the child's main
 * starts a cluster, prints {@link #READY} and its id, and waits; the test SIGKILLs it.
 */
final class OwnerJvms {

    static final String READY = "cluster ready: ";

    private OwnerJvms() {
    }

    /** Starts {@code main} on this JVM's class path, its output (stdout and stderr) going to {@code log}. */
    static Process start(Class<?> main, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(jvmOptions));
        command.add(main.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits at most 120 s for the owner to print its cluster's id. */
    static String awaitClusterId(Process owner, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Optional<String> ready = clusterIdIn(log);
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!owner.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the owner JVM printed no cluster id:\n" + Files.readString(log));
    }

    /** The id the owner printed, if it did. */
    static Optional<String> clusterIdIn(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith(READY)).map(l -> l.substring(READY.length())).findFirst();
    }
}
