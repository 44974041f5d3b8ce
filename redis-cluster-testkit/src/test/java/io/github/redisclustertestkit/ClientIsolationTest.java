package io.github.redisclustertestkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library must not force a Redis client on its users: none of its own classes refers to
 * Jedis or Lettuce (the build's enforcer rule keeps them off its dependencies as well).
 */
class ClientIsolationTest {

    @Test
    void noLibraryClassRefersToARedisClient() throws IOException {
        Path classes = Path.of(RedisShardedClusterContainer.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath());
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            classFiles = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(classFiles).hasSizeGreaterThan(10);
        for (Path file : classFiles) {
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(constants).as(file.toString()).doesNotContain("redis/clients/", "io/lettuce/");
        }
    }
}
