/** The command line of redis-cluster-testkit: {@code up}, {@code status}, faults and {@code down}. */
module io.github.redisclustertestkit.cli {
    requires io.github.redisclustertestkit;
    requires info.picocli;

    // picocli reads and sets the commands' annotated fields reflectively.
    opens io.github.redisclustertestkit.cli to info.picocli;
}
