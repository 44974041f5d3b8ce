package io.github.redisclustertestkit.samples.spring;

import org.springframework.test.context.TestPropertySource;

/** {@link PageViewsIT} with Jedis: another application context, the same shared cluster. */
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class PageViewsJedisIT extends PageViewsIT {
}
