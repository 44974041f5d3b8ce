package io.github.redisclustertestkit.spring;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the application context of a class whose cluster is its own when the class ends: the
 * cluster goes with the class, and a cached context would keep clients pointed at it.
 */
final class ShardConnectionTestExecutionListener extends AbstractTestExecutionListener {

    @Override
    public void afterTestClass(TestContext testContext) {
        Class<?> testClass = testContext.getTestClass();
        if (ShardConnectionSettings.ownsContext(testClass) || ClusterConnectionSettings.ownsContext(testClass)) {
            testContext.markApplicationContextDirty(null);
        }
    }
}
