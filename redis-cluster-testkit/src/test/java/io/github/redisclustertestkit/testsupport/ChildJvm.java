package io.github.redisclustertestkit.testsupport;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that a test starts on its own class path, for what only another process shows: an owner
 * that is killed, a reuse that crosses JVMs, the CLI's long-running {@code up}. Its output goes to
 * files, read while it runs and named in every failure. Immutable: each {@code withX} returns a
 * copy, so a configured child can be started more than once.
 */
public final class ChildJvm {

    /** How often a wait looks at the child: its output is a file, cheap to read. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final Class<?> main;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final Map<String, String> environment;

    private ChildJvm(Class<?> main, List<String> jvmOptions, List<String> args, Map<String, String> environment) {
        this.main = main;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
        this.environment = Map.copyOf(environment);
    }

    /** A JVM that runs {@code main}'s {@code main} method. */
    public static ChildJvm of(Class<?> main) {
        return new ChildJvm(main, List.of(), List.of(), Map.of());
    }

    /** Adds options of the {@code java} command, such as {@code -Dname=value}. */
    public ChildJvm withJvmOptions(String... options) {
        return new ChildJvm(main, concat(jvmOptions, options), args, environment);
    }

    /** Adds arguments of the main method. */
    public ChildJvm withArgs(String... arguments) {
        return new ChildJvm(main, jvmOptions, concat(args, arguments), environment);
    }

    /** Sets an environment variable of the child, on top of this JVM's environment. */
    public ChildJvm withEnvironment(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(environment);
        more.put(name, value);
        return new ChildJvm(main, jvmOptions, args, more);
    }

    /** Starts it, its standard output and error both going to {@code output}. */
    public Started start(Path output) throws IOException {
        ProcessBuilder builder = builder().redirectErrorStream(true).redirectOutput(output.toFile());
        return new Started(main.getSimpleName(), builder.start(), output, null);
    }

    /** Starts it, its standard output going to {@code stdout} and its standard error to {@code stderr}. */
    public Started start(Path stdout, Path stderr) throws IOException {
        ProcessBuilder builder = builder().redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return new Started(main.getSimpleName(), builder.start(), stdout, stderr);
    }

    private ProcessBuilder builder() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** A started child JVM; closing it kills it, if it still runs. */
    public static final class Started implements AutoCloseable {

        private final String name;
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Started(String name, Process process, Path stdout, Path stderr) {
            this.name = name;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public Process process() {
            return process;
        }

        /** Its standard output so far (with its standard error, when they share a file). */
        public String stdout() throws IOException {
            return Files.readString(stdout);
        }

        /** The first line of its standard output that starts with {@code prefix}, without the prefix. */
        public Optional<String> lineAfter(String prefix) throws IOException {
            return Files.readAllLines(stdout).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).findFirst();
        }

        /**
         * Waits for the child to print a line that starts with {@code prefix} and returns the rest of it;
         * fails, with the child's output, once it has exited without one, or after {@code atMost}.
         */
        public String awaitLineAfter(String prefix, Duration atMost) throws IOException {
            await("printed a line starting with \"" + prefix + "\"", () -> lineAfter(prefix).isPresent(), atMost);
            return lineAfter(prefix).orElseThrow();
        }

        /**
         * Waits for {@code condition}, described by {@code what}; fails, with the child's output,
         * once the child has exited without it holding, or after {@code atMost}.
         */
        public void await(String what, Callable<Boolean> condition, Duration atMost) throws IOException {
            try {
                Awaitility.await(name + " " + what).atMost(atMost)
                        .pollDelay(Duration.ZERO).pollInterval(POLL)
                        .until(() -> condition.call() || !process.isAlive());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the child JVM " + name + " has not " + what + " within " + atMost
                        + "; its output:\n" + output(), e);
            }
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                throw new AssertionError("the child JVM " + name + ": checking whether it " + what + " failed", e);
            }
            throw new AssertionError("the child JVM " + name + " exited with " + process.exitValue()
                    + " and has not " + what + "; its output:\n" + output());
        }

        /**
         * Waits for the child to exit with status 0; fails, with its output, when it exits with
         * another or still runs after {@code atMost}.
         */
        public void awaitExit(Duration atMost) throws IOException, InterruptedException {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the child JVM " + name + " still runs after " + atMost + "; its output:\n"
                        + output());
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("the child JVM " + name + " exited with " + process.exitValue()
                        + "; its output:\n" + output());
            }
        }

        /** Everything it wrote so far, for a failure message. */
        public String output() throws IOException {
            return stderr == null ? stdout() : "stdout:\n" + stdout() + "\nstderr:\n" + Files.readString(stderr);
        }

        /** Kills it (SIGKILL) if it still runs. */
        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
