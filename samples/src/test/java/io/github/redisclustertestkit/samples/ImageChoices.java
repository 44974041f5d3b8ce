package io.github.redisclustertestkit.samples;

// snippet:images-imports
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.testcontainers.utility.DockerImageName;
// end:images-imports

/** Image choices as the guides show them; compiled, not started (the ITs run the build's own images). */
final class ImageChoices {

    private ImageChoices() {
    }

    static RedisShardedClusterContainer valkey() {
        // snippet:images-valkey
        var cluster = new RedisShardedClusterContainer()
                .withRedisImage("valkey/valkey:8.1"); // taken as it is: the name is the official one
        // end:images-valkey
        return cluster;
    }

    static RedisShardedClusterContainer mirrored() {
        // snippet:images-mirror
        var cluster = new RedisShardedClusterContainer()
                .withRedisImage(DockerImageName.parse("registry.example/my-valkey:8.1")
                        .asCompatibleSubstituteFor("redis"))
                .withHaproxyImage(DockerImageName.parse("registry.example/haproxy:2.8")
                        .asCompatibleSubstituteFor("haproxy"));
        // end:images-mirror
        return cluster;
    }
}
