package io.github.redisclustertestkit.internal.containers;

import io.github.redisclustertestkit.internal.containers.Owner.Liveness;
import io.github.redisclustertestkit.internal.containers.Owner.ProcessTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OwnerTest {

    private static final String BOOT = "0f6a4a8c-6b2e-4d36-9a55-0a3c2b1d9e11";
    private static final String NAMESPACE = "pid:[4026531836]";
    private static final Owner JUDGE = new Owner(BOOT, NAMESPACE, 1000, 100, 5000);
    private static final Owner OWNER = new Owner(BOOT, NAMESPACE, 1000, 4242, 987654);
    private static final OptionalLong UNKNOWN_TIME = OptionalLong.empty();
    /** When the judging machine booted, in seconds since the epoch. */
    private static final long BOOTED = 1_764_000_000L;

    /** A {@code /proc/<pid>/stat} line with the given command name, state and start time. */
    private static String stat(long pid, String command, char state, long startTicks) {
        return pid + " (" + command + ") " + state + " 1 4242 4242 0 -1 4194560 12345 0 0 0 100 20 0 0 20 0 30 0 "
                + startTicks + " 5000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }

    /** How {@link #JUDGE} sees an owner of its own boot, when the container's age does not matter. */
    private static Liveness judge(Owner other, ProcessTable processes) {
        return JUDGE.judge(other, UNKNOWN_TIME, UNKNOWN_TIME, processes);
    }

    private static ProcessTable only(long pid, String stat) {
        return p -> p == pid ? Optional.of(stat) : Optional.empty();
    }

    @Test
    void readsStartTimeAndStateAfterTheLastParenthesis() {
        assertThat(Owner.startTicks(stat(4242, "java", 'S', 987654))).isEqualTo(987654);
        String oddName = stat(4242, "my (odd) 1 2 3) name", 'Z', 31);
        assertThat(Owner.startTicks(oddName)).isEqualTo(31);
        assertThat(Owner.state(oddName)).isEqualTo('Z');
    }

    @Test
    void rejectsWhatIsNotAStatLine() {
        assertThatThrownBy(() -> Owner.startTicks("4242 (java) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Owner.startTicks("no parenthesis")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Owner.state("4242 (java)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsRecordTheOwner() {
        assertThat(Owner.fromLabels(OWNER.labels())).contains(OWNER);
        Map<String, String> withOthers = new HashMap<>(OWNER.labels());
        withOthers.put(NodeContainer.CLUSTER_LABEL, "abc");
        assertThat(Owner.fromLabels(withOthers)).contains(OWNER);
    }

    @Test
    void missingOrMalformedLabelsRecordNoOwner() {
        assertThat(Owner.fromLabels(Map.of(NodeContainer.CLUSTER_LABEL, "abc"))).isEmpty();
        for (String label : OWNER.labels().keySet()) {
            Map<String, String> missing = new HashMap<>(OWNER.labels());
            missing.remove(label);
            assertThat(Owner.fromLabels(missing)).as(label).isEmpty();
            Map<String, String> empty = new HashMap<>(OWNER.labels());
            empty.put(label, "");
            assertThat(Owner.fromLabels(empty)).as(label).isEmpty();
        }
        Map<String, String> malformed = new HashMap<>(OWNER.labels());
        malformed.put(Owner.PID_LABEL, "12x");
        assertThat(Owner.fromLabels(malformed)).isEmpty();
    }

    @Test
    void anOwnerWhoseProcessRunsWithItsStartTimeIsAlive() {
        assertThat(judge(OWNER, only(4242, stat(4242, "java", 'S', 987654)))).isEqualTo(Liveness.ALIVE);
        assertThat(judge(OWNER, only(4242, stat(4242, "java", 'R', 987654)))).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void anOwnerWithoutProcessHasExited() {
        assertThat(judge(OWNER, p -> Optional.empty())).isEqualTo(Liveness.EXITED);
    }

    @Test
    void aZombieOwnerHasExited() {
        assertThat(judge(OWNER, only(4242, stat(4242, "java", 'Z', 987654)))).isEqualTo(Liveness.EXITED);
    }

    @Test
    void aRecycledPidIsNotTheOwner() {
        Liveness seen = judge(OWNER, only(4242, stat(4242, "java", 'S', 987655)));
        assertThat(seen).isEqualTo(Liveness.PID_REUSED);
        assertThat(seen.gone()).isTrue();
    }

    @Test
    void anOwnerFromBeforeThisBootIsGoneWhateverRunsUnderItsPidNow() {
        Owner earlier = new Owner("another-boot", "pid:[1]", 0, 4242, 987654);
        assertThat(JUDGE.judge(earlier, OptionalLong.of(BOOTED - 60), OptionalLong.of(BOOTED),
                only(4242, stat(4242, "java", 'S', 987654)))).isEqualTo(Liveness.PREVIOUS_BOOT);
    }

    /** Another machine sharing the engine (DOCKER_HOST through an ssh tunnel to localhost) has another boot id. */
    @Test
    void anOwnerWithAnotherBootIdWhoseContainerIsNewerThanThisBootCannotBeJudged() {
        Owner elsewhere = new Owner("another-boot", NAMESPACE, 1000, 4242, 987654);
        assertThat(JUDGE.judge(elsewhere, OptionalLong.of(BOOTED + 60), OptionalLong.of(BOOTED), p -> Optional.empty()))
                .isEqualTo(Liveness.UNKNOWN);
        assertThat(JUDGE.judge(elsewhere, OptionalLong.of(BOOTED), OptionalLong.of(BOOTED), p -> Optional.empty()))
                .isEqualTo(Liveness.UNKNOWN);
        assertThat(JUDGE.judge(elsewhere, UNKNOWN_TIME, OptionalLong.of(BOOTED), p -> Optional.empty()))
                .isEqualTo(Liveness.UNKNOWN);
        assertThat(JUDGE.judge(elsewhere, OptionalLong.of(BOOTED - 60), UNKNOWN_TIME, p -> Optional.empty()))
                .isEqualTo(Liveness.UNKNOWN);
    }

    @Test
    void anOwnerInAnotherPidNamespaceCannotBeJudged() {
        Owner elsewhere = new Owner(BOOT, "pid:[4026532999]", 1000, 4242, 987654);
        assertThat(judge(elsewhere, p -> Optional.empty())).isEqualTo(Liveness.UNKNOWN);
    }

    @Test
    void anotherUsersMissingProcessMayBeHidden() {
        Owner otherUser = new Owner(BOOT, NAMESPACE, 0, 4242, 987654);
        assertThat(judge(otherUser, p -> Optional.empty())).isEqualTo(Liveness.UNKNOWN);
        assertThat(judge(otherUser, only(4242, stat(4242, "java", 'S', 987654)))).isEqualTo(Liveness.ALIVE);
        assertThat(judge(otherUser, only(4242, stat(4242, "java", 'S', 1)))).isEqualTo(Liveness.PID_REUSED);
    }

    @Test
    void anUnreadableProcessCannotBeJudged() {
        assertThat(judge(OWNER, p -> {
            throw new IOException("No such process");
        })).isEqualTo(Liveness.UNKNOWN);
        assertThat(judge(OWNER, only(4242, "garbage"))).isEqualTo(Liveness.UNKNOWN);
        assertThat(Liveness.UNKNOWN.gone()).isFalse();
        assertThat(Liveness.ALIVE.gone()).isFalse();
    }

    @Test
    void aRemoteDockerHostLeavesOwnersToRyuk() {
        assertThat(Owner.forDockerHost("192.0.2.1")).isEmpty();
    }

    /** The real /proc: this process is alive, a child is alive until it is killed and reaped. */
    @Test
    void onLinuxThisProcessAndAChildAreJudgedFromProc() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/sys/kernel/random/boot_id")), "Linux only");
        Owner self = Owner.forDockerHost("localhost").orElseThrow();
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.judge(self, UNKNOWN_TIME, Owner.BOOT_TIME, ProcessTable.PROC)).isEqualTo(Liveness.ALIVE);
        assertThat(Owner.BOOT_TIME).isPresent();
        assertThat(Owner.BOOT_TIME.getAsLong()).isBetween(1L, System.currentTimeMillis() / 1000);

        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            String childStat = ProcessTable.PROC.stat(child.pid()).orElseThrow();
            Owner owner = new Owner(self.bootId(), self.pidNamespace(), self.uid(), child.pid(),
                    Owner.startTicks(childStat));
            assertThat(self.judge(owner, UNKNOWN_TIME, UNKNOWN_TIME, ProcessTable.PROC)).isEqualTo(Liveness.ALIVE);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(self.judge(owner, UNKNOWN_TIME, UNKNOWN_TIME, ProcessTable.PROC)).isEqualTo(Liveness.EXITED);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void helperContainersGoWhenTheirOwnerIsGoneOrTheyExitedWithoutOne() {
        Map<String, String> owned = new HashMap<>(OWNER.labels());
        owned.put(NetAdmin.HELPER_LABEL, "true");
        ProcessTable alive = only(4242, stat(4242, "java", 'S', 987654));
        ProcessTable none = p -> Optional.empty();
        assertThat(OrphanClusters.helperLeftBehind(owned, "running", null, JUDGE, UNKNOWN_TIME, none)).isTrue();
        assertThat(OrphanClusters.helperLeftBehind(owned, "exited", null, JUDGE, UNKNOWN_TIME, none)).isTrue();
        // an exited helper of a live owner may be having its output read
        assertThat(OrphanClusters.helperLeftBehind(owned, "exited", null, JUDGE, UNKNOWN_TIME, alive)).isFalse();
        assertThat(OrphanClusters.helperLeftBehind(owned, "running", null, JUDGE, UNKNOWN_TIME, alive)).isFalse();
        Map<String, String> unowned = Map.of(NetAdmin.HELPER_LABEL, "true");
        assertThat(OrphanClusters.helperLeftBehind(unowned, "exited", null, JUDGE, UNKNOWN_TIME, alive)).isTrue();
        assertThat(OrphanClusters.helperLeftBehind(unowned, "running", null, JUDGE, UNKNOWN_TIME, alive)).isFalse();
    }
}
