package io.peercensus.testkit.internal.btc;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.CommandField;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.VersionMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The bytes hostile nodes send (and the one bad frame a {@code BAD_CHECKSUM_AFTER_HANDSHAKE} node sends): each
 * breaks exactly one rule of the wire protocol, built from a valid message by the real codec and then damaged, so
 * everything but the one fault is right.
 *
 * <p>Stateless and thread-safe.
 */
final class HostileReplies {

    /** The payload length a {@code HOSTILE_OVERSIZED_LENGTH} header announces: one byte over the cap. */
    static final int OVERSIZED_LENGTH = FrameHeader.MAX_PAYLOAD + 1;

    private HostileReplies() {
    }

    /** A valid frame of {@code message} whose checksum is wrong. */
    static byte[] badChecksum(BitcoinMessage message, int magic) {
        byte[] frame = Frame.of(message).encode(magic);
        frame[20] ^= (byte) 0x5a; // the checksum is bytes 20..23 of the header
        return frame;
    }

    /** A header of {@code command} announcing {@link #OVERSIZED_LENGTH} payload bytes, and nothing after it. */
    static byte[] oversizedHeader(String command, int magic) {
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.SIZE);
        out.putInt(magic); // big-endian: the magic bytes as sent
        CommandField.write(out, command);
        out.put((byte) OVERSIZED_LENGTH).put((byte) (OVERSIZED_LENGTH >>> 8)).put((byte) (OVERSIZED_LENGTH >>> 16))
                .put((byte) (OVERSIZED_LENGTH >>> 24));
        out.putInt(0); // checksum: never reached
        return out.array();
    }

    /** The first half of a valid frame of {@code message} (the header and half its payload). */
    static byte[] truncated(BitcoinMessage message, int magic) {
        byte[] frame = Frame.of(message).encode(magic);
        return Arrays.copyOf(frame, FrameHeader.SIZE + (frame.length - FrameHeader.SIZE) / 2);
    }

    /** A valid {@code version} frame under another network's magic (testnet3's, or mainnet's on testnet3). */
    static byte[] badMagic(VersionMessage version, int magic) {
        int other = magic == BitcoinNetworkParams.MAINNET.magic()
                ? BitcoinNetworkParams.TESTNET3.magic() : BitcoinNetworkParams.MAINNET.magic();
        return Frame.of(version).encode(other);
    }

    /**
     * A well-framed {@code addr} (its checksum right) whose count says 2 entries while its payload holds one,
     * {@code entry}: it fails to parse at entry 1.
     */
    static byte[] malformedAddr(AddrEntry entry, int magic) {
        AddrMessage one = new AddrMessage(List.of(entry));
        byte[] payload = one.toPayload(); // 01 (CompactSize 1) + the entry
        payload[0] = 2;
        return new Frame(one.command(), payload).encode(magic);
    }

    /**
     * A well-framed {@code addr} of {@code AddrMessage.MAX_ENTRIES + 1} copies of {@code entry}: the codec cannot
     * build one, so a 1000-entry payload gets its count raised to 1001 and one more entry appended.
     */
    static byte[] addrCountOverCap(AddrEntry entry, int magic) {
        AddrMessage cap = new AddrMessage(Collections.nCopies(AddrMessage.MAX_ENTRIES, entry));
        byte[] full = cap.toPayload();
        // full = fd e8 03 (CompactSize 1000) + 1000 entries
        byte[] payload = Arrays.copyOf(full, full.length + AddrEntry.SIZE);
        int count = AddrMessage.MAX_ENTRIES + 1;
        payload[1] = (byte) count;
        payload[2] = (byte) (count >>> 8);
        System.arraycopy(full, 3, payload, full.length, AddrEntry.SIZE);
        return new Frame(cap.command(), payload).encode(magic);
    }
}
