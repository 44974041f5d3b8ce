package io.github.redisclustertestkit;

import io.github.redisclustertestkit.internal.ClusterFailure;
import io.github.redisclustertestkit.internal.InternalDefaults;
import io.github.redisclustertestkit.internal.containers.ClusterContainers;
import io.github.redisclustertestkit.internal.containers.ContainerStartException;
import io.github.redisclustertestkit.internal.containers.HostNetworking;
import io.github.redisclustertestkit.internal.containers.NetAdmin;
import io.github.redisclustertestkit.internal.containers.NodeContainer;
import io.github.redisclustertestkit.internal.containers.NodeStartException;
import io.github.redisclustertestkit.internal.containers.OrphanClusters;
import io.github.redisclustertestkit.internal.containers.StartProgress;
import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.EngineLocality;
import io.github.redisclustertestkit.internal.plan.EngineLocality.ProbeAnswer;
import io.github.redisclustertestkit.internal.plan.NetworkModes;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PodNetwork;
import io.github.redisclustertestkit.internal.plan.PortBlocks;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.readiness.Diagnostics;
import io.github.redisclustertestkit.internal.readiness.Probe;
import io.github.redisclustertestkit.internal.readiness.Problem;
import io.github.redisclustertestkit.internal.readiness.Readiness;
import io.github.redisclustertestkit.internal.readiness.ReadinessCheck;
import io.github.redisclustertestkit.internal.reuse.ReuseKey;
import io.github.redisclustertestkit.internal.reuse.ReuseLabels;
import io.github.redisclustertestkit.internal.reuse.ReuseLease;
import io.github.redisclustertestkit.internal.runtime.Attach;
import io.github.redisclustertestkit.internal.runtime.ClusterRecord;
import io.github.redisclustertestkit.internal.runtime.ClusterRuntime;
import io.github.redisclustertestkit.internal.runtime.NetworkCuts;
import io.github.redisclustertestkit.internal.runtime.Reuse;
import io.github.redisclustertestkit.spec.ClusterSpec;
import io.github.redisclustertestkit.spec.Defaults;
import io.github.redisclustertestkit.spec.NetworkMode;
import io.github.redisclustertestkit.spec.Routing;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A production-shaped Redis deployment for one test: N shards of a master with replicas, each
 * watched by Sentinels, behind one HAProxy with a master port and a replicas port per shard.
 * Every container uses host networking, or, where that does not reach this JVM (Docker Desktop's
 * default), one network namespace of its own ({@link #withNetworkMode}). {@link #start()} returns
 * once replication, Sentinel agreement and HAProxy routing all hold, and a failover can start now:
 * a {@code SENTINEL FAILOVER} sent to any Sentinel then completes.
 *
 * <pre>{@code
 * try (var cluster = new RedisShardedClusterContainer().withShards(3).withPassword("secret")) {
 *     cluster.start();
 *     Endpoint writes = cluster.shard(0).haproxyMaster();
 * }
 * }</pre>
 *
 * Configure with the {@code withX} methods before {@code start()}; defaults are in {@link Defaults}.
 *
 * @since 0.1.0
 */
public final class RedisShardedClusterContainer implements Startable, AutoCloseable {

    private static final Random RANDOM = new SecureRandom();
    private ClusterSpec spec = ClusterSpec.defaults();

    private volatile List<TimelineEntry> lastStartTimeline = List.of();

    /** What start() is doing, to name in the message of a failure it did not expect; guarded by {@code this}. */
    private String startPhase;

    /** The mode the running cluster uses: HOST or POD. */
    private volatile NetworkMode networkMode;

    /** Set while started; all access to the running state goes through {@link #running()}. */
    private volatile ClusterHandle running;

    /** Held while started, if the cluster is a reused one: close() then leaves it running. */
    private volatile ReuseLease reuseLease;

    /** True for a cluster another process started ({@link #attach}): close() leaves it running. */
    private volatile boolean attached;

    /** The cluster with every default of {@link Defaults}. */
    public RedisShardedClusterContainer() {
    }

    /**
     * The cluster a spec describes (validated at {@link #start()}).
     *
     * @param spec every option at once, e.g. {@code ClusterSpec.defaults().toBuilder().shards(2).build()}
     */
    public RedisShardedClusterContainer(ClusterSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * A running cluster that another process started: the CLI's {@code up}, or a test still running
     * in another JVM. Every shard, node, fault and wait works on it as in the process that started
     * it, with the same meaning of done. {@link #close()} leaves it running; its owner removes it.
     *
     * @param clusterId as {@link #clusterId()} gives it, or the CLI's {@code status} lists it
     * @return the running cluster, ready for shards, nodes, faults and waits
     * @throws RedisClusterException if no cluster with that id exists on this Docker engine, an older
     *                               version of this library started it, or some of its containers are gone
     */
    public static RedisShardedClusterContainer attach(String clusterId) {
        Objects.requireNonNull(clusterId, "clusterId");
        Attach.Attached found = Failures.translated(() -> Attach.attach(clusterId));
        RedisShardedClusterContainer cluster = new RedisShardedClusterContainer(found.runtime().plan.spec());
        cluster.networkMode = found.mode();
        cluster.attached = true;
        cluster.running = new ClusterHandle(found.runtime());
        return cluster;
    }

    /**
     * Independent master/replica groups, each with its own Sentinels and HAProxy ports.
     *
     * @param shards 1 to 32; default {@value Defaults#SHARDS}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withShards(int shards) {
        return with(spec.toBuilder().shards(shards));
    }

    /**
     * Replicas of each shard's master, any of which a failover can promote.
     *
     * @param replicas 1 to 8; default {@value Defaults#REPLICAS_PER_SHARD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withReplicasPerShard(int replicas) {
        return with(spec.toBuilder().replicasPerShard(replicas));
    }

    /**
     * Sentinels watching each shard's master; with fewer than three, losing one leaves no majority
     * to authorize a failover.
     *
     * @param sentinels 1 to 9; default {@value Defaults#SENTINELS_PER_SHARD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withSentinelsPerShard(int sentinels) {
        return with(spec.toBuilder().sentinelsPerShard(sentinels));
    }

    /**
     * Sentinel quorum: how many of a shard's Sentinels must find its master unreachable before a failover.
     *
     * @param quorum 1 to the Sentinels per shard, or 0 (the default) for a majority of them
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withQuorum(int quorum) {
        return with(spec.toBuilder().quorum(quorum));
    }

    /**
     * Shard i's Sentinel master name is prefix + i ({@code shard-0}, ...).
     *
     * @param prefix not empty, without white space, quotes, backslashes or {@code $}; default
     *               {@value Defaults#MASTER_NAME_PREFIX}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withMasterNamePrefix(String prefix) {
        return with(spec.toBuilder().masterNamePrefix(prefix));
    }

    /**
     * {@code requirepass} and {@code masterauth} on every node; Sentinels and HAProxy checks authenticate.
     *
     * @param password letters, digits and punctuation other than quotes, backslashes and {@code $}; null
     *                 (the default) for none
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withPassword(String password) {
        return with(spec.toBuilder().password(password));
    }

    /**
     * {@code appendonly yes} on every Redis node.
     *
     * @param appendOnly true to turn it on; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withAppendOnly(boolean appendOnly) {
        return with(spec.toBuilder().appendOnly(appendOnly));
    }

    /**
     * Raw {@code redis.conf} directives for every master and replica, appended after ours.
     *
     * @param directives one line each, such as {@code "maxmemory 64mb"}; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisConf(String... directives) {
        List<String> all = new ArrayList<>(spec.redisConf());
        all.addAll(List.of(directives));
        return with(spec.toBuilder().redisConf(all));
    }

    /**
     * Raw {@code sentinel.conf} directives for every Sentinel, appended after ours.
     *
     * @param directives one line each; added to those of earlier calls
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withSentinelConf(String... directives) {
        List<String> all = new ArrayList<>(spec.sentinelConf());
        all.addAll(List.of(directives));
        return with(spec.toBuilder().sentinelConf(all));
    }

    /**
     * The write-up's fixed HAProxy layout: shard i at base+2i (master) and base+2i+1 (replicas),
     * the stats page at base+2*shards, the runtime API at base+2*shards+1. Unset, ports are
     * chosen per run so that clusters never collide.
     *
     * @param basePort 1024 or more, with the whole layout at most 65535; 0 (the default) for ports per run
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyBasePort(int basePort) {
        return with(spec.toBuilder().haproxyBasePort(basePort));
    }

    /**
     * The address every listener binds: Redis nodes, Sentinels, HAProxy's ports, stats page and
     * runtime API. Unset, that is 127.0.0.1 when Docker runs on this machine, else the Docker
     * host's address; {@code "0.0.0.0"} listens on every interface.
     *
     * @param address a literal IPv4 or IPv6 address (no host name), or null (the default) for the choice above
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withBindAddress(String address) {
        return with(spec.toBuilder().bindAddress(address));
    }

    /**
     * Gives every node (Redis, Sentinel, HAProxy) a loopback address of its own, 127.82.x.y, which
     * it listens on and connects from, so that {@link #network()} can cut traffic between nodes.
     * Needs a Linux Docker engine on this machine that can grant NET_ADMIN, and Redis 7.0+ or
     * Valkey ({@code bind-source-addr}). Off (the default), all nodes share one address.
     *
     * @param networkFaults true for an address per node; not with a bind address or {@link NetworkMode#POD}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withNetworkFaults(boolean networkFaults) {
        return with(spec.toBuilder().networkFaults(networkFaults));
    }

    /**
     * Sentinel {@code down-after-milliseconds}: how long a master may go unanswered before its
     * Sentinels start a failover, and so most of the time a failover takes.
     *
     * @param downAfter at least 100 ms; default 600 ms ({@link Defaults#DOWN_AFTER})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withDownAfter(Duration downAfter) {
        return with(spec.toBuilder().downAfter(downAfter));
    }

    /**
     * Sentinel {@code failover-timeout}; a failed failover is retried after twice this.
     *
     * @param failoverTimeout at least 1 s; default 5 s ({@link Defaults#FAILOVER_TIMEOUT})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withFailoverTimeout(Duration failoverTimeout) {
        return with(spec.toBuilder().failoverTimeout(failoverTimeout));
    }

    /**
     * HAProxy health check interval: how fast routing follows a change of master.
     *
     * @param interval at least 10 ms; default 100 ms ({@link Defaults#HAPROXY_CHECK_INTERVAL})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyCheckInterval(Duration interval) {
        return with(spec.toBuilder().haproxyCheckInterval(interval));
    }

    /**
     * How long {@link #start()} may take, containers and readiness together.
     *
     * @param timeout at least 1 s; default 60 s ({@link Defaults#STARTUP_TIMEOUT})
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withStartupTimeout(Duration timeout) {
        return with(spec.toBuilder().startupTimeout(timeout));
    }

    /**
     * How the HAProxy master port picks the master; see {@link Routing}.
     *
     * @param routing default {@link Routing#SENTINEL_AGREED}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRouting(Routing routing) {
        return with(spec.toBuilder().routing(routing));
    }

    /**
     * Image for masters, replicas and Sentinels (default: {@link Defaults#REDIS_IMAGE}): {@code redis},
     * {@code valkey/valkey}, or another image declared compatible, as Testcontainers modules want it:
     * {@code withRedisImage(DockerImageName.parse("my/redis:7.0").asCompatibleSubstituteFor("redis"))}.
     * Whatever the name, the server it runs is checked at start (Redis 6.0+ or Valkey 7.2+).
     *
     * @param image the image to run, best with a pinned tag so that runs repeat
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisImage(DockerImageName image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * {@link #withRedisImage(DockerImageName)} by name; a name other than {@code redis} or
     * {@code valkey/valkey} fails at start.
     *
     * @param image such as {@code "redis:7.2.5"} or {@code "valkey/valkey:8.1"}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withRedisImage(String image) {
        return with(spec.toBuilder().redisImage(image));
    }

    /**
     * Image for HAProxy 2.6+ (default: {@link Defaults#HAPROXY_IMAGE}): {@code haproxy}, or another image
     * declared {@code .asCompatibleSubstituteFor("haproxy")}.
     *
     * @param image the image to run, best with a pinned tag so that runs repeat
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyImage(DockerImageName image) {
        return with(spec.toBuilder().haproxyImage(image));
    }

    /**
     * {@link #withHaproxyImage(DockerImageName)} by name; a name other than {@code haproxy} fails at start.
     *
     * @param image such as {@code "haproxy:3.0"}
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withHaproxyImage(String image) {
        return with(spec.toBuilder().haproxyImage(image));
    }

    /**
     * How the containers are networked: {@link NetworkMode#HOST}, {@link NetworkMode#POD}, or
     * {@link NetworkMode#AUTO} (the default: host networking where it reaches this JVM, else pod).
     *
     * @param mode how to network the containers
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withNetworkMode(NetworkMode mode) {
        return with(spec.toBuilder().networkMode(mode));
    }

    /**
     * Keeps the cluster running after {@link #close()}, for the next start of the same spec (in this
     * JVM or a later one) to take over, flushed and healed, in well under a second. As with
     * Testcontainers, it takes effect only where {@code testcontainers.reuse.enable=true} is set in
     * {@code ~/.testcontainers.properties}; elsewhere a warning is logged and close() removes the cluster.
     * Host networking only: a cluster in a pod is removed at close(). {@code bin/redis-cluster-testkit
     * down <id>} (or {@code down --all}) removes a reused cluster.
     *
     * @param reuse true to keep the cluster for the next start; default false
     * @return this, to chain further options
     */
    public RedisShardedClusterContainer withReuse(boolean reuse) {
        return with(spec.toBuilder().reuse(reuse));
    }

    private RedisShardedClusterContainer with(ClusterSpec.Builder changed) {
        if (running != null) {
            throw new IllegalStateException("the cluster is already started: configure it before start()");
        }
        spec = changed.build();
        return this;
    }

    /** {@return what this cluster is configured to be: the options set so far, validated at start} */
    public ClusterSpec spec() {
        return spec;
    }

    /**
     * Starts every container and returns once the topology is ready. A port found taken is
     * re-planned and retried. On failure every container is removed and a
     * {@link RedisClusterException} names the node, what was awaited and its last log lines.
     *
     * @throws IllegalArgumentException for an invalid option, before any container starts
     * @throws RedisClusterException    for anything else that kept the cluster from starting: no Docker, an
     *                                  image that is missing or runs no supported server, a node that failed to
     *                                  start or exited, readiness that did not hold within the startup timeout
     */
    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        startPhase = "checking the options";
        try {
            startOrThrow();
        } catch (IllegalArgumentException | RedisClusterException e) {
            throw e;
        } catch (ClusterFailure e) {
            throw Failures.translate(e);
        } catch (CompletionException e) {
            // A parallel step's failure: what matters is its cause.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof RedisClusterException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof ClusterFailure failure) {
                throw Failures.translate(failure);
            }
            throw new RedisClusterException("the cluster did not start (" + startPhase + "): " + cause, cause);
        } catch (RuntimeException e) {
            // Docker client errors, interrupted waits, inconsistent state: one exception type for callers.
            throw new RedisClusterException("the cluster did not start (" + startPhase + "): " + e, e);
        }
    }

    private void startOrThrow() {
        ClusterSpec valid = spec.validate();
        startPhase = "checking Docker";
        requireDocker();
        if (valid.networkFaults()) {
            // Before any container: where rules cannot cut traffic, say so now, not at the first network() call.
            NetAdmin.requireSupported();
        }
        startPhase = "choosing the addresses";
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        InetAddress hostAddress = resolve(host);
        Engine engine = Engine.current();
        // A loopback Docker host address is a claim (TESTCONTAINERS_HOST_OVERRIDE can make it); an engine
        // URI naming another machine overrides it, and the probe checks the rest.
        boolean local = hostAddress != null && hostAddress.isLoopbackAddress() && !engine.knownRemote();
        Addresses addresses = valid.networkFaults() ? Addresses.perNode(host, hostAddress)
                : Addresses.resolve(valid.bindAddress(), host, hostAddress);
        startPhase = "looking for a cluster to reuse";
        ReuseLease lease = valid.reuse() ? Reuse.lease(valid, addresses).orElse(null) : null;
        try {
            if (lease != null) {
                long began = System.nanoTime();
                Optional<ClusterRuntime> taken = Reuse.takeOver(valid, addresses, lease);
                if (taken.isPresent()) {
                    lastStartTimeline = List.of(new TimelineEntry("reuse", "taken over and reset", Duration.ZERO,
                            Duration.ofNanos(System.nanoTime() - began)));
                    running = new ClusterHandle(taken.get());
                    networkMode = NetworkMode.HOST;
                    reuseLease = lease;
                    return;
                }
            }
            reuseLease = startNew(valid, host, engine, local, addresses, lease);
        } catch (RuntimeException | Error e) {
            if (lease != null) {
                lease.close();
            }
            throw e;
        }
    }

    /**
     * Starts containers; with a lease, labelled for reuse, with the ports and the Sentinel ids' seed
     * in the labels.
     *
     * @return the lease, or null if there was none or the cluster runs in a pod, which is not reused
     */
    private ReuseLease startNew(ClusterSpec valid, String host, Engine engine, boolean local, Addresses addresses,
                                ReuseLease lease) {
        startPhase = "checking the images and the network mode";
        Server server = ClusterContainers.requireImages(valid, host);
        NetworkMode mode = NetworkModes.decide(valid.networkMode(), local, valid.networkFaults(), () -> {
            ProbeAnswer answer = HostNetworking.reaches(String.valueOf(engine.uri()), host,
                    engine.address(), valid.redisImage().asCanonicalNameString(), server.flavour().serverProgram(),
                    addresses, ports(local));
            EngineLocality.requireOverrideAgrees(System.getenv(EngineLocality.HOST_OVERRIDE), addresses.clientHost(),
                    engine.uri(), engine.address(), answer);
            return answer.atClientHost();
        });
        if (mode != NetworkMode.POD) {
            // A pod's addresses are planned later; these are final: fail before taking ports or making anything.
            Planner.requireServerFits(addresses, server);
        }
        if (lease != null && mode == NetworkMode.POD) {
            Reuse.notInPods(lease);
            lease = null;
        }
        startPhase = "removing clusters left behind by processes that are gone";
        OrphanClusters.remove(host);
        if (valid.networkFaults()) {
            // Also the rules of a cluster whose containers went, but whose JVM died before its rules did.
            OrphanClusters.removeRulesOfGoneClusters();
        }
        if (valid.haproxyBasePort() != 0 && local) {
            for (int p = valid.haproxyBasePort(); p < valid.haproxyBasePort() + valid.haproxyPortCount(); p++) {
                if (!isFree(p)) {
                    throw new RedisClusterException("withHaproxyBasePort(" + valid.haproxyBasePort() + "): port " + p
                            + " is already taken on this machine. Choose another base port, or leave it unset"
                            + " to choose ports per run");
                }
            }
        }
        long began = System.nanoTime();
        long deadline = began + valid.startupTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            String clusterId = newClusterId(RANDOM);
            startPhase = "starting the containers";
            List<Integer> block = ports(local).take(Planner.portCount(valid));
            ClusterContainers containers = null;
            Thread hook = null;
            boolean started = false;
            Throwable failure = null; // what ends this attempt, to keep a teardown error from hiding it
            try {
                PodNetwork pod = null;
                long networkBegan = System.nanoTime();
                if (mode == NetworkMode.POD) {
                    pod = ClusterContainers.createPodNetwork(clusterId, addresses.clientHost(), block.get(0),
                            valid.bindAddress());
                }
                long networkCreated = System.nanoTime();
                long seed = RANDOM.nextLong();
                ClusterRecord record = new ClusterRecord(valid, server, block, seed,
                        pod == null ? addresses : Addresses.inPod(pod.podAddress()), addresses.clientHost(), mode, pod);
                ClusterPlan plan = record.plan(clusterId);
                Map<String, String> reuseLabels = lease == null ? Map.of() : new ReuseLabels(lease.key(),
                        lease.slot(), block, seed, server, ReuseKey.fingerprint(plan)).toLabels();
                ClusterContainers made = new ClusterContainers(plan, addresses.clientHost(), pod, reuseLabels,
                        record.toLabels());
                containers = made;
                Probe probe = new Probe(plan::clientHost, valid.password());
                hook = new Thread(() -> {
                    try {
                        NetworkCuts.removeRules(clusterId);
                    } finally {
                        made.close();
                    }
                }, "redis-cluster-testkit-shutdown-" + clusterId);
                Runtime.getRuntime().addShutdownHook(hook);
                made.start();
                startPhase = "awaiting readiness";
                long readinessBegan = System.nanoTime();
                Duration left = Duration.ofNanos(Math.max(0, deadline - readinessBegan));
                List<TimelineEntry> timeline = new ArrayList<>();
                if (pod != null) {
                    timeline.add(new TimelineEntry("container", "pod network " + pod.subnet(),
                            Duration.ofNanos(networkBegan - began), Duration.ofNanos(networkCreated - began)));
                }
                made.podStartTimes().ifPresent(t -> timeline.add(new TimelineEntry("container", "pod",
                        Duration.ofNanos(t[0] - began), Duration.ofNanos(t[1] - began))));
                made.startTimes().forEach((node, t) -> timeline.add(new TimelineEntry("container", node.name(),
                        Duration.ofNanos(t[0] - began), Duration.ofNanos(t[1] - began))));
                List<ReadinessCheck> checks = Readiness.checksFor(plan);
                StartProgress progress = StartProgress.current();
                List<Problem> open = Readiness.await(checks, probe, left, () -> failIfExited(made),
                        (check, at) -> {
                            timeline.add(new TimelineEntry("readiness", check.name(),
                                    Duration.ofNanos(readinessBegan - began), Duration.ofNanos(at - began)));
                            progress.factHolds(check.name(), (int) timeline.stream()
                                    .filter(t -> t.kind().equals("readiness")).count(), checks.size());
                        });
                if (!open.isEmpty()) {
                    throw timedOut(open, made, plan, probe, valid.startupTimeout());
                }
                timeline.sort(Comparator.comparing(TimelineEntry::begin).thenComparing(TimelineEntry::end));
                lastStartTimeline = List.copyOf(timeline);
                if (lease != null) {
                    // Kept while starting, so that a start cut short removes what it made; now the cluster stays.
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                running = new ClusterHandle(new ClusterRuntime(plan, made, probe, lease == null ? hook : null));
                networkMode = mode;
                started = true;
                return lease;
            } catch (ContainerStartException e) {
                if (e.portTaken() && attempt < InternalDefaults.PORT_CONFLICT_ATTEMPTS && System.nanoTime() < deadline) {
                    continue;
                }
                failure = e;
                throw e;
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                // Whatever went wrong, and however (an Error, an exception while describing it):
                // the containers (and pod network) of a start that did not succeed go, its ports are free again.
                if (!started) {
                    tearDown(clusterId, block, containers, hook, failure);
                }
            }
        }
    }

    /** Ports per run: on a Docker host on this machine, only those free here. */
    private static PortBlocks ports(boolean local) {
        return new PortBlocks(InternalDefaults.PORT_RANGE_START, InternalDefaults.PORT_RANGE_END,
                local ? RedisShardedClusterContainer::isFree : p -> true, RANDOM);
    }

    private static RedisClusterException timedOut(List<Problem> open, ClusterContainers containers, ClusterPlan plan,
                                                  Probe probe, Duration timeout) {
        Problem first = open.get(0);
        NodeContainer node = containers.container(first.node());
        StringBuilder message = new StringBuilder();
        message.append(node.describe()).append(": readiness did not hold within the startup timeout (")
                .append(open.size()).append(" readiness fact(s) still open after ").append(timeout.toMillis())
                .append(" ms)\n  awaited: ").append(first.awaited())
                .append("\n  last seen: ").append(first.seen());
        for (Problem other : open.subList(1, open.size())) {
            message.append("\n  also open on ").append(other.node().name()).append(": ").append(other.awaited())
                    .append(" (seen: ").append(other.seen()).append(")");
        }
        message.append("\n  last log lines of ").append(first.node().name()).append(":\n")
                .append(indent(node.lastLogLines(NodeContainer.LOG_LINES)));
        // As the other wait failures: roles, the Sentinels' views, HAProxy's server states.
        message.append('\n').append(Diagnostics.render(plan, probe,
                n -> containers.container(n).lastLogLines(NodeContainer.LOG_LINES)));
        return new RedisClusterException(message.toString());
    }

    private static void failIfExited(ClusterContainers containers) {
        containers.firstExited().ifPresent(c -> {
            throw NodeStartException.exited(c, "while the cluster started");
        });
    }

    /**
     * Removes the containers, then releases the ports and the shutdown hook even if that failed.
     * A removal error is added to {@code failure} when there is one, so as not to hide it.
     */
    private static void tearDown(ClusterPlan plan, ClusterContainers containers, Thread hook, Throwable failure) {
        tearDown(plan.clusterId(), plan.ports(), containers, hook, failure);
    }

    /** As above, for a start that may have failed before its containers (or hook) existed: null then. */
    private static void tearDown(String clusterId, List<Integer> ports, ClusterContainers containers, Thread hook,
                                 Throwable failure) {
        try {
            if (containers != null) {
                containers.close();
            } else {
                ClusterContainers.removeAll(clusterId); // the pod network, if it was made
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        } finally {
            PortBlocks.release(ports);
            try {
                if (hook != null) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it removes the containers itself
            }
        }
    }

    private static void requireDocker() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (!available) {
            throw new RedisClusterException("Docker is not available: redis-cluster-testkit starts real containers."
                    + " Start a Docker engine (on Debian: scripts/docker-env.sh sets one up) and make it reachable"
                    + " the way Testcontainers finds it (DOCKER_HOST or /var/run/docker.sock)");
        }
    }

    /**
     * Removes every container. Idempotent; also runs on JVM shutdown if never called. A reused
     * cluster stays for the next start, and an {@link #attach attached} one for its owner.
     */
    @Override
    public synchronized void stop() {
        ClusterHandle handle = running;
        if (handle == null) {
            return;
        }
        ClusterRuntime r = handle.runtime();
        running = null;
        if (attached) {
            return; // its owner removes it, with its network rules
        }
        // Rules first: a cluster's chain with no containers left is the orphan sweep's to remove.
        RuntimeException rulesLeft = null;
        try {
            NetworkCuts.removeRules(r.plan.clusterId());
        } catch (ClusterFailure e) {
            rulesLeft = Failures.translate(e);
        } catch (RuntimeException e) {
            rulesLeft = e;
        }
        ReuseLease lease = reuseLease;
        if (lease != null) {
            // A reused cluster stays, healed of this run's partitions, for the next start to take over.
            reuseLease = null;
            lease.close();
        } else {
            RuntimeException failure = rulesLeft;
            Failures.translated(() -> tearDown(r.plan, r.containers, r.shutdownHook, failure));
        }
        if (rulesLeft != null) {
            throw rulesLeft;
        }
    }

    /** {@return true if the running cluster is a reused one, which {@link #close()} leaves running} */
    public boolean isReused() {
        return reuseLease != null;
    }

    @Override
    public void close() {
        stop();
    }

    /** {@return true between a successful {@link #start()} and {@link #stop()}} */
    public boolean isRunning() {
        return running != null;
    }

    /**
     * The host every endpoint is on: the bind address if a specific one was chosen; else 127.0.0.1
     * when Docker runs on this machine, or the Docker host as Testcontainers reports it. With
     * {@link #withNetworkFaults(boolean) network faults}, every node has an address of its own, and
     * this is HAProxy's (the host of the master and replicas ports and the stats page).
     *
     * @return an IP address or host name
     */
    public String host() {
        return running().runtime().haproxyHost();
    }

    /** {@return how many shards the cluster has} */
    public int shardCount() {
        return spec.shards();
    }

    /**
     * {@return shard {@code index}: its endpoints, its nodes, failover and waiting}
     *
     * @param index from 0 to {@link #shardCount()} - 1
     */
    public Shard shard(int index) {
        ClusterHandle handle = running();
        return new Shard(handle, handle.runtime().shardPlan(index));
    }

    /** {@return every shard's endpoints as they are now, shard 0 first} */
    public List<ShardEndpoints> endpoints() {
        List<ShardEndpoints> all = new ArrayList<>();
        for (int i = 0; i < spec.shards(); i++) {
            all.add(shard(i).endpoints());
        }
        return all;
    }

    /**
     * Network faults between this cluster's nodes: partition, isolate, drop one way, heal. Needs
     * {@link #withNetworkFaults(boolean) withNetworkFaults(true)}; see {@link ClusterNetwork}.
     *
     * @return the faults of this cluster's network
     */
    public ClusterNetwork network() {
        return running().network();
    }

    /** {@return the HAProxy node, to stop, pause or restart like any other} */
    public Node haproxyNode() {
        ClusterHandle handle = running();
        return handle.node(handle.runtime().plan.haproxy());
    }

    /** {@return HAProxy's stats page (HTTP, path {@code /})} */
    public Endpoint haproxyStats() {
        ClusterRuntime r = running().runtime();
        return new Endpoint(r.haproxyHost(), r.plan.haproxyStatsPort());
    }

    /** {@return HAProxy's runtime API (TCP; {@code show stat}, {@code show servers state}, ...)} */
    public Endpoint haproxyRuntimeApi() {
        ClusterHandle handle = running();
        return handle.endpoint(handle.runtime().plan.haproxy());
    }

    /**
     * {@return how this cluster is networked: {@link NetworkMode#HOST} or {@link NetworkMode#POD}}, the
     * latter also where {@link NetworkMode#AUTO} found that host networking does not reach this JVM.
     */
    public NetworkMode networkMode() {
        running();
        return networkMode;
    }

    /** {@return the id in this cluster's container names and labels ({@value NodeContainer#CLUSTER_LABEL})} */
    public String clusterId() {
        return running().runtime().plan.clusterId();
    }

    /** {@return the server the Redis image runs, such as Valkey 8.1.1, as found before the start} */
    public ServerVersion serverVersion() {
        Server server = running().runtime().plan.server();
        return new ServerVersion(Flavour.valueOf(server.flavour().name()), server.version());
    }

    /**
     * Waits until every readiness fact holds again, e.g. after a failover or a restart; on
     * timeout a {@link RedisClusterException} carries the diagnostics. Once it returns, a raw
     * {@code SENTINEL FAILOVER} sent to any Sentinel completes: every Sentinel has seen each
     * replica fresh and recorded as a replica, so none refuses ({@code -NOGOODSLAVE}) and none
     * undoes the promotion.
     *
     * @param timeout how long to wait at most
     */
    public void awaitHealthy(Duration timeout) {
        ClusterRuntime r = running().runtime();
        Failures.translated(() -> r.await(Readiness.checksFor(r.plan), timeout, "cluster healthy again"));
    }

    /**
     * {@return where the last successful {@code start()} spent its time}: each container from create to
     * started, each readiness fact until it first held, in order of start. Empty before the first start.
     */
    public List<TimelineEntry> startupTimeline() {
        return lastStartTimeline;
    }

    /**
     * {@code FLUSHALL} on every shard's current master; returns once every running replica has
     * applied it too, so that reads from replicas right after see an empty data set.
     *
     * @throws RedisClusterException naming the replica that did not catch up in time
     */
    public void flushAll() {
        running();
        for (int i = 0; i < spec.shards(); i++) {
            shard(i).flushAll(InternalDefaults.FLUSH_REPLICATION_WAIT);
        }
    }

    /**
     * Undoes what faults did: removes every network fault, starts every node that was stopped or
     * killed, unpauses every paused one, then waits until the cluster is healthy. Shards that
     * failed over keep their new master.
     *
     * @param timeout how long to wait at most for the cluster to be healthy again
     */
    public void heal(Duration timeout) {
        ClusterHandle handle = running();
        ClusterRuntime r = handle.runtime();
        if (r.plan.spec().networkFaults()) {
            handle.network().heal();
        }
        for (NodeContainer container : r.containers.all()) {
            Node node = handle.node(container.node());
            if (container.isPaused()) {
                node.unpause();
            } else if (!container.isRunning()) {
                node.start();
            }
        }
        r.forgetFaults();
        awaitHealthy(timeout);
    }

    /**
     * {@return a readable dump of the cluster now}: roles and replication offsets, what each Sentinel
     * believes, HAProxy's server states, and every node's last log lines; one line saying so when
     * the cluster is not running.
     */
    public String diagnostics() {
        ClusterHandle handle = running;
        return handle == null ? "redis-cluster-testkit: the cluster is not running"
                : Failures.translated(() -> handle.runtime().diagnostics());
    }

    private ClusterHandle running() {
        ClusterHandle r = running;
        if (r == null) {
            throw new IllegalStateException("the cluster is not running: call start() first");
        }
        return r;
    }

    /** Eight base-36 digits, always eight: part of container names, so it must never be short. */
    static String newClusterId(Random random) {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = Character.forDigit(random.nextInt(36), 36);
        }
        return new String(id);
    }

    /**
     * The engine as this JVM reaches it: its URI, and for a network engine its resolved address and
     * whether that is another machine's.
     */
    private record Engine(URI uri, String address, boolean knownRemote) {

        static Engine current() {
            URI uri = DockerClientFactory.instance().getTransportConfig().getDockerHost();
            String host = EngineLocality.engineHost(uri);
            InetAddress resolved = host == null ? null : resolve(host);
            boolean own;
            try {
                own = resolved != null && NetworkInterface.getByInetAddress(resolved) != null;
            } catch (IOException e) {
                own = false;
            }
            return new Engine(uri, resolved == null ? null : resolved.getHostAddress(),
                    EngineLocality.knownRemote(host, resolved != null,
                            resolved != null && resolved.isLoopbackAddress(), own));
        }
    }

    /** The Docker host's address, or null if its name does not resolve. */
    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        ClusterHandle r = running;
        return "RedisShardedClusterContainer[" + (r == null ? "not running" : r.runtime().plan.clusterId()) + ", "
                + spec + "]";
    }
}
