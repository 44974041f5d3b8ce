package io.github.redisclustertestkit.spring;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestContext;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShardConnectionTestExecutionListenerTest {

    /** The classes whose context the listener marked dirty after the class. */
    private static List<Class<?>> closedAfter(Class<?>... testClasses) {
        List<Class<?>> closed = new ArrayList<>();
        for (Class<?> testClass : testClasses) {
            TestContext context = (TestContext) Proxy.newProxyInstance(TestContext.class.getClassLoader(),
                    new Class<?>[] {TestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getTestClass" -> testClass;
                        case "markApplicationContextDirty" -> closed.add(testClass);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            new ShardConnectionTestExecutionListener().afterTestClass(context);
        }
        return closed;
    }

    @Test
    void closesTheContextOfAClassWithItsOwnClusterOnly() {
        assertThat(closedAfter(ShardConnectionSettingsTest.OwnA.class, ShardConnectionSettingsTest.SharedA.class,
                ShardConnectionSettingsTest.NoConnection.class)).containsExactly(ShardConnectionSettingsTest.OwnA.class);
    }
}
