package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.RedisShardedClusterContainer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The settings of {@link PageViewsIT}: Spring reuses its application context, JUnit its cluster. */
@PageViewsContext
class SameSettingsIT {

    @Autowired
    ApplicationContext context;
    RedisShardedClusterContainer cluster;

    @Test
    void sharesTheContextAndTheCluster() {
        PageViewsIT.assertSameAsFirstSeen("lettuce", context, cluster);
    }
}
