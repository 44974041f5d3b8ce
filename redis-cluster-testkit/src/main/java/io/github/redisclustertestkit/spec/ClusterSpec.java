package io.github.redisclustertestkit.spec;

import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the user declares: an immutable description of the topology, validated before any
 * container starts. Two specs that are equal describe interchangeable clusters.
 *
 * @param shards            number of independent master/replica groups
 * @param replicasPerShard  replicas of each master
 * @param sentinelsPerShard Sentinels watching each shard's master
 * @param quorum            Sentinel quorum; 0 means a majority of {@code sentinelsPerShard}
 * @param masterNamePrefix  shard i's Sentinel master name is prefix + i
 * @param password          {@code requirepass}/{@code masterauth} of every node, or null for none
 * @param appendOnly        {@code appendonly yes} on every Redis node
 * @param redisConf         extra raw {@code redis.conf} directives, one per entry
 * @param sentinelConf      extra raw {@code sentinel.conf} directives, one per entry
 * @param haproxyBasePort   0 to choose HAProxy ports per run; else shard i gets base+2i (master)
 *                          and base+2i+1 (replicas), the stats page base+2*shards and the
 *                          runtime API base+2*shards+1
 * @param bindAddress       the address every listener binds (Redis, Sentinel, HAProxy ports, stats
 *                          page, runtime API); null for the default: 127.0.0.1 when the Docker host is
 *                          this machine, else the Docker host's address
 * @param downAfter         Sentinel {@code down-after-milliseconds}
 * @param failoverTimeout   Sentinel {@code failover-timeout}
 * @param haproxyCheckInterval HAProxy health check interval
 * @param startupTimeout    how long start() may wait for readiness
 * @param routing           how the HAProxy master port picks the master
 * @param redisImage        image for masters, replicas and Sentinels: {@code redis}, {@code valkey/valkey}, or
 *                          an image declared {@code .asCompatibleSubstituteFor("redis")}
 * @param haproxyImage      image for HAProxy: {@code haproxy}, or one declared
 *                          {@code .asCompatibleSubstituteFor("haproxy")}
 * @param networkFaults     every node listens on and connects from a loopback address of its own, so
 *                          that traffic between two nodes can be cut (partitions); off, all nodes
 *                          share {@code bindAddress}
 * @param networkMode       host networking, one network namespace per cluster, or whichever works here
 * @param reuse             keep the cluster running after close() and let a later start of an equal
 *                          spec (another JVM too) take it over, once Testcontainers' reuse is enabled
 * @param topology          Sentinel-sharded, or native Redis Cluster (where {@code shards} are the
 *                          masters that share the hash slots, and the Sentinel and HAProxy options
 *                          must keep their defaults)
 * @param clusterNodeTimeout {@code cluster-node-timeout} of a native Redis Cluster
 * @param tls               every node, Sentinel and cluster bus serves TLS only, with certificates made
 *                          for this cluster at start; HAProxy passes TLS through and checks over it
 * @param mutualTls         TLS where the nodes also require a client certificate
 *                          ({@code tls-auth-clients yes}), one made for clients with the others;
 *                          turns {@code tls} on
 * @param users             ACL users on every Redis node, each {@code "NAME PASSWORD RULE..."} (rules as
 *                          {@code ACL SETUSER} takes them, such as {@code ~app:* +@all}); the library
 *                          itself, replication, Sentinel and HAProxy then use users of their own
 * @param defaultUserDisabled the {@code default} user is off on every node: a client must name its user
 * @since 0.1.0
 */
