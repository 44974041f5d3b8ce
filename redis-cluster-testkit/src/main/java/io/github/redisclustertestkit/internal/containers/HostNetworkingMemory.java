package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * AUTO's probe answers, remembered across JVMs in a small file, so that only the first JVM per
 * engine pays the probe (2-3 s on a rootless engine). An answer is kept per engine start: the key
 * holds the engine's ID and the time its {@code host} network was created, which is when the engine
 * started, so that restarting it (Docker Desktop, after enabling host networking) asks again.
 * Best effort: a file that cannot be read or written means probing, as without it.
 */
final class HostNetworkingMemory {

    /** Answers of engines long gone are dropped beyond this many. */
    static final int MAX_ENTRIES = 64;

    private final Path file;

    HostNetworkingMemory(Path file) {
        this.file = file;
    }

    /** ~/.cache/redis-cluster-testkit/host-networking.properties, or under the temp dir where there is no home. */
    static HostNetworkingMemory inUserCache() {
        String home = System.getProperty("user.home");
        Path dir = home == null || home.isBlank() || !Files.isWritable(Path.of(home))
                ? Path.of(System.getProperty("java.io.tmpdir"), "redis-cluster-testkit-" + System.getProperty("user.name"))
                : Path.of(home, ".cache", "redis-cluster-testkit");
        return new HostNetworkingMemory(dir.resolve("host-networking.properties"));
    }

    /**
     * @param engineId      {@code docker info}'s ID; null or blank: the engine cannot be told apart, so no key
     * @param engineStarted when the engine started, as it reports it
     * @param engineUri     how this JVM reaches the engine
     * @param clientHost    where this JVM reaches host-networked ports
     */
    static Optional<String> key(String engineId, String engineStarted, String engineUri, String clientHost) {
        if (engineId == null || engineId.isBlank() || engineStarted == null || engineStarted.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(engineId + " started " + engineStarted + " via " + engineUri + " as " + clientHost);
    }

    Optional<ProbeAnswer> recall(String key) {
        String value = load().getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(",");
        if (parts.length != 3) {
            return Optional.empty();
        }
        return Optional.of(new ProbeAnswer(Boolean.parseBoolean(parts[0]), Boolean.parseBoolean(parts[1]),
                Boolean.parseBoolean(parts[2])));
    }

    void remember(String key, ProbeAnswer answer) {
        try {
            Properties known = load();
            if (known.size() >= MAX_ENTRIES) {
                known.clear();
            }
            known.setProperty(key, answer.atClientHost() + "," + answer.atLoopback() + "," + answer.atEngineAddress());
            Files.createDirectories(file.getParent());
            // Written aside, then moved: another JVM reads the old file or the new one, never half of one.
            Path written = Files.createTempFile(file.getParent(), "host-networking", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(written)) {
                    known.store(out, "redis-cluster-testkit: where host-networked ports answered, per engine start");
                }
                try {
                    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException | RuntimeException e) {
            // the next JVM probes again
        }
    }

    private Properties load() {
        Properties known = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                known.load(in);
            } catch (IOException | RuntimeException e) {
                known.clear();
            }
        }
        return known;
    }
}
