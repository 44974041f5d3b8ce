package io.github.redisclustertestkit.internal.plan;

import io.github.redisclustertestkit.internal.ClusterFailure;

import java.net.URI;

/**
 * Whether the Docker engine shares this machine's network. Decided by what answers, not by a
 * variable: a host-networked probe on the engine listens on 127.0.0.1 and on the engine's own
 * address, and this JVM tries both. {@code TESTCONTAINERS_HOST_OVERRIDE} only says where this JVM
 * reaches the engine's ports; when it contradicts what answered, a start fails at once instead of
 * timing out against addresses where nothing listens. Pure.
 */
public final class EngineLocality {

    /** Read by Testcontainers from the environment only (not from testcontainers.properties). */
    public static final String HOST_OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";

    private EngineLocality() {
    }

    /**
     * Where a host-networked probe answered this JVM.
     *
     * @param atClientHost    at the address endpoints will name (Testcontainers' Docker host address)
     * @param atLoopback      at 127.0.0.1: the engine shares this machine's network
     * @param atEngineAddress at the address in the engine's URI ({@code tcp://ADDR:PORT}), if it has one
     */
    public record ProbeAnswer(boolean atClientHost, boolean atLoopback, boolean atEngineAddress) {

        public static final ProbeAnswer NOTHING = new ProbeAnswer(false, false, false);

        public boolean anything() {
            return atClientHost || atLoopback || atEngineAddress;
        }
    }

    /**
     * The host part of a network engine's URI ({@code tcp://docker:2375} gives {@code docker}), or null
     * for a socket or pipe on this machine ({@code unix://}, {@code npipe://}), which has no address.
     */
    public static String engineHost(URI engine) {
        if (engine == null || engine.getScheme() == null) {
            return null;
        }
        return switch (engine.getScheme()) {
            case "tcp", "http", "https" -> engine.getHost();
            default -> null;
        };
    }

    /**
     * Whether the engine is known to be elsewhere: a network engine whose address is neither loopback
     * nor one of this machine's. A socket is on this machine; an address that does not resolve tells
     * nothing (the probe decides).
     *
     * @param engineHost   {@link #engineHost(URI)}
     * @param resolves     whether it resolves to an address
     * @param loopback     whether that address is a loopback address
     * @param ownInterface whether that address is one of this machine's interfaces
     */
    public static boolean knownRemote(String engineHost, boolean resolves, boolean loopback, boolean ownInterface) {
        return engineHost != null && resolves && !loopback && !ownInterface;
    }

    /**
     * Fails when an explicit {@code TESTCONTAINERS_HOST_OVERRIDE} names an address where the probe did
     * not answer while it answered elsewhere. Nothing answering contradicts nothing: host networking
     * then does not reach this JVM at all, which the network mode decision handles.
     *
     * @param override   the variable's value, or null/blank when unset
     * @param clientHost where endpoints would point (the override, or Testcontainers' own answer)
     * @param engine     the engine's URI, for the message
     * @param engineHost {@link #engineHost(URI)}, or null
     * @throws ClusterFailure naming the variable, what answered, and the fix
     */
    public static void requireOverrideAgrees(String override, String clientHost, URI engine, String engineHost,
                                             ProbeAnswer answer) {
        if (override == null || override.isBlank() || answer.atClientHost() || !answer.anything()) {
            return;
        }
        String answered = answer.atEngineAddress() && engineHost != null ? engineHost : "127.0.0.1";
        String meaning = answer.atLoopback()
                ? "the engine shares this machine's network"
                : "the engine does not share this machine's network";
        throw new ClusterFailure(HOST_OVERRIDE + "=" + override + " says this JVM reaches the Docker engine's"
                + " ports at " + clientHost + ", but a host-networked probe on the engine (" + engine + ") answered"
                + " on " + answered + " and not on " + clientHost + ": " + meaning + ". Unset " + HOST_OVERRIDE
                + " (Testcontainers then takes the address from DOCKER_HOST), or set it to " + answered
                + ". scripts/docker-env.sh sets it only for a Docker socket on this machine");
    }
}
