package io.github.redisclustertestkit.junit5;

import io.github.redisclustertestkit.spec.Topology;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.IncompleteExecutionException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timeline page both extensions write for a failing test that used a cluster: the cluster's
 * {@code writeTimeline(Path)} (one self-contained HTML page, a lane per node, the events listed
 * below), at {@code target/redis-cluster-testkit/<test class>/<test method>.html}, named at the end
 * of the failure's message. Two JUnit configuration parameters ({@code junit-platform.properties},
 * or system properties) change when and where:
 * <pre>{@code
 * redis-cluster-testkit.timeline=always                  # on-failure (default), always, never
 * redis-cluster-testkit.timeline-dir=build/redis-pages   # default target/redis-cluster-testkit
 * }</pre>
 * A page shows the whole timeline of the cluster the test ran on: for a cluster shared by a class
 * or by the run, what the earlier tests did to it as well.
 *
 * @since 0.1.0
 */
public final class TimelinePages {

    /** Configuration parameter: {@code on-failure} (the default), {@code always} or {@code never}. */
    public static final String WHEN = "redis-cluster-testkit.timeline";
    /**
     * Configuration parameter: the directory of the pages; a relative one is resolved against the
     * working directory (the module's, under Maven and Gradle).
     */
    public static final String DIRECTORY = "redis-cluster-testkit.timeline-dir";
    /** Where the pages go unless {@link #DIRECTORY} says otherwise. */
    public static final String DEFAULT_DIRECTORY = "target/redis-cluster-testkit";

    private static final Pattern INVOCATION = Pattern.compile("#(\\d+)]$");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._\\[\\]-]");
    /** Far below the 255 bytes most file systems allow for a name. */
    private static final int MAX_NAME = 120;

    private TimelinePages() {
    }

    /** When a page is written, as {@link #WHEN} says. */
    enum When {
        ON_FAILURE, ALWAYS, NEVER;

        String parameterValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** @throws ExtensionConfigurationException for a value that is not one of {@link When}'s */
    static When when(ExtensionContext context) {
        return context.getConfigurationParameter(WHEN).filter(s -> !s.isBlank()).map(text -> {
            for (When when : When.values()) {
                if (when.parameterValue().equalsIgnoreCase(text.trim()) || when.name().equalsIgnoreCase(text.trim())) {
                    return when;
                }
            }
            throw new ExtensionConfigurationException("configuration parameter " + WHEN + " = \"" + text
                    + "\" is invalid: expected one of "
                    + Arrays.stream(When.values()).map(When::parameterValue).toList());
        }).orElse(When.ON_FAILURE);
    }

    /**
     * The page of the test of {@code context}: the class's binary name with {@code .} for {@code $},
     * then the method's name, with the invocation's number for a parameterized or repeated test
     * ({@code survives[2].html}).
     *
     * A class that carries both annotations has two clusters: the extension that writes second
     * for a test adds its topology ({@code fails-cluster.html}), so that neither page replaces the
     * other.
     *
     * @param classLevel for a failure of the class's own lifecycle methods, what the page is called
     *                   instead of a method ({@code before-all}, which no method can be called);
     *                   null for a test's
     * @param topology   the cluster's, which claims the page for the test
     */
    // getOrComputeIfAbsent, not computeIfAbsent (JUnit 6 only): the module also runs on JUnit 5.10+.
    @SuppressWarnings("deprecation")
    static Path file(ExtensionContext context, String classLevel, Topology topology) {
        Path directory = Path.of(context.getConfigurationParameter(DIRECTORY).filter(s -> !s.isBlank())
                .orElse(DEFAULT_DIRECTORY).trim());
        String testClass = safe(context.getRequiredTestClass().getName().replace('$', '.'));
        String name = testName(context, classLevel);
        Object owner = context.getStore(NAMESPACE).getOrComputeIfAbsent(name, k -> topology);
        String file = owner == topology ? name : name + "-" + topology.name().toLowerCase(Locale.ROOT);
        return directory.resolve(testClass).resolve(file + ".html").toAbsolutePath();
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TimelinePages.class);

    private static String testName(ExtensionContext context, String classLevel) {
        if (classLevel != null || context.getTestMethod().isEmpty()) {
            return classLevel == null ? "class" : classLevel;
        }
        String name = context.getTestMethod().get().getName();
        Matcher invocation = INVOCATION.matcher(context.getUniqueId());
        return safe(invocation.find() ? name + "[" + invocation.group(1) + "]" : name);
    }

    private static String safe(String name) {
        String safe = UNSAFE.matcher(name).replaceAll("_");
        return safe.length() <= MAX_NAME ? safe : safe.substring(0, MAX_NAME);
    }

    /** Whether a test was aborted (a failed assumption) or skipped, not failed: no page for it. */
    static boolean aborted(Throwable throwable) {
        return throwable instanceof IncompleteExecutionException;
    }

    /**
     * The failure, with a message that ends with {@code timeline: <page>}.
     * <p>
     * An assertion's message is what reports and IDEs show first, so an {@link AssertionError} is
     * thrown again as a new one with the page at the end of its message, of the type that keeps
     * what tools read from it: an opentest4j {@link AssertionFailedError} keeps its expected and
     * actual values (the IDE's diff), any other assertion error becomes a plain
     * {@code AssertionError}; both keep the original's cause, stack trace and suppressed
     * exceptions, so the report reads as before plus one line. Any other exception is thrown again
     * itself, with the page's line as a suppressed exception: its type and identity are what
     * callers match on (a retrying extension's {@code onExceptions}, an exception's own fields), and
     * a subclass cannot be rebuilt with another message in general.
     */
    static Throwable naming(Throwable failure, Path page) {
        String line = "timeline: " + page.toAbsolutePath();
        if (failure instanceof AssertionFailedError e) {
            String message = appended(e.getMessage(), line);
            AssertionFailedError named = e.isExpectedDefined() || e.isActualDefined()
                    ? new AssertionFailedError(message, e.getExpected(), e.getActual(), e.getCause())
                    : new AssertionFailedError(message, e.getCause());
            return carriedOver(e, named);
        }
        if (failure instanceof AssertionError e) {
            return carriedOver(e, new AssertionError(appended(e.getMessage(), line), e.getCause()));
        }
        failure.addSuppressed(new TimelinePageWritten(line));
        return failure;
    }

    private static String appended(String message, String line) {
        return message == null || message.isEmpty() ? line : message + "\n" + line;
    }

    private static Throwable carriedOver(Throwable original, Throwable named) {
        named.setStackTrace(original.getStackTrace());
        for (Throwable suppressed : original.getSuppressed()) {
            named.addSuppressed(suppressed);
        }
        return named;
    }

    /** Names the page of a failure whose type is kept: see {@link #naming}. */
    static final class TimelinePageWritten extends Exception {
        private static final long serialVersionUID = 1L;

        TimelinePageWritten(String line) {
            super(line, null, false, false);
        }
    }
}
