package io.github.redisclustertestkit.readiness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyAdminTest {

    @Test
    void readsServerLinesOfShowStatAndKnowsWhichWereChecked() {
        String csv = "# pxname,svname,qcur,status,check_status,\n"
                + "shard-0-master,FRONTEND,,OPEN,,\n"
                + "shard-0-replicas,redis-1,0,UP,L7OK,\n"
                + "shard-0-replicas,redis-0,0,UP,INI,\n"
                + "shard-0-replicas,BACKEND,0,UP,,\n";
        assertThat(HaproxyAdmin.parseStat(csv)).containsExactly(
                new HaproxyAdmin.ServerState("shard-0-replicas", "redis-1", "UP", "L7OK"),
                new HaproxyAdmin.ServerState("shard-0-replicas", "redis-0", "UP", "INI"));
        assertThat(HaproxyAdmin.parseStat(csv).get(0).checked()).isTrue();
        assertThat(HaproxyAdmin.parseStat(csv).get(1).checked()).isFalse();
    }
}
