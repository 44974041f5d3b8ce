package io.github.redisclustertestkit.samples.spring;

import org.springframework.test.context.TestPropertySource;

/** {@link TlsPageViewsIT} with Jedis: Boot gives it the same bundle, for its Sentinel pool too. */
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class TlsPageViewsJedisIT extends TlsPageViewsIT {
}
