package io.github.redisclustertestkit.internal.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The process that started a cluster, recorded in its containers' labels so that a later start
 * can tell whether that process is still alive (see {@link OrphanClusters}).
 * <p>
 * A pid alone would not do: pids are recycled, so the start time (clock ticks after boot, field
 * 22 of {@code /proc/<pid>/stat}) must match too; another boot id means a previous boot only for
 * a container created before this machine booted (else it may be another machine that shares the
 * engine, e.g. through an ssh tunnel to a {@code localhost} port); and a pid
 * means another process in another pid namespace, e.g. in a build container that shares the
 * Docker socket, so the namespace must match for the pid to be looked up at all.
 *
 * @param bootId       {@code /proc/sys/kernel/random/boot_id}
 * @param pidNamespace the target of {@code /proc/self/ns/pid}, like {@code pid:[4026531836]}
 * @param uid          the owner's user id: another user's processes may be hidden ({@code hidepid})
 * @param pid          the owner's process id
 * @param startTicks   when the owner started, in clock ticks after boot
 */
record Owner(String bootId, String pidNamespace, long uid, long pid, long startTicks) {

    private static final String PREFIX = "redis-cluster-testkit.owner.";
    static final String BOOT_ID_LABEL = PREFIX + "boot-id";
    static final String PID_NAMESPACE_LABEL = PREFIX + "pid-namespace";
    static final String UID_LABEL = PREFIX + "uid";
    static final String PID_LABEL = PREFIX + "pid";
    static final String START_TICKS_LABEL = PREFIX + "start-ticks";

    /** The field of {@code /proc/<pid>/stat} that holds the start time (1-based, as in proc(5)). */
    private static final int START_TIME_FIELD = 22;

    /** How a judge sees a recorded owner. */
    enum Liveness {
        ALIVE(null),
        EXITED("its process has exited"),
        PID_REUSED("its pid now belongs to another process"),
        PREVIOUS_BOOT("it ran before this machine last booted"),
        /** Another pid namespace, a hidden or unreadable process: not for us to judge. */
        UNKNOWN(null);

        private final String whyGone;

        Liveness(String whyGone) {
            this.whyGone = whyGone;
        }

        boolean gone() {
            return whyGone != null;
        }

        String whyGone() {
            return whyGone;
        }
    }

    /** Reads {@code /proc/<pid>/stat}; empty if there is no such process (to this process). */
    @FunctionalInterface
    interface ProcessTable {
        Optional<String> stat(long pid) throws IOException;

        ProcessTable PROC = pid -> {
            try {
                return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            }
        };
    }

    private static final Optional<Owner> CURRENT = readCurrent();

    /** When this machine booted, in seconds since the epoch ({@code btime} in /proc/stat); empty if unknown. */
    static final OptionalLong BOOT_TIME = readBootTime();

    private static OptionalLong readBootTime() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("btime "))
                    .mapToLong(l -> Long.parseLong(l.substring("btime ".length()).strip()))
                    .findFirst();
        } catch (IOException | RuntimeException notLinux) {
            return OptionalLong.empty();
        }
    }

    /**
     * This process, if the Docker host is this machine and this is Linux: only then can the
     * owners of clusters on it be judged by looking at this machine's processes.
     */
    static Optional<Owner> forDockerHost(String dockerHost) {
        try {
            return InetAddress.getByName(dockerHost).isLoopbackAddress() ? CURRENT : Optional.empty();
        } catch (IOException unresolvable) {
            return Optional.empty();
        }
    }

    private static Optional<Owner> readCurrent() {
        try {
            long pid = ProcessHandle.current().pid();
            Optional<String> stat = ProcessTable.PROC.stat(pid);
            if (stat.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Owner(
                    Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip(),
                    Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(),
                    ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue(),
                    pid,
                    startTicks(stat.get())));
        } catch (IOException | RuntimeException notLinux) {
            return Optional.empty();
        }
    }

    Map<String, String> labels() {
        return Map.of(BOOT_ID_LABEL, bootId, PID_NAMESPACE_LABEL, pidNamespace, UID_LABEL, Long.toString(uid),
                PID_LABEL, Long.toString(pid), START_TICKS_LABEL, Long.toString(startTicks));
    }

    /** The owner the labels record; empty if any owner label is missing or malformed. */
    static Optional<Owner> fromLabels(Map<String, String> labels) {
        String bootId = labels.get(BOOT_ID_LABEL);
        String pidNamespace = labels.get(PID_NAMESPACE_LABEL);
        if (bootId == null || bootId.isEmpty() || pidNamespace == null || pidNamespace.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(bootId, pidNamespace, Long.parseLong(labels.get(UID_LABEL)),
                    Long.parseLong(labels.get(PID_LABEL)), Long.parseLong(labels.get(START_TICKS_LABEL))));
        } catch (NumberFormatException missingOrMalformed) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code other}, seen from this process, is still alive. Only a sure "gone" allows
     * removing its cluster; whatever cannot be known is {@link Liveness#UNKNOWN}.
     *
     * @param created  when the owner's container was created, in seconds since the epoch (Docker's
     *                 {@code Created}), if known
     * @param bootTime when this machine booted, in seconds since the epoch ({@link #BOOT_TIME})
     */
    Liveness judge(Owner other, OptionalLong created, OptionalLong bootTime, ProcessTable processes) {
        if (!other.bootId.equals(bootId)) {
            boolean beforeThisBoot = created.isPresent() && bootTime.isPresent()
                    && created.getAsLong() < bootTime.getAsLong();
            return beforeThisBoot ? Liveness.PREVIOUS_BOOT : Liveness.UNKNOWN;
        }
        if (!other.pidNamespace.equals(pidNamespace)) {
            return Liveness.UNKNOWN;
        }
        Optional<String> stat;
        try {
            stat = processes.stat(other.pid);
        } catch (IOException unreadable) {
            return Liveness.UNKNOWN;
        }
        if (stat.isEmpty()) {
            return other.uid == uid ? Liveness.EXITED : Liveness.UNKNOWN;
        }
        try {
            if (startTicks(stat.get()) != other.startTicks) {
                return Liveness.PID_REUSED;
            }
            char state = state(stat.get());
            return state == 'Z' || state == 'X' ? Liveness.EXITED : Liveness.ALIVE;
        } catch (IllegalArgumentException malformed) {
            return Liveness.UNKNOWN;
        }
    }

    /** Field 22 of a {@code /proc/<pid>/stat} line. */
    static long startTicks(String stat) {
        String[] fields = fieldsAfterCommand(stat);
        int index = START_TIME_FIELD - 3;
        if (fields.length <= index) {
            throw new IllegalArgumentException("no field " + START_TIME_FIELD + " in " + stat);
        }
        return Long.parseLong(fields[index]);
    }

    /** Field 3 of a {@code /proc/<pid>/stat} line: R, S, D, Z (zombie), X (dead), ... */
    static char state(String stat) {
        return fieldsAfterCommand(stat)[0].charAt(0);
    }

    /**
     * Fields 3 and on. Field 2 is the command name in parentheses, which may itself hold spaces
     * and parentheses, so the fields after it start after the last ')'.
     */
    private static String[] fieldsAfterCommand(String stat) {
        int end = stat.lastIndexOf(')');
        String rest = end < 0 ? "" : stat.substring(end + 1).strip();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        return rest.split(" +");
    }

    @Override
    public String toString() {
        return "pid " + pid + " (started " + startTicks + " ticks after boot " + bootId + ", " + pidNamespace
                + ", uid " + uid + ")";
    }
}
