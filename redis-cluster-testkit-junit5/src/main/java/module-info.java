/**
 * The JUnit Jupiter extensions of redis-cluster-testkit: {@code @RedisShardedCluster} and
 * {@code RedisShardedClusterExtension}, {@code @RedisCluster} and {@code RedisClusterExtension}. JUnit is the user's (5 or 6; the same module names).
 */
module io.github.redisclustertestkit.junit5 {
    requires transitive io.github.redisclustertestkit;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;

    // JUnit instantiates the extension reflectively: public class, public constructor, exported package.
    exports io.github.redisclustertestkit.junit5;
}
