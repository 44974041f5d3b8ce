package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is what users touch: the public types outside {@code .internal.} packages of
 * the core and JUnit 5 jars are exactly these, and none of their public or protected members
 * mentions an internal type. A type added to a public package, or an internal type that leaks
 * into a signature, fails here: make it internal, or add it here on purpose (and to the docs).
 */
class PublicApiTest {

    private static final String ROOT = "io.github.redisclustertestkit.";

    private static final Set<String> PUBLIC_TYPES = Set.of(
            "ClusterContainer",
            "ClusterEvent",
            "ClusterNetwork",
            "ClusterNetwork$Haproxy",
            "Endpoint",
            "Flavour",
            "Node",
            "RedisClusterContainer",
            "RedisClusterException",
            "RedisClusterShard",
            "RedisClusterShard$Failover",
            "RedisShardedClusterContainer",
            "ServerVersion",
            "Shard",
            "ShardEndpoints",
            "SlotMigration",
            "TimelineEntry",
            "TlsMaterial",
            "faults.SentinelEvent",
            "faults.SentinelEvents",
            "spec.ClusterSpec",
            "spec.ClusterSpec$Builder",
            "spec.Defaults",
            "spec.NetworkMode",
            "spec.Routing",
            "spec.Topology",
            "junit5.HaproxyMaster",
            "junit5.HaproxyReplicas",
            "junit5.MasterName",
            "junit5.OnShard",
            "junit5.RedisCluster",
            "junit5.RedisCluster$Lifecycle",
            "junit5.RedisCluster$NetworkMode",
            "junit5.RedisCluster$Reset",
            "junit5.RedisCluster$Toggle",
            "junit5.RedisClusterExtension",
            "junit5.RedisShardedCluster",
            "junit5.RedisShardedCluster$Lifecycle",
            "junit5.RedisShardedCluster$NetworkMode",
            "junit5.RedisShardedCluster$Reset",
            "junit5.RedisShardedCluster$Routing",
            "junit5.RedisShardedCluster$Toggle",
            "junit5.RedisShardedClusterExtension",
            "junit5.RedisShardedClusterExtension$Builder",
            "junit5.Seeds",
            "junit5.Sentinels",
            "junit5.TimelinePages");

    @Test
    void thePublicTypesAreExactlyTheOnesUsersTouch() {
        Set<String> found = new TreeSet<>();
        for (Class<?> type : publicTypes()) {
            found.add(type.getName().substring(ROOT.length()));
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(PUBLIC_TYPES);
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicTypes()) {
            check(type.getName(), type.getGenericSuperclass(), leaks);
            for (Type i : type.getGenericInterfaces()) {
                check(type.getName() + " implements", i, leaks);
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field)) {
                    check(describe(field), field.getGenericType(), leaks);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor)) {
                    checkExecutable(constructor, leaks);
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method) && !method.isSynthetic()) {
                    check(describe(method), method.getGenericReturnType(), leaks);
                    checkExecutable(method, leaks);
                }
            }
        }
        assertThat(leaks).as("public or protected members that mention internal types").isEmpty();
    }

    private static void checkExecutable(Executable executable, List<String> leaks) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(describe(executable), parameter, leaks);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(describe(executable) + " throws", thrown, leaks);
        }
    }

    /** Adds a leak for every internal class that {@code type} mentions, type arguments and bounds included. */
    private static void check(String where, Type type, List<String> leaks) {
        if (type instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (element.getName().contains(".internal.")) {
                leaks.add(where + ": " + element.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type argument : p.getActualTypeArguments()) {
                check(where, argument, leaks);
            }
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
                    .forEach(bound -> check(where, bound, leaks));
        } else if (type instanceof GenericArrayType a) {
            check(where, a.getGenericComponentType(), leaks);
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                check(where, bound, leaks);
            }
        }
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    private static String describe(Member member) {
        return member.getDeclaringClass().getName() + "." + member.getName();
    }

    /** The public types, nested ones included, outside internal packages, of the core and JUnit 5 jars. */
    private static List<Class<?>> publicTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> anchor : List.of(RedisShardedClusterContainer.class, RedisShardedClusterExtension.class)) {
            for (String name : classNames(anchor)) {
                if (name.contains(".internal.")) {
                    continue;
                }
                Class<?> type = load(name);
                if (isPublic(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** Public, and so is every class it is nested in; never anonymous or local. */
    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    /** The classes of the jar or classes directory that {@code anchor} was loaded from. */
    private static List<String> classNames(Class<?> anchor) {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (Files.isDirectory(location)) {
                return classNames(location);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return classNames(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classNames(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.equals("module-info.class") && !f.startsWith("META-INF"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
