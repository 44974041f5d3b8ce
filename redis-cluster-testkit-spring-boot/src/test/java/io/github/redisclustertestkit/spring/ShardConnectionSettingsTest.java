package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.junit5.RedisShardedCluster;
import io.github.redisclustertestkit.junit5.RedisShardedCluster.Lifecycle;
import io.github.redisclustertestkit.spring.RedisShardConnection.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What Spring's context cache sees: which test classes share a context, and which are refused. */
class ShardConnectionSettingsTest {

    @Retention(RetentionPolicy.RUNTIME)
    @RedisShardedCluster(shards = 2, lifecycle = Lifecycle.SHARED)
    @RedisShardConnection(shard = 1)
    @interface OurShardOne {
    }

    @OurShardOne
    static class SharedA {
    }

    @OurShardOne
    static class SharedB {
    }

    @RedisShardedCluster(shards = 2, lifecycle = Lifecycle.SHARED)
    @RedisShardConnection(shard = 1, mode = Mode.HAPROXY)
    static class SharedHaproxy {
    }

    @RedisShardedCluster(shards = 2, lifecycle = Lifecycle.SHARED)
    @RedisShardConnection(shard = 1, user = "reports")
    static class SharedAsReports {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @RedisShardConnection(user = "reports")
    @interface AsReports {
    }

    @RedisShardedCluster
    @AsReports
    @RedisShardConnection(user = "app")
    static class TwoUsers {
    }

    @RedisShardedCluster
    @RedisShardConnection
    static class OwnA {
    }

    @RedisShardedCluster
    @RedisShardConnection
    static class OwnB {
    }

    static class NoConnection {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @RedisShardConnection(mode = Mode.HAPROXY)
    @interface ThroughHaproxy {
    }

    @RedisShardedCluster
    @ThroughHaproxy
    @RedisShardConnection
    static class BothModes {
    }

    @RedisShardedCluster(lifecycle = Lifecycle.SHARED)
    @RedisShardConnection(mode = Mode.HAPROXY)
    static class Outer {
        class Inner {
        }
    }

    private static ContextCustomizer customizer(Class<?> testClass) {
        return new ShardConnectionContextCustomizerFactory().createContextCustomizer(testClass, List.of());
    }

    @Test
    void classesWithEqualSettingsOnASharedClusterShareOneContext() {
        assertThat(customizer(SharedA.class)).isEqualTo(customizer(SharedB.class))
                .hasSameHashCodeAs(customizer(SharedB.class));
        assertThat(ShardConnectionSettings.ownsContext(SharedA.class)).isFalse();
    }

    @Test
    void anotherModeIsAnotherContext() {
        assertThat(customizer(SharedA.class)).isNotEqualTo(customizer(SharedHaproxy.class));
    }

    @Test
    void anotherUserIsAnotherContext() {
        assertThat(customizer(SharedA.class)).isNotEqualTo(customizer(SharedAsReports.class));
        assertThat(ShardConnectionSettings.of(SharedAsReports.class)).get().extracting(ShardConnectionSettings::user)
                .isEqualTo("reports");
    }

    @Test
    void twoUsersAtOnceAreRefusedNamingEachDeclaration() {
        assertThatIllegalStateException().isThrownBy(() -> customizer(TwoUsers.class))
                .withMessage("@RedisShardConnection on " + TwoUsers.class.getName() + " is invalid: it asks for two"
                        + " users at once, (shard = 0, mode = SENTINEL, user = \"app\") directly; (shard = 0, mode ="
                        + " SENTINEL, user = \"reports\") through @AsReports; keep one @RedisShardConnection on the"
                        + " class (one mode, one shard, one user); for another mode, shard or user use a second test"
                        + " class, or RedisShardProperties");
    }

    @Test
    void aClassWithItsOwnClusterHasItsOwnContextClosedAfterTheClass() {
        assertThat(customizer(OwnA.class)).isNotEqualTo(customizer(OwnB.class));
        assertThat(ShardConnectionSettings.ownsContext(OwnA.class)).isTrue();
    }

    @Test
    void withoutTheAnnotationNothingChanges() {
        assertThat(customizer(NoConnection.class)).isNull();
        assertThat(ShardConnectionSettings.ownsContext(NoConnection.class)).isFalse();
    }

    @Test
    void bothModesAtOnceAreRefusedNamingEachDeclaration() {
        assertThatIllegalStateException().isThrownBy(() -> customizer(BothModes.class))
                .withMessage("@RedisShardConnection on " + BothModes.class.getName() + " is invalid: it asks for both"
                        + " modes at once, (shard = 0, mode = SENTINEL) directly; (shard = 0, mode = HAPROXY) through"
                        + " @ThroughHaproxy; keep one @RedisShardConnection on the class (one mode, one shard, one user); for"
                        + " another mode, shard or user use a second test class, or RedisShardProperties");
    }

    @Test
    void anInnerClassTakesTheEnclosingClassesSettings() {
        assertThat(ShardConnectionSettings.of(Outer.Inner.class)).get()
                .extracting(ShardConnectionSettings::mode, ShardConnectionSettings::ownCluster)
                .containsExactly(Mode.HAPROXY, null);
    }
}
