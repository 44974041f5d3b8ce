package io.github.redisclustertestkit.spring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring module's public API is what users touch: the annotation and the properties for
 * {@code @DynamicPropertySource}. Spring loads the {@code spring.factories} entries reflectively,
 * so they stay package-private; a type that becomes public by accident fails here.
 */
class PublicApiTest {

    @Test
    void thePublicTypesAreExactlyTheOnesUsersTouch() throws Exception {
        assertThat(publicTypes()).containsExactlyInAnyOrder(
                "RedisClusterConnection",
                "RedisClusterProperties",
                "RedisShardConnection",
                "RedisShardConnection$Mode",
                "RedisShardProperties");
    }

    /** Public, nested ones included (public all the way out), of this module's classes directory or jar. */
    private static List<String> publicTypes() throws IOException, URISyntaxException {
        Path root = Path.of(RedisShardConnection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String prefix = RedisShardConnection.class.getPackageName() + ".";
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> isPublic(load(name)))
                    .map(name -> name.substring(prefix.length()))
                    .toList();
        }
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
