package io.peercensus.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The peercensus version, from the build. Used for honest user agents ({@code /peercensus:0.1.0/}).
 *
 * <p>Immutable and thread-safe. Not public API.
 */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/peercensus/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/peercensus/version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
