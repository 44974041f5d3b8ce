package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.junit5.RedisCluster;
import io.github.redisclustertestkit.junit5.RedisCluster.Lifecycle;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestContextAnnotationUtils.AnnotationDescriptor;

import java.util.Optional;

/**
 * A test class's {@link RedisClusterConnection}, as the key of its Spring application context:
 * equal settings, one cached context.
 *
 * @param user          the user the application connects as, or empty: see {@link RedisClusterConnection#user()}
 * @param sharedCluster the {@code @RedisCluster(lifecycle = SHARED)} that every class with these
 *                      settings shares, or null when the cluster is the class's own
 * @param ownCluster    the test class when the cluster (and so the context) is its own, else null
 */
record ClusterConnectionSettings(String user, RedisCluster sharedCluster, Class<?> ownCluster) {

    /** {@return empty when the class has no {@code @RedisClusterConnection}} */
    static Optional<ClusterConnectionSettings> of(Class<?> testClass) {
        AnnotationDescriptor<RedisClusterConnection> found =
                TestContextAnnotationUtils.findAnnotationDescriptor(testClass, RedisClusterConnection.class);
        if (found == null) {
            return Optional.empty();
        }
        boolean own = ownsContext(testClass);
        return Optional.of(new ClusterConnectionSettings(found.getAnnotation().user(), own ? null : clusterAnnotation(testClass),
                own ? testClass : null));
    }

    /** Whether the class's context goes with its own cluster. */
    static boolean ownsContext(Class<?> testClass) {
        if (TestContextAnnotationUtils.findAnnotationDescriptor(testClass, RedisClusterConnection.class) == null) {
            return false;
        }
        RedisCluster cluster = clusterAnnotation(testClass);
        return cluster == null || cluster.lifecycle() != Lifecycle.SHARED;
    }

    /** As the JUnit extension finds it: on the class or its superclasses, else on an enclosing class. */
    private static RedisCluster clusterAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            MergedAnnotation<RedisCluster> a = MergedAnnotations.from(c, SearchStrategy.TYPE_HIERARCHY)
                    .get(RedisCluster.class);
            if (a.isPresent()) {
                return a.synthesize();
            }
        }
        return null;
    }
}
