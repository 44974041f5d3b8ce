package io.github.redisclustertestkit.spring;

import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Whom the application connects as: the declared user named, else the first one, else the default user. */
class ConnectionUserTest {

    static final ClusterSpec USERS = ClusterSpec.defaults().toBuilder()
            .users(List.of("app s3cret ~views:* +@all", "reports r3ports ~* +@read"))
            .defaultUserDisabled(true).build();

    @Test
    void withoutUsersItIsTheDefaultUserWithTheClustersPassword() {
        assertThat(ConnectionUser.of(ClusterSpec.defaults().toBuilder().password("pw").build(), "", "where"))
                .isEqualTo(new ConnectionUser(null, "pw"));
        assertThat(ConnectionUser.of(ClusterSpec.defaults(), "", "where")).isEqualTo(new ConnectionUser(null, null));
    }

    @Test
    void withUsersItIsTheFirstDeclaredOneUnlessTheAttributeNamesAnother() {
        assertThat(ConnectionUser.of(USERS, "", "where")).isEqualTo(new ConnectionUser("app", "s3cret"));
        assertThat(ConnectionUser.of(USERS, "reports", "where")).isEqualTo(new ConnectionUser("reports", "r3ports"));
    }

    @Test
    void theDefaultUserStaysAvailableBesideDeclaredUsersOnlyByNotNamingThem() {
        ClusterSpec both = ClusterSpec.defaults().toBuilder().password("pw").users(List.of("app s3cret +@all")).build();

        assertThat(ConnectionUser.of(both, "", "where")).as("declared users come first")
                .isEqualTo(new ConnectionUser("app", "s3cret"));
    }

    @Test
    void aUserTheClusterDoesNotDeclareNamesTheAttributeAndTheDeclaredUsersButNoPassword() {
        assertThatIllegalStateException().isThrownBy(() -> ConnectionUser.of(USERS, "ap", "@RedisShardConnection on FooIT"))
                .withMessage("@RedisShardConnection on FooIT is invalid: user = \"ap\" is not a user of the cluster,"
                        + " which declares [app, reports]; set user to one of those, or declare it on the cluster"
                        + " (users = \"ap PASSWORD RULE...\")")
                .withMessageNotContaining("s3cret").withMessageNotContaining("r3ports");
        assertThatIllegalStateException().isThrownBy(() -> ConnectionUser.of(ClusterSpec.defaults(), "app", "where"))
                .withMessage("where is invalid: user = \"app\" is not a user of the cluster, which declares no users;"
                        + " remove user to connect as the default user, or declare it on the cluster"
                        + " (users = \"app PASSWORD RULE...\")");
    }

    @Test
    void theDefaultUserOffAndNoUserDeclaredLeavesNobodyToConnectAs() {
        ClusterSpec nobody = ClusterSpec.defaults().toBuilder().defaultUserDisabled(true).build();

        assertThatIllegalStateException().isThrownBy(() -> ConnectionUser.of(nobody, "", "where"))
                .withMessage("where cannot connect: the cluster turns the default user off (defaultUserDisabled) and"
                        + " declares no user to connect as; declare one on the cluster (users = \"app PASSWORD ~* +@all\")");
        assertThatIllegalStateException().isThrownBy(() -> ConnectionUser.of(nobody, "app", "where"))
                .withMessageStartingWith("where is invalid: user = \"app\" is not a user of the cluster, which declares"
                        + " no users; declare it on the cluster")
                .as("no advice to fall back on the default user, which is off");
    }

    @Test
    void itsTextShowsTheNameButNotThePassword() {
        assertThat(new ConnectionUser("app", "s3cret")).asString().contains("app").doesNotContain("s3cret");
    }
}
