package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.CompactSize;
import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code version} message, every field kept as sent: the user agent as raw bytes (so invalid UTF-8 is not
 * lost) and the BIP37 relay flag as present or absent (old peers leave it out, and writing reproduces that).
 *
 * <p>Immutable and thread-safe (the user agent bytes are copied in and out).
 *
 * @param version the protocol version (e.g. 70016)
 * @param services the sender's service bits (unsigned 64-bit in a {@code long}); see {@link ServiceFlag}
 * @param timestamp the sender's clock, seconds since the Unix epoch (signed 64-bit)
 * @param addrRecv the address of the receiving node as the sender sees it
 * @param addrFrom the sender's own address (often all zeros)
 * @param nonce the random nonce used to detect connections to self (64 bits as sent)
 * @param userAgent the user agent (BIP14 "subver") bytes as sent, at most {@link #MAX_USER_AGENT_LENGTH}
 * @param startHeight the sender's best block height
 * @param relay the BIP37 relay flag, or empty when the sender left the byte out
 */
public record VersionMessage(
        int version,
        long services,
        long timestamp,
        NetAddr addrRecv,
        NetAddr addrFrom,
        long nonce,
        byte[] userAgent,
        int startHeight,
        Optional<Boolean> relay) implements BitcoinMessage {

    /** The longest user agent accepted, in bytes (Bitcoin Core's {@code MAX_SUBVERSION_LENGTH}). */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    public VersionMessage {
        Objects.requireNonNull(addrRecv, "addrRecv");
        Objects.requireNonNull(addrFrom, "addrFrom");
        Objects.requireNonNull(relay, "relay");
        if (userAgent.length > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent length " + userAgent.length + " exceeds " + MAX_USER_AGENT_LENGTH);
        }
        userAgent = userAgent.clone();
    }

    /**
     * Decodes a {@code version} payload. The user agent length is checked against {@link #MAX_USER_AGENT_LENGTH}
     * before it is allocated; the relay byte may be absent, and when present must be 0 or 1.
     *
     * @throws BitcoinWireException e.g. {@code "version: user agent length 257 exceeds 256"}
     */
    public static VersionMessage read(ByteBuffer payload) throws BitcoinWireException {
        WireReader r = new WireReader(payload, MessageCommand.VERSION.wireName);
        int version = r.i32le("version");
        long services = r.i64le("services");
        long timestamp = r.i64le("timestamp");
        NetAddr addrRecv = NetAddr.read(r, "addr_recv");
        NetAddr addrFrom = NetAddr.read(r, "addr_from");
        long nonce = r.i64le("nonce");
        int uaLength = r.length("user agent length", MAX_USER_AGENT_LENGTH);
        byte[] userAgent = r.bytes(uaLength, "user agent");
        int startHeight = r.i32le("start_height");
        Optional<Boolean> relay = Optional.empty();
        if (r.remaining() > 0) {
            int b = r.u8("relay");
            if (b > 1) {
                throw r.error("relay must be 0 or 1, got " + b);
            }
            relay = Optional.of(b == 1);
        }
        r.end();
        return new VersionMessage(version, services, timestamp, addrRecv, addrFrom, nonce, userAgent, startHeight, relay);
    }

    /** A copy of the user agent bytes as sent. */
    @Override
    public byte[] userAgent() {
        return userAgent.clone();
    }

    /** The user agent decoded as UTF-8, each invalid sequence replaced by U+FFFD; never fails. */
    public String userAgentString() {
        return new String(userAgent, StandardCharsets.UTF_8);
    }

    /** Whether the user agent bytes are valid UTF-8 (when not, keep {@link #userAgent()} too: nothing is lost). */
    public boolean isUserAgentValidUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(userAgent));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public String command() {
        return MessageCommand.VERSION.wireName;
    }

    @Override
    public int encodedSize() {
        return 4 + 8 + 8 + NetAddr.SIZE * 2 + 8 + CompactSize.size(userAgent.length) + userAgent.length + 4
                + (relay.isPresent() ? 1 : 0);
    }

    @Override
    public void write(ByteBuffer out) {
        WireWriter w = new WireWriter(out).i32le(version).i64le(services).i64le(timestamp);
        addrRecv.write(w);
        addrFrom.write(w);
        w.i64le(nonce).compactSize(userAgent.length).bytes(userAgent).i32le(startHeight);
        relay.ifPresent(b -> w.u8(b ? 1 : 0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionMessage v && version == v.version && services == v.services
                && timestamp == v.timestamp && addrRecv.equals(v.addrRecv) && addrFrom.equals(v.addrFrom)
                && nonce == v.nonce && Arrays.equals(userAgent, v.userAgent) && startHeight == v.startHeight
                && relay.equals(v.relay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, services, timestamp, addrRecv, addrFrom, nonce, startHeight, relay) * 31
                + Arrays.hashCode(userAgent);
    }

    @Override
    public String toString() {
        return "VersionMessage[version=" + version + ", services=0x" + Long.toHexString(services)
                + ", timestamp=" + timestamp + ", addrRecv=" + addrRecv + ", addrFrom=" + addrFrom
                + ", nonce=" + Long.toUnsignedString(nonce) + ", userAgent=" + userAgentString()
                + (isUserAgentValidUtf8() ? "" : " (raw " + HexFormat.of().formatHex(userAgent) + ")")
                + ", startHeight=" + startHeight + ", relay=" + relay.map(String::valueOf).orElse("absent") + "]";
    }
}