public record ClusterSpec(
        int shards,
        int replicasPerShard,
        int sentinelsPerShard,
        int quorum,
        String masterNamePrefix,
        String password,
        boolean appendOnly,
        List<String> redisConf,
        List<String> sentinelConf,
        int haproxyBasePort,
        String bindAddress,
        Duration downAfter,
        Duration failoverTimeout,
        Duration haproxyCheckInterval,
        Duration startupTimeout,
        Routing routing,
        DockerImageName redisImage,
        DockerImageName haproxyImage,
        boolean networkFaults,
        NetworkMode networkMode,
        boolean reuse,
        Topology topology,
        Duration clusterNodeTimeout,
        boolean tls,
        boolean mutualTls,
        List<String> users,
        boolean defaultUserDisabled) {

    static final int MAX_SHARDS = 32;
    static final int MAX_REPLICAS = 8;
    static final int MAX_SENTINELS = 9;
    /**
     * The password and the master-name prefix end up inside HAProxy check strings and
     * Sentinel/Redis config lines: no white space, quotes, backslashes or '$'.
     */
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9!#%&()*+,\\-./:;<=>?@\\[\\]^_{|}~]+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    /**
     * The images the Redis image may be, or declare itself a substitute for. Valkey's official image
     * counts as is: the server is probed at start, and Valkey 7.2+ keeps Redis's contract.
     */
    private static final List<DockerImageName> REDIS_COMPATIBLE =
            List.of(DockerImageName.parse("redis"), DockerImageName.parse("valkey/valkey"));
    private static final List<DockerImageName> HAPROXY_COMPATIBLE = List.of(DockerImageName.parse("haproxy"));

    /**
     * A spec as given, not yet validated (see {@link #validate()}); the directive lists are copied,
     * null meaning none. Start from {@link #defaults()} and its {@link #toBuilder()} rather than
     * from this constructor, whose parameters grow with every option.
     *
     * @param shards               number of shards
     * @param replicasPerShard     replicas of each master
     * @param sentinelsPerShard    Sentinels of each shard
     * @param quorum               Sentinel quorum, 0 for a majority
     * @param masterNamePrefix     prefix of the Sentinel master names
     * @param password             password of every node, or null
     * @param appendOnly           {@code appendonly yes} on every Redis node
     * @param redisConf            extra {@code redis.conf} directives, or null
     * @param sentinelConf         extra {@code sentinel.conf} directives, or null
     * @param haproxyBasePort      first HAProxy port, or 0 for ports per run
     * @param bindAddress          address every listener binds, or null for the default
     * @param downAfter            Sentinel {@code down-after-milliseconds}
     * @param failoverTimeout      Sentinel {@code failover-timeout}
     * @param haproxyCheckInterval HAProxy health check interval
     * @param startupTimeout       how long start() may wait for readiness
     * @param routing              how the HAProxy master port picks the master
     * @param redisImage           image of masters, replicas and Sentinels
     * @param haproxyImage         image of HAProxy
     * @param networkFaults        a loopback address per node, so that traffic can be cut
     * @param networkMode          how the containers are networked
     * @param reuse                keep the cluster for a later start of an equal spec
     * @param topology             Sentinel-sharded or native Redis Cluster
     * @param clusterNodeTimeout   {@code cluster-node-timeout} of a native Redis Cluster
     * @param tls                  TLS only, on every listener
     * @param mutualTls            TLS with client certificates required; turns {@code tls} on
     * @param users                ACL users of every node, or null for none
     * @param defaultUserDisabled  the {@code default} user off on every node
     */
    public ClusterSpec {
        redisConf = redisConf == null ? List.of() : List.copyOf(redisConf);
        sentinelConf = sentinelConf == null ? List.of() : List.copyOf(sentinelConf);
        users = users == null ? List.of() : List.copyOf(users);
        // Client certificates are a part of TLS: asking for them asks for TLS.
        tls = tls || mutualTls;
    }

    /**
     * {@return the defaults of {@link Defaults}}, with the images named by the system properties or
     * environment variables there if set. The other options: a majority quorum, no password, no
     * extra directives, HAProxy ports per run, the default bind address,
     * {@link Routing#SENTINEL_AGREED}, and append-only, network faults and reuse off.
     */
    public static ClusterSpec defaults() {
        return new ClusterSpec(Defaults.SHARDS, Defaults.REPLICAS_PER_SHARD, Defaults.SENTINELS_PER_SHARD, 0,
                Defaults.MASTER_NAME_PREFIX, null, false, List.of(), List.of(), 0, null,
                Defaults.DOWN_AFTER, Defaults.FAILOVER_TIMEOUT, Defaults.HAPROXY_CHECK_INTERVAL,
                Defaults.STARTUP_TIMEOUT, Routing.SENTINEL_AGREED,
                configured(Defaults.REDIS_IMAGE_PROPERTY, Defaults.REDIS_IMAGE_ENV, Defaults.REDIS_IMAGE, "redis"),
                configured(Defaults.HAPROXY_IMAGE_PROPERTY, Defaults.HAPROXY_IMAGE_ENV, Defaults.HAPROXY_IMAGE,
                        "haproxy"),
                false,
                Defaults.NETWORK_MODE,
                false,
                Defaults.TOPOLOGY,
                Defaults.CLUSTER_NODE_TIMEOUT,
                false,
                false,
                List.of(),
                false);
    }

    /** The image named by the system property, else the environment variable: declared a substitute by being named. */
    private static DockerImageName configured(String property, String env, DockerImageName fallback,
                                              String substituteFor) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback
                : DockerImageName.parse(value.trim()).asCompatibleSubstituteFor(substituteFor);
    }

    /** {@return the quorum in force: the one set, or a majority of the Sentinels} */
    public int effectiveQuorum() {
        return quorum > 0 ? quorum : majorityOfSentinels();
    }

    /** {@return more than half of a shard's Sentinels: no two nodes can be named master by this many at once} */
    public int majorityOfSentinels() {
        return sentinelsPerShard / 2 + 1;
    }

    /**
     * {@return the Sentinel master name of shard {@code index}}, the prefix followed by the index.
     *
     * @param index shard index, from 0
     */
    public String masterName(int index) {
        return masterNamePrefix + index;
    }

    /** {@return how many ports a fixed HAProxy layout occupies from its base: two per shard, plus the stats page and runtime API} */
    public int haproxyPortCount() {
        return 2 * shards + 2;
    }

    /**
     * Checks every option; the message names the option, what was wrong and how to fix it.
     *
     * @return this spec
     * @throws IllegalArgumentException on the first invalid option
     */
    public ClusterSpec validate() {
        Objects.requireNonNull(topology, "topology must not be null: use Topology.SENTINEL or Topology.CLUSTER");
        boolean cluster = topology == Topology.CLUSTER;
        requireBetween(cluster ? "masters" : "shards", cluster ? "withMasters" : "withShards", shards, 1, MAX_SHARDS);
        // A native cluster runs without replicas (no failover then); a Sentinel shard needs one to fail over to.
        requireBetween(cluster ? "replicasPerMaster" : "replicasPerShard",
                cluster ? "withReplicasPerMaster" : "withReplicasPerShard", replicasPerShard, cluster ? 0 : 1,
                MAX_REPLICAS);
        requireAtLeast("clusterNodeTimeout", "withClusterNodeTimeout", clusterNodeTimeout, Duration.ofMillis(100));
        requireBetween("sentinelsPerShard", "withSentinelsPerShard", sentinelsPerShard, 1, MAX_SENTINELS);
        if (quorum < 0 || quorum > sentinelsPerShard) {
            throw new IllegalArgumentException("quorum " + quorum + " is invalid for " + sentinelsPerShard
                    + " Sentinels per shard: a failover needs at least 1 and at most all Sentinels to agree."
                    + " Use withQuorum(q) with 1 <= q <= " + sentinelsPerShard + ", or leave it unset for a majority ("
                    + majorityOfSentinels() + ")");
        }
        if (masterNamePrefix == null || !SAFE_TOKEN.matcher(masterNamePrefix).matches()) {
            throw new IllegalArgumentException("masterNamePrefix " + quote(masterNamePrefix)
                    + " is invalid: it must be non-empty, without white space, quotes, backslashes or '$'."
                    + " Use e.g. withMasterNamePrefix(\"shard-\")");
        }
        if (password != null && !SAFE_TOKEN.matcher(password).matches()) {
            throw new IllegalArgumentException("password is invalid: it must be non-empty, without white space,"
                    + " quotes, backslashes or '$' (it is written into HAProxy check strings)."
                    + " Use withPassword(p) with letters, digits and punctuation, or no password");
        }
        requireDirectives("redisConf", "withRedisConf", redisConf);
        requireDirectives("sentinelConf", "withSentinelConf", sentinelConf);
        if (haproxyBasePort != 0) {
            int last = haproxyBasePort + haproxyPortCount() - 1;
            if (haproxyBasePort < 1024 || last > 65535) {
                throw new IllegalArgumentException("haproxyBasePort " + haproxyBasePort + " is out of range: the fixed"
                        + " layout for " + shards + " shards uses ports " + haproxyBasePort + ".." + last
                        + ". Use withHaproxyBasePort(p) with 1024 <= p <= " + (65536 - haproxyPortCount())
                        + ", e.g. 5000, or leave it unset to choose ports per run");
            }
        }
        if (bindAddress != null && !isIpLiteral(bindAddress)) {
            throw new IllegalArgumentException("bindAddress " + quote(bindAddress) + " is not an IP address: every"
                    + " Redis node, Sentinel and HAProxy port listens on it, so it must be a literal IPv4 or IPv6"
                    + " address (host names are not resolved). Use withBindAddress(\"127.0.0.1\") (annotation:"
                    + " bindAddress, CLI: up --bind) for this machine only, withBindAddress(\"0.0.0.0\") for every"
                    + " interface, or leave it unset for the default"
                    + " (127.0.0.1 when Docker runs on this machine, else the Docker host's address)");
        }
        if (networkFaults && bindAddress != null) {
            throw new IllegalArgumentException("networkFaults gives every node a loopback address of its own, so it"
                    + " cannot be combined with bindAddress " + quote(bindAddress) + ". Leave bindAddress unset"
                    + " (withNetworkFaults(true) listens on 127.0.0.0/8 only), or turn networkFaults off");
        }
        requireAtLeast("downAfter", "withDownAfter", downAfter, Duration.ofMillis(100));
        requireAtLeast("failoverTimeout", "withFailoverTimeout", failoverTimeout, Duration.ofMillis(1000));
        requireAtLeast("haproxyCheckInterval", "withHaproxyCheckInterval", haproxyCheckInterval, Duration.ofMillis(10));
        requireAtLeast("startupTimeout", "withStartupTimeout", startupTimeout, Duration.ofSeconds(1));
        Objects.requireNonNull(routing, "routing must not be null: use withRouting(Routing.SENTINEL_AGREED)");
        requireImage("redisImage", "withRedisImage", redisImage, Defaults.REDIS_IMAGE, REDIS_COMPATIBLE);
        requireImage("haproxyImage", "withHaproxyImage", haproxyImage, Defaults.HAPROXY_IMAGE, HAPROXY_COMPATIBLE);
        Objects.requireNonNull(networkMode, "networkMode must not be null: use withNetworkMode(NetworkMode.AUTO)");
        if (networkMode == NetworkMode.POD && networkFaults) {
            throw new IllegalArgumentException("networkFaults cannot be used with networkMode POD: its rules cut"
                    + " traffic on this machine's loopback, but the nodes of a pod talk inside the pod's own network"
                    + " namespace. Use withNetworkMode(NetworkMode.HOST) (annotation: networkMode, CLI: up"
                    + " --network-mode host) with networkFaults, or turn networkFaults off");
        }
        if (networkMode == NetworkMode.POD && bindAddress != null && !NetworkMode.POD_BIND_ADDRESSES.contains(bindAddress)) {
            throw new IllegalArgumentException("bindAddress " + bindAddress + " cannot be used with networkMode POD:"
                    + " the nodes announce 127.0.0.1, so the pod publishes its ports on 127.0.0.1 (bindAddress unset or"
                    + " \"127.0.0.1\") or on every interface (\"0.0.0.0\"). Leave bindAddress unset, or use"
                    + " withNetworkMode(NetworkMode.HOST) (annotation: networkMode, CLI: up --network-mode host)");
        }
        requireUsers();
        if (tls && reuse) {
            throw new IllegalArgumentException("tls cannot be combined with reuse yet: a reused cluster outlives the"
                    + " JVM that made its certificates, and a later JVM would have no CA to trust. Turn reuse off"
                    + " (withReuse(false)) for a TLS cluster, or tls off for a reused one");
        }
        return this;
    }

    /** Names the library keeps for the users it runs as itself. */
    public static final String RESERVED_USER_PREFIX = "rct-";

    /**
     * Users are written into every node's config as {@code user NAME on >PASSWORD RULE...}: each part
     * a token, the password given once, and none of the library's own users (replication, Sentinel,
     * HAProxy and the library's probes have theirs, so no rule of the user's can lock them out).
     */
    private void requireUsers() {
        String example = " Use withUser(\"app\", \"s3cret\", \"~app:*\", \"+@all\") (annotation: users = \"app s3cret"
                + " ~app:* +@all\", CLI: --user 'app s3cret ~app:* +@all')";
        for (String user : users) {
            String[] parts = user == null ? new String[0] : user.trim().split(" +");
            if (parts.length < 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("users entry " + quote(parts.length == 0 ? "" : parts[0])
                        + " has no password: each user is"
                        + " \"NAME PASSWORD RULE...\", and a user without a password would let anyone in as it."
                        + example);
            }
            String name = parts[0];
            if (user.indexOf(';') >= 0) {
                // The configuration parameter gives all users as one text, split at ';': such a
                // password would silently become two users there, so no front takes it.
                throw new IllegalArgumentException("users entry for " + quote(name.split(";", 2)[0]) + " contains ';',"
                        + " which separates users where they are given as one text (the configuration parameter"
                        + " redis-cluster-testkit.users): choose a name, password and rules without ';'." + example);
            }
            if (!SAFE_TOKEN.matcher(name).matches() || name.startsWith(RESERVED_USER_PREFIX) || name.equals("default")) {
                throw new IllegalArgumentException("users entry: the name " + quote(name)
                        + " is invalid: names are tokens without quotes, backslashes or '$', \"default\" is set by"
                        + " password and defaultUserDisabled, and names starting with \"" + RESERVED_USER_PREFIX
                        + "\" are the library's own." + example);
            }
            if (!SAFE_TOKEN.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException("users entry for " + quote(name) + ": the password must be a token"
                        + " without quotes, backslashes or '$'." + example);
            }
            for (int i = 2; i < parts.length; i++) {
                String rule = parts[i];
                if (!SAFE_TOKEN.matcher(rule).matches() || rule.startsWith(">") || rule.startsWith("<")
                        || rule.startsWith("#") || rule.startsWith("!") || List.of("nopass", "resetpass", "reset")
                        .contains(rule.toLowerCase(java.util.Locale.ROOT))) {
                    // A password rule is a password: its kind is named, never its text.
                    boolean secret = rule.startsWith(">") || rule.startsWith("<") || rule.startsWith("#");
                    throw new IllegalArgumentException("users entry for " + quote(name) + ": rule "
                            + (secret ? "'" + rule.charAt(0) + "...' (a password rule)" : quote(rule))
                            + " is not allowed: the password is the second word and the only one (no '>', '<', '#',"
                            + " '!', nopass, resetpass or reset), and rules are tokens without quotes or '$'." + example);
                }
            }
        }
        if (defaultUserDisabled && password != null) {
            throw new IllegalArgumentException("password is the default user's (requirepass), and defaultUserDisabled"
                    + " turns that user off: give the password to a user instead (withUser(name, password, rules...)),"
                    + " or keep the default user");
        }
    }

    /** {@return whether nodes run with users of the library's own: the user declared some, or turned the default user off} */
    public boolean hasUsers() {
        return !users.isEmpty() || defaultUserDisabled;
    }

    private static void requireBetween(String option, String method, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + " (was " + value
                    + "). Use " + method + "(n) with " + min + " <= n <= " + max);
        }
    }

    private static void requireAtLeast(String option, String method, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0) {
            throw new IllegalArgumentException(option + " must be at least " + min.toMillis() + " ms (was "
                    + (value == null ? "null" : value.toMillis() + " ms") + "). Use " + method
                    + "(Duration.ofMillis(...)) with a value >= " + min.toMillis() + " ms");
        }
    }

    private static void requireDirectives(String option, String method, List<String> lines) {
        for (String line : lines) {
            if (line == null || line.isBlank() || line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException(option + " entry " + quote(line) + " is invalid: each entry is one"
                        + " non-empty directive on one line. Use " + method + "(\"maxmemory 64mb\") once per directive");
            }
        }
    }

    private static void requireImage(String option, String method, DockerImageName image, DockerImageName example,
                                     List<DockerImageName> compatible) {
        String name = image == null ? null : image.asCanonicalNameString();
        try {
            if (image == null || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("it is empty or contains white space");
            }
            image.assertValid();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(option + " " + quote(name) + " is not an image name ("
                    + invalid.getMessage() + "). Use " + method + "(\"name:tag\"), e.g. " + method + "(\"" + example
                    + "\")", invalid);
        }
        if (compatible.stream().noneMatch(image::isCompatibleWith)) {
            String substituteFor = compatible.get(0).getUnversionedPart();
            throw new IllegalArgumentException(option + " " + quote(name) + " is not known to be "
                    + compatible.stream().map(c -> "a " + c.getUnversionedPart()).collect(Collectors.joining(" or "))
                    + " image. If it is one, declare it: " + method + "(DockerImageName.parse(\"" + name
                    + "\").asCompatibleSubstituteFor(\"" + substituteFor + "\")); a name given by configuration"
                    + " (system property, environment variable, annotation attribute, CLI option) counts as"
                    + " declared");
        }
    }

    /** Literal addresses only: validation must not wait for DNS, and a name could resolve differently later. */
    static boolean isIpLiteral(String address) {
        return IPV4.matcher(address).matches() || isIpv6Literal(address);
    }

    /** Eight groups of up to 4 hex digits, or fewer with one "::"; the last two may be an IPv4 address. */
    private static boolean isIpv6Literal(String address) {
        int gap = address.indexOf("::");
        if (!address.contains(":") || gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        List<String> parts = gap >= 0 ? List.of(address.substring(0, gap), address.substring(gap + 2)) : List.of(address);
        int groups = 0;
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).isEmpty()) {
                continue;
            }
            String[] fields = parts.get(p).split(":", -1);
            for (int i = 0; i < fields.length; i++) {
                boolean lastOfAddress = p == parts.size() - 1 && i == fields.length - 1;
                if (lastOfAddress && IPV4.matcher(fields[i]).matches()) {
                    groups += 2;
                } else if (IPV6_GROUP.matcher(fields[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** {@return a builder that starts from this spec} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes some options of a spec; each setter returns the builder, and sets the component of the
     * same name (see {@link ClusterSpec} for what each means). Nothing is checked before
     * {@link ClusterSpec#validate()}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int shards;
        private int replicasPerShard;
        private int sentinelsPerShard;
        private int quorum;
        private String masterNamePrefix;
        private String password;
        private boolean appendOnly;
        private List<String> redisConf;
        private List<String> sentinelConf;
        private int haproxyBasePort;
        private String bindAddress;
        private Duration downAfter;
        private Duration failoverTimeout;
        private Duration haproxyCheckInterval;
        private Duration startupTimeout;
        private Routing routing;
        private DockerImageName redisImage;
        private DockerImageName haproxyImage;
        private boolean networkFaults;
        private NetworkMode networkMode;
        private boolean reuse;
        private Topology topology;
        private Duration clusterNodeTimeout;
        private boolean tls;
        private boolean mutualTls;
        private List<String> users;
        private boolean defaultUserDisabled;

        private Builder(ClusterSpec s) {
            shards = s.shards;
            replicasPerShard = s.replicasPerShard;
            sentinelsPerShard = s.sentinelsPerShard;
            quorum = s.quorum;
            masterNamePrefix = s.masterNamePrefix;
            password = s.password;
            appendOnly = s.appendOnly;
            redisConf = s.redisConf;
            sentinelConf = s.sentinelConf;
            haproxyBasePort = s.haproxyBasePort;
            bindAddress = s.bindAddress;
            downAfter = s.downAfter;
            failoverTimeout = s.failoverTimeout;
            haproxyCheckInterval = s.haproxyCheckInterval;
            startupTimeout = s.startupTimeout;
            routing = s.routing;
            redisImage = s.redisImage;
            haproxyImage = s.haproxyImage;
            networkFaults = s.networkFaults;
            networkMode = s.networkMode;
            reuse = s.reuse;
            topology = s.topology;
            clusterNodeTimeout = s.clusterNodeTimeout;
            tls = s.tls;
            mutualTls = s.mutualTls;
            users = s.users;
            defaultUserDisabled = s.defaultUserDisabled;
        }

        /**
         * @param v number of shards, 1 to 32
         * @return this builder
         */
        public Builder shards(int v) { shards = v; return this; }
        /**
         * @param v replicas of each master, 1 to 8
         * @return this builder
         */
        public Builder replicasPerShard(int v) { replicasPerShard = v; return this; }
        /**
         * @param v Sentinels of each shard, 1 to 9
         * @return this builder
         */
        public Builder sentinelsPerShard(int v) { sentinelsPerShard = v; return this; }
        /**
         * @param v Sentinel quorum, 1 to {@code sentinelsPerShard}, or 0 for a majority
         * @return this builder
         */
        public Builder quorum(int v) { quorum = v; return this; }
        /**
         * @param v prefix of the Sentinel master names, without white space, quotes, backslashes or {@code $}
         * @return this builder
         */
        public Builder masterNamePrefix(String v) { masterNamePrefix = v; return this; }
        /**
         * @param v {@code requirepass} and {@code masterauth} of every node, or null for none
         * @return this builder
         */
        public Builder password(String v) { password = v; return this; }
        /**
         * @param v whether every Redis node runs with {@code appendonly yes}
         * @return this builder
         */
        public Builder appendOnly(boolean v) { appendOnly = v; return this; }
        /**
         * @param v extra {@code redis.conf} directives, one per entry; replaces those set before
         * @return this builder
         */
        public Builder redisConf(List<String> v) { redisConf = v; return this; }
        /**
         * @param v extra {@code sentinel.conf} directives, one per entry; replaces those set before
         * @return this builder
         */
        public Builder sentinelConf(List<String> v) { sentinelConf = v; return this; }
        /**
         * @param v first port of the fixed HAProxy layout, or 0 to choose ports per run
         * @return this builder
         */
        public Builder haproxyBasePort(int v) { haproxyBasePort = v; return this; }
        /**
         * @param v literal IP address every listener binds, or null for the default
         * @return this builder
         */
        public Builder bindAddress(String v) { bindAddress = v; return this; }
        /**
         * @param v Sentinel {@code down-after-milliseconds}, at least 100 ms
         * @return this builder
         */
        public Builder downAfter(Duration v) { downAfter = v; return this; }
        /**
         * @param v Sentinel {@code failover-timeout}, at least 1 s
         * @return this builder
         */
        public Builder failoverTimeout(Duration v) { failoverTimeout = v; return this; }
        /**
         * @param v HAProxy health check interval, at least 10 ms
         * @return this builder
         */
        public Builder haproxyCheckInterval(Duration v) { haproxyCheckInterval = v; return this; }
        /**
         * @param v how long start() may wait for readiness, at least 1 s
         * @return this builder
         */
        public Builder startupTimeout(Duration v) { startupTimeout = v; return this; }
        /**
         * @param v how the HAProxy master port picks the master
         * @return this builder
         */
        public Builder routing(Routing v) { routing = v; return this; }
        /**
         * @param v image of masters, replicas and Sentinels
         * @return this builder
         */
        public Builder redisImage(DockerImageName v) { redisImage = v; return this; }
        /**
         * @param v image of HAProxy
         * @return this builder
         */
        public Builder haproxyImage(DockerImageName v) { haproxyImage = v; return this; }

        /**
         * {@link #redisImage(DockerImageName)} with the name parsed, so a custom name fails {@link ClusterSpec#validate()}.
         *
         * @param v an image name such as {@code redis:7.2.5}, or null
         * @return this builder
         */
        public Builder redisImage(String v) { return redisImage(v == null ? null : DockerImageName.parse(v)); }

        /**
         * {@link #haproxyImage(DockerImageName)} with the name parsed, so a custom name fails {@link ClusterSpec#validate()}.
         *
         * @param v an image name such as {@code haproxy:3.0}, or null
         * @return this builder
         */
        public Builder haproxyImage(String v) { return haproxyImage(v == null ? null : DockerImageName.parse(v)); }

        /**
         * @param v whether every node gets a loopback address of its own, so that traffic can be cut
         * @return this builder
         */
        public Builder networkFaults(boolean v) { networkFaults = v; return this; }
        /**
         * @param v how the containers are networked
         * @return this builder
         */
        public Builder networkMode(NetworkMode v) { networkMode = v; return this; }
        /**
         * @param v whether the cluster stays for a later start of an equal spec
         * @return this builder
         */
        public Builder reuse(boolean v) { reuse = v; return this; }
        /**
         * @param v Sentinel-sharded or native Redis Cluster
         * @return this builder
         */
        public Builder topology(Topology v) { topology = v; return this; }
        /**
         * @param v {@code cluster-node-timeout} of a native Redis Cluster, at least 100 ms
         * @return this builder
         */
        public Builder clusterNodeTimeout(Duration v) { clusterNodeTimeout = v; return this; }
        /**
         * @param v whether every listener serves TLS only
         * @return this builder
         */
        public Builder tls(boolean v) { tls = v; return this; }
        /**
         * @param v whether the nodes require a client certificate too; true turns {@link #tls(boolean)} on,
         *          false leaves it as it was
         * @return this builder
         */
        public Builder mutualTls(boolean v) { mutualTls = v; return this; }
        /**
         * @param v ACL users, each {@code "NAME PASSWORD RULE..."}; replaces those set before
         * @return this builder
         */
        public Builder users(List<String> v) { users = v; return this; }
        /**
         * @param v whether the {@code default} user is off on every node
         * @return this builder
         */
        public Builder defaultUserDisabled(boolean v) { defaultUserDisabled = v; return this; }

        /** {@return the spec, not yet validated: see {@link ClusterSpec#validate()}} */
        public ClusterSpec build() {
            return new ClusterSpec(shards, replicasPerShard, sentinelsPerShard, quorum, masterNamePrefix, password,
                    appendOnly, redisConf, sentinelConf, haproxyBasePort, bindAddress, downAfter, failoverTimeout,
                    haproxyCheckInterval, startupTimeout, routing, redisImage, haproxyImage, networkFaults,
                    networkMode, reuse, topology, clusterNodeTimeout, tls, mutualTls, users, defaultUserDisabled);
        }
    }

    /** {@return every option, for logs and test names; the password shows only as {@code ***}} */
    @Override
    public String toString() {
        // The password stays out of logs and test names.
        return "ClusterSpec[shards=" + shards + ", replicasPerShard=" + replicasPerShard + ", sentinelsPerShard="
                + sentinelsPerShard + ", quorum=" + effectiveQuorum() + ", masterNamePrefix=" + masterNamePrefix
                + ", password=" + (password == null ? "none" : "***") + ", appendOnly=" + appendOnly
                + ", haproxyBasePort=" + (haproxyBasePort == 0 ? "per run" : haproxyBasePort)
                + ", bindAddress=" + (bindAddress == null ? "default" : bindAddress)
                + ", downAfter=" + downAfter.toMillis() + "ms, failoverTimeout=" + failoverTimeout.toMillis()
                + "ms, haproxyCheckInterval=" + haproxyCheckInterval.toMillis() + "ms, routing=" + routing
                + ", redisImage=" + redisImage + ", haproxyImage=" + haproxyImage + ", networkFaults=" + networkFaults
                + ", networkMode=" + networkMode + (reuse ? ", reuse" : "") + ", topology=" + topology
                + (topology == Topology.CLUSTER ? ", clusterNodeTimeout=" + clusterNodeTimeout.toMillis() + "ms" : "")
                + (tls ? (mutualTls ? ", mutual TLS" : ", TLS") : "")
                + (users.isEmpty() ? "" : ", users=" + users.stream().map(u -> u.split(" ", 2)[0]).toList())
                + (defaultUserDisabled ? ", default user off" : "")
                + "]";
    }
}
