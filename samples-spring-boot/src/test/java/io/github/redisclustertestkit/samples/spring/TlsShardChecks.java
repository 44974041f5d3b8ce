package io.github.redisclustertestkit.samples.spring;

import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.TlsMaterial;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Reads what the application wrote, straight from the shard's master: over TLS, the one way in. */
final class TlsShardChecks {

    private TlsShardChecks() {
    }

    static String onTheMaster(Shard shard, TlsMaterial tls, String key) {
        try (Jedis master = new Jedis(new HostAndPort(shard.master().host(), shard.master().port()),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslSocketFactory()).build())) {
            return master.get(key);
        }
    }
}
