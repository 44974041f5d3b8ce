package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestContextAnnotationUtils.AnnotationDescriptor;

import java.util.List;
import java.util.Optional;

/**
 * A test class's {@link RedisShardConnection}, as the key of its Spring application context:
 * equal settings, one cached context.
 *
 * @param sharedCluster the {@code @RedisShardedCluster(lifecycle = SHARED)} that every class with
 *                      these settings shares, or null when the cluster is the class's own
 * @param ownCluster    the test class when the cluster (and so the context) is its own, else null
 */
record ShardConnectionSettings(int shard, Mode mode, String user, RedisShardedCluster sharedCluster,
                               Class<?> ownCluster) {

    /**
     * @return empty when the class has no {@code @RedisShardConnection}
     * @throws IllegalStateException when the class declares it twice with different settings
     */
    static Optional<ShardConnectionSettings> of(Class<?> testClass) {
        AnnotationDescriptor<RedisShardConnection> found =
                TestContextAnnotationUtils.findAnnotationDescriptor(testClass, RedisShardConnection.class);
        if (found == null) {
            return Optional.empty();
        }
        requireOneDeclaration(found.getRootDeclaringClass());
        RedisShardConnection connection = found.getAnnotation();
        boolean own = ownsContext(testClass);
        return Optional.of(new ShardConnectionSettings(connection.shard(), connection.mode(), connection.user(),
                own ? null : clusterAnnotation(testClass), own ? testClass : null));
    }

    /** Whether the class's context goes with its own cluster (no validation: for after the class). */
    static boolean ownsContext(Class<?> testClass) {
        if (TestContextAnnotationUtils.findAnnotationDescriptor(testClass, RedisShardConnection.class) == null) {
            return false;
        }
        RedisShardedCluster cluster = clusterAnnotation(testClass);
        return cluster == null || cluster.lifecycle() != Lifecycle.SHARED;
    }

    /**
     * A class can carry the annotation directly and through a composed annotation; Spring would
     * silently take the nearest, and the test would talk to a shard or mode it did not ask for.
     */
    private static void requireOneDeclaration(Class<?> declaringClass) {
        List<MergedAnnotation<RedisShardConnection>> declarations = MergedAnnotations
                .from(declaringClass, SearchStrategy.DIRECT).stream(RedisShardConnection.class).toList();
        List<RedisShardConnection> distinct = declarations.stream().map(MergedAnnotation::synthesize).distinct().toList();
        if (distinct.size() < 2) {
            return;
        }
        String what = distinct.stream().map(RedisShardConnection::mode).distinct().count() > 1 ? "both modes at once, "
                : distinct.stream().map(RedisShardConnection::shard).distinct().count() > 1 ? "two shards at once, "
                : "two users at once, ";
        StringBuilder message = new StringBuilder("@RedisShardConnection on " + declaringClass.getName()
                + " is invalid: it asks for " + what);
        for (MergedAnnotation<RedisShardConnection> d : declarations) {
            message.append("(shard = ").append(d.getInt("shard")).append(", mode = ")
                    .append(d.getEnum("mode", Mode.class))
                    .append(d.getString("user").isEmpty() ? "" : ", user = \"" + d.getString("user") + "\"")
                    .append(") ")
                    .append(d.getDistance() == 0 ? "directly" : "through @" + d.getRoot().getType().getSimpleName())
                    .append("; ");
        }
        message.append("keep one @RedisShardConnection on the class (one mode, one shard, one user); for another"
                + " mode, shard or user use a second test class, or RedisShardProperties");
        throw new IllegalStateException(message.toString());
    }

    /** As the JUnit extension finds it: on the class or its superclasses, else on an enclosing class. */
    private static RedisShardedCluster clusterAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            MergedAnnotation<RedisShardedCluster> a =
                    MergedAnnotations.from(c, SearchStrategy.TYPE_HIERARCHY).get(RedisShardedCluster.class);
            if (a.isPresent()) {
                return a.synthesize();
            }
        }
        return null;
    }
}
