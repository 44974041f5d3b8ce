package io.github.redisclustertestkit.samples;

// snippet:junit-injection
import io.github.redisclustertestkit.Endpoint;
import io.github.redisclustertestkit.RedisShardedClusterContainer;
import io.github.redisclustertestkit.Shard;
import io.github.redisclustertestkit.ShardEndpoints;
import io.github.redisclustertestkit.junit5.HaproxyMaster;
import io.github.redisclustertestkit.junit5.HaproxyReplicas;
import io.github.redisclustertestkit.junit5.MasterName;
import io.github.redisclustertestkit.junit5.OnShard;
import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.Sentinels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisShardedCluster(shards = 2)
class InjectionIT {

    static RedisShardedClusterContainer cluster; // a static field of a cluster type: set before @BeforeAll

    @OnShard(1)
    Shard payments;                              // an instance field: set for each test instance

    @HaproxyMaster
    @OnShard(1)
    Endpoint paymentsWrites;                     // a plain value, picked by its annotations

    @BeforeAll
    static void clusterIsUp() {
        assertThat(cluster.isRunning()).isTrue();
    }

    @Test
    void everyInjectableType(ShardEndpoints shard0,                     // @OnShard defaults to shard 0
                             @OnShard(1) ShardEndpoints shard1,
                             @HaproxyReplicas Endpoint reads,
                             @Sentinels List<Endpoint> sentinels,
                             @MasterName @OnShard(1) String paymentsName) {
        assertThat(shard0.masterName()).isEqualTo("shard-0");
        assertThat(paymentsName).isEqualTo(payments.masterName()).isEqualTo(shard1.masterName());
        assertThat(paymentsWrites).isEqualTo(shard1.haproxyMaster());
        assertThat(reads).isEqualTo(shard0.haproxyReplicas());
        assertThat(sentinels).isEqualTo(shard0.sentinels());
    }
}
// end:junit-injection
