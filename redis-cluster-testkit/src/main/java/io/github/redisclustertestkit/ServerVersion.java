package io.github.redisclustertestkit;

/**
 * The flavour and version of the server an image runs, such as Valkey 8.1.1.
 *
 * @param flavour Redis or Valkey
 * @param version as the server reports it, like {@code 8.1.1}
 * @since 0.1.0
 */
public record ServerVersion(Flavour flavour, String version) {

    /** {@return the display name and version, like {@code Valkey 8.1.1}} */
    @Override
    public String toString() {
        return flavour.displayName() + " " + version;
    }
}
