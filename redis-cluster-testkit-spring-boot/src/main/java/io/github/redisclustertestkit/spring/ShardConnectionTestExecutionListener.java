package io.github.redisclustertestkit.spring;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the application context of a class whose cluster is its own when the class ends: the
 * cluster goes with the class, and a cached context would keep clients pointed at it. Before a
 * class, also closes a cached context whose cluster was stopped since it was made (see
 * {@link BoundCluster}), so that the class gets one made for the cluster running now.
 */
final class ShardConnectionTestExecutionListener extends AbstractTestExecutionListener {

    /** Before Spring's dependency injection (2000), so that no outlived context is injected. */
    @Override
    public int getOrder() {
        return 1900;
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        closeIfOutlived(testContext);
    }

    /** Under {@code @TestInstance(PER_CLASS)} the instance is made, and injected, before the class starts. */
    @Override
    public void prepareTestInstance(TestContext testContext) {
        closeIfOutlived(testContext);
    }

    private static void closeIfOutlived(TestContext testContext) {
        if (testContext.hasApplicationContext() && BoundCluster.outlived(testContext.getApplicationContext())) {
            testContext.markApplicationContextDirty(null);
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        Class<?> testClass = testContext.getTestClass();
        if (ShardConnectionSettings.ownsContext(testClass) || ClusterConnectionSettings.ownsContext(testClass)) {
            testContext.markApplicationContextDirty(null);
        }
    }
}
