/**
 * redis-cluster-testkit: a Sentinel-sharded Redis deployment for integration tests. The public
 * API is the root package, {@code spec} (what a cluster is made of) and {@code faults}; the
 * {@code internal} packages are exported only to the project's own front modules.
 */
// The qualified exports name modules that are not compiled with this one ([module] "module not found").
@SuppressWarnings("module")
module io.github.redisclustertestkit {
    // Testcontainers (1.21 and 2.0) is not a named module and has no Automatic-Module-Name: on the
    // module path it is the automatic module named after its jar, "testcontainers". Transitive, as
    // the public API shows its types (Startable, DockerImageName).
    requires transitive testcontainers;
    requires com.github.dockerjava.api;
    requires org.slf4j;
    // Bouncy Castle builds the TLS certificates (internal.tls only; its types are not in the API).
    // Explicit modules: bcpkix's packages are in org.bouncycastle.pkix, the ASN.1 ones in .provider.
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    exports io.github.redisclustertestkit;
    exports io.github.redisclustertestkit.faults;
    exports io.github.redisclustertestkit.spec;

    exports io.github.redisclustertestkit.internal to
            io.github.redisclustertestkit.cli;
    exports io.github.redisclustertestkit.internal.containers to
            io.github.redisclustertestkit.cli;
    exports io.github.redisclustertestkit.internal.options to
            io.github.redisclustertestkit.cli,
            io.github.redisclustertestkit.junit5;
    exports io.github.redisclustertestkit.internal.plan to
            io.github.redisclustertestkit.cli;
    exports io.github.redisclustertestkit.internal.reuse to
            io.github.redisclustertestkit.cli;
}
