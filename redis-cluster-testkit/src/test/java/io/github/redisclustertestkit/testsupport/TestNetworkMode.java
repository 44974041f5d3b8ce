package io.github.redisclustertestkit.testsupport;

import io.github.redisclustertestkit.spec.NetworkMode;

import java.util.Locale;

/**
 * The network mode the ITs of every module run in. One property, the JUnit 5 extension's own
 * configuration parameter, which it also reads as a system property: {@code
 * -Dredis-cluster-testkit.network-mode=POD} runs the core's, the CLI's and the extension's ITs in
 * pod mode (the failsafe executions {@code pod-mode} set it); unset, the library's default, AUTO.
 */
public final class TestNetworkMode {

    public static final String PROPERTY = "redis-cluster-testkit.network-mode";

    private TestNetworkMode() {
    }

    /** The mode the property names, AUTO when it is unset. */
    public static NetworkMode get() {
        String mode = System.getProperty(PROPERTY, NetworkMode.AUTO.name());
        return NetworkMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
    }
}
