package io.github.redisclustertestkit.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.function.BooleanSupplier;

/**
 * The cluster an application context was made for, kept in the context so that a cached context
 * whose cluster is gone is not handed to a later class. That happens with a shared cluster on
 * JUnit before 5.13 when Surefire or Failsafe fork with {@code forkCount} above 1: each class is
 * a run of its own there, and its end removes the shared cluster while Spring's cache keeps the
 * context (clients then fail with HTTP 503, "Unable to connect to Redis").
 */
final class BoundCluster {

    static final String BEAN_NAME = "redisClusterTestkitBoundCluster";

    private final BooleanSupplier running;

    private BoundCluster(BooleanSupplier running) {
        this.running = running;
    }

    /** Records in {@code context} the cluster whose {@code isRunning()} is {@code running}. */
    static void register(ConfigurableApplicationContext context, BooleanSupplier running) {
        context.getBeanFactory().registerSingleton(BEAN_NAME, new BoundCluster(running));
    }

    /** Whether {@code context} was made for a cluster that has been stopped since. */
    static boolean outlived(ApplicationContext context) {
        return context.containsBean(BEAN_NAME) && !context.getBean(BEAN_NAME, BoundCluster.class).running.getAsBoolean();
    }
}
