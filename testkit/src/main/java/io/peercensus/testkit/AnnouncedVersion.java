package io.peercensus.testkit;

import io.peercensus.btc.wire.VersionMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields a simulated node puts in its {@code version} message, as a crawler should record them: timestamp,
 * nonce and addresses vary per connection and are left out.
 *
 * <p>Immutable and thread-safe (the user agent bytes are copied in and out).
 *
 * @param version the protocol version (70016 for modern nodes, lower for old ones)
 * @param services the service bits
 * @param userAgent the user agent bytes exactly as sent (may be invalid UTF-8)
 * @param startHeight the announced best height
 * @param relay the BIP37 relay flag, or empty when the node leaves the byte out (protocol below 70001)
 */
public record AnnouncedVersion(int version, long services, byte[] userAgent, int startHeight, Optional<Boolean> relay) {

    /** Checks the fields and copies the user agent in. */
    public AnnouncedVersion {
        Objects.requireNonNull(relay, "relay");
        if (userAgent.length > VersionMessage.MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent length " + userAgent.length + " exceeds "
                    + VersionMessage.MAX_USER_AGENT_LENGTH);
        }
        userAgent = userAgent.clone();
    }

    /** The fields of a received {@code version} message. */
    public static AnnouncedVersion of(VersionMessage v) {
        return new AnnouncedVersion(v.version(), v.services(), v.userAgent(), v.startHeight(), v.relay());
    }

    /** A copy of the user agent bytes. */
    @Override
    public byte[] userAgent() {
        return userAgent.clone();
    }

    /** The user agent decoded as UTF-8 with U+FFFD for invalid bytes. */
    public String userAgentString() {
        return new String(userAgent, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnouncedVersion a && version == a.version && services == a.services
                && Arrays.equals(userAgent, a.userAgent) && startHeight == a.startHeight && relay.equals(a.relay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, services, startHeight, relay) * 31 + Arrays.hashCode(userAgent);
    }

    @Override
    public String toString() {
        return "AnnouncedVersion[version=" + version + ", services=0x" + Long.toHexString(services)
                + ", userAgent=" + HexFormat.of().formatHex(userAgent) + ", startHeight=" + startHeight
                + ", relay=" + relay.map(String::valueOf).orElse("absent") + "]";
    }
}
