package io.github.redisclustertestkit.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;

/**
 * Where a shared cluster lives: the launcher session's store (JUnit 5.13+), else the root one.
 * Surefire and failsafe with {@code forkCount} above 1 run each class as an execution of its own
 * within one session, so a root store would close the cluster after every class.
 */
final class SessionStore {

    /**
     * {@code ExtensionContext.getStore(StoreScope, Namespace)} and {@code StoreScope.LAUNCHER_SESSION}
     * (JUnit 5.13+), reached by reflection because the module compiles and runs on JUnit 5.10 too;
     * null there.
     */
    private static final Method SESSION_STORE;
    private static final Object LAUNCHER_SESSION;

    static {
        Method method = null;
        Object session = null;
        try {
            Class<?> scope = Class.forName(ExtensionContext.class.getName() + "$StoreScope");
            method = ExtensionContext.class.getMethod("getStore", scope, ExtensionContext.Namespace.class);
            session = scope.getField("LAUNCHER_SESSION").get(null);
        } catch (ReflectiveOperationException olderJUnit) {
            method = null; // all or nothing
        }
        SESSION_STORE = method;
        LAUNCHER_SESSION = session;
    }

    private SessionStore() {
    }

    static ExtensionContext.Store of(ExtensionContext context, ExtensionContext.Namespace namespace) {
        if (SESSION_STORE == null) {
            return context.getRoot().getStore(namespace);
        }
        try {
            return (ExtensionContext.Store) SESSION_STORE.invoke(context, LAUNCHER_SESSION, namespace);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JUnit's launcher-session store could not be reached", e);
        }
    }

    /** The store that owns a per-class cluster: the test class's, also when asked from a test method. */
    static ExtensionContext.Store ofClass(ExtensionContext context, ExtensionContext.Namespace namespace) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c.getStore(namespace);
    }
}
