package io.peercensus.btc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.VerackMessage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAIN = BitcoinNetworkParams.MAINNET.magic();

    /** A header with the given fields, checksum as given (bytes as sent). */
    private static byte[] header(String magicHex, String command, long length, String checksumHex) {
        ByteBuffer b = ByteBuffer.allocate(FrameHeader.SIZE);
        b.put(HEX.parseHex(magicHex));
        byte[] cmd = new byte[12];
        byte[] ascii = command.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(ascii, 0, cmd, 0, ascii.length);
        b.put(cmd);
        b.put((byte) length).put((byte) (length >>> 8)).put((byte) (length >>> 16)).put((byte) (length >>> 24));
        b.put(HEX.parseHex(checksumHex));
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** An input stream that hands out at most one byte per read call. */
    private static InputStream trickle(byte[] data) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
    }

    @Test
    void encodesVerackOnMainnetAsTheKnownBytes() {
        // Empty payload: checksum is SHA-256d("") = 5df6e0e2...
        assertThat(HEX.formatHex(Frame.of(VerackMessage.INSTANCE).encode(MAIN)))
                .isEqualTo("f9beb4d9" + "76657261636b000000000000" + "00000000" + "5df6e0e2");
    }

    @Test
    void readsWhatItWrites() throws Exception {
        Frame ping = Frame.of(PingMessage.of(0x0102030405060708L));
        byte[] wire = ping.encode(MAIN);
        assertThat(new FrameReader(new ByteArrayInputStream(wire), MAIN).read()).isEqualTo(ping);
        assertThat(ping.decode()).isEqualTo(PingMessage.of(0x0102030405060708L));
    }

    @Test
    void rejectsBadMagic() {
        byte[] wire = Frame.of(VerackMessage.INSTANCE).encode(BitcoinNetworkParams.TESTNET3.magic());
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("bad magic 0x0b110907, expected 0xf9beb4d9");
    }

    @Test
    void rejectsOversizedLengthBeforeReadingThePayload() {
        // Only the header is there: the length must be refused from the header alone, not as a truncated payload.
        byte[] wire = header("f9beb4d9", "block", 4_000_001, "00000000");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("payload length 4000001 exceeds 4000000");
        assertThatThrownBy(() -> new FrameDecoder(MAIN).poll(ByteBuffer.wrap(wire)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("payload length 4000001 exceeds 4000000");
    }

    @Test
    void rejectsLengthAboveTwoToTheThirtyOneAsUnsigned() {
        byte[] wire = header("f9beb4d9", "block", 0xffff_ffffL, "00000000");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAIN).read())
                .hasMessage("payload length 4294967295 exceeds 4000000");
    }

    @Test
    void acceptsPayloadOfExactlyTheCap() throws Exception {
        byte[] payload = new byte[FrameHeader.MAX_PAYLOAD];
        new Random(7).nextBytes(payload);
        byte[] wire = new Frame("block", payload).encode(MAIN);
        Frame read = new FrameReader(new ByteArrayInputStream(wire), MAIN).read();
        assertThat(read.length()).isEqualTo(4_000_000);
        assertThat(read.payload()).isEqualTo(payload);
    }

    @Test
    void rejectsBadChecksum() {
        byte[] payload = new byte[] {1, 2, 3};
        int right = Checksum.of(payload);
        byte[] wire = concat(header("f9beb4d9", "version", 3, "1a2b3c4d"), payload);
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage(String.format("checksum mismatch for 'version': header 1a2b3c4d, payload %08x", right));
    }

    @Test
    void rejectsNonNulAfterTheTerminatingNul() {
        byte[] wire = header("f9beb4d9", "ping\0\0x", 0, "5df6e0e2");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("command byte 6 is 0x78 after the terminating NUL at byte 4");
    }

    @Test
    void rejectsNonPrintableCommandBytes() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header("f9beb4d9", "pi\u0007g", 0, "5df6e0e2")), MAIN).read())
                .hasMessage("command byte 2 is not printable ASCII: 0x07");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header("f9beb4d9", "ping\u00e9", 0, "5df6e0e2")), MAIN).read())
                .hasMessage("command byte 4 is not printable ASCII: 0xe9");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header("f9beb4d9", "", 0, "5df6e0e2")), MAIN).read())
                .hasMessage("command is empty");
    }

    @Test
    void acceptsTwelveCharacterCommandWithoutNul() throws Exception {
        Frame f = new Frame("abcdefghijkl", new byte[] {9});
        assertThat(new FrameReader(new ByteArrayInputStream(f.encode(MAIN)), MAIN).read()).isEqualTo(f);
    }

    @Test
    void reportsCleanEndOfStreamBetweenFramesAsEof() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(new byte[0]), MAIN).read())
                .isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void rejectsStreamEndingInsideHeaderOrPayload() {
        byte[] wire = Frame.of(PingMessage.of(42)).encode(MAIN);
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire, 0, 10), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("stream ended inside a frame header: got 10 of 24 bytes");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire, 0, 27), MAIN).read())
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("stream ended inside the payload of 'ping': got 3 of 8 bytes");
    }

    @Test
    void readsFramesDeliveredOneByteAtATime() throws Exception {
        Frame a = Frame.of(PingMessage.of(1));
        Frame b = new Frame("wtxidrelay", new byte[0]);
        Frame c = new Frame("inv", HEX.parseHex("0101000000" + "00".repeat(32)));
        byte[] wire = concat(a.encode(MAIN), b.encode(MAIN), c.encode(MAIN));
        FrameReader reader = new FrameReader(new SequenceInputStream(trickle(wire), InputStream.nullInputStream()), MAIN);
        assertThat(List.of(reader.read(), reader.read(), reader.read())).containsExactly(a, b, c);
        assertThatThrownBy(reader::read).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void decoderWaitsForWholeFramesWhenFedInFragments() throws Exception {
        Random rnd = new Random(1);
        List<Frame> sent = new ArrayList<>();
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < 20; i++) {
            byte[] payload = new byte[rnd.nextInt(300)];
            rnd.nextBytes(payload);
            Frame f = new Frame("cmd" + i, payload);
            sent.add(f);
            all.put(f.encode(MAIN));
        }
        all.flip();
        FrameDecoder decoder = new FrameDecoder(MAIN);
        ByteBuffer acc = ByteBuffer.allocate(64 * 1024);
        List<Frame> got = new ArrayList<>();
        while (all.hasRemaining()) {
            int n = Math.min(all.remaining(), 1 + rnd.nextInt(40));
            byte[] chunk = new byte[n];
            all.get(chunk);
            acc.put(chunk);
            acc.flip();
            for (Frame f = decoder.poll(acc); f != null; f = decoder.poll(acc)) {
                got.add(f);
            }
            acc.compact();
        }
        assertThat(got).containsExactlyElementsOf(sent);
        assertThat(acc.position()).as("nothing left over").isZero();
    }

    @Test
    void decoderLeavesPositionUntouchedWhileIncompleteAndRejectsBadHeaderEarly() throws Exception {
        byte[] wire = Frame.of(PingMessage.of(5)).encode(MAIN);
        ByteBuffer partial = ByteBuffer.wrap(wire, 0, 30);
        assertThat(new FrameDecoder(MAIN).poll(partial)).isNull();
        assertThat(partial.position()).isZero();
        // A bad magic is reported from the header alone, before the payload arrives.
        ByteBuffer headerOnly = ByteBuffer.wrap(wire, 0, 24);
        assertThatThrownBy(() -> new FrameDecoder(BitcoinNetworkParams.REGTEST.magic()).poll(headerOnly))
                .hasMessage("bad magic 0xf9beb4d9, expected 0xfabfb5da");
    }

    @Test
    void inPlaceFramesViewThePayloadWithoutTakingAPartialOne() throws Exception {
        byte[] ping = Frame.of(PingMessage.of(5)).encode(MAIN);
        byte[] wire = java.util.Arrays.copyOf(ping, ping.length + 30);
        System.arraycopy(ping, 0, wire, ping.length, 30); // a whole frame, then the start of another
        ByteBuffer in = ByteBuffer.wrap(wire);
        FrameDecoder decoder = new FrameDecoder(MAIN);
        FrameDecoder.InPlace first = decoder.pollInPlace(in, new Checksum.Digest());
        assertThat(first.header().command()).isEqualTo("ping");
        assertThat(first.payload().remaining()).isEqualTo(8);
        assertThat(first.payload().getLong(0)).isEqualTo(Long.reverseBytes(5));
        assertThat(in.position()).isEqualTo(ping.length);
        assertThat(decoder.pollInPlace(in, new Checksum.Digest())).isNull();
        assertThat(in.position()).isEqualTo(ping.length);
        assertThat(decoder.peekHeader(in).length()).as("what the partial frame announced").isEqualTo(8);
        assertThat(decoder.peekHeader(ByteBuffer.wrap(wire, 0, 23))).isNull();
        assertThat(first.intact()).isTrue();
        wire[20] ^= 1;
        ByteBuffer damaged = ByteBuffer.wrap(wire);
        FrameDecoder.InPlace dropped = decoder.pollInPlace(damaged, new Checksum.Digest());
        assertThat(dropped.intact()).as("a bad checksum is reported, not thrown: the stream is still in step").isFalse();
        assertThat(damaged.position()).as("taken whole, so the next frame can be read").isEqualTo(ping.length);
        assertThatThrownBy(() -> decoder.poll(ByteBuffer.wrap(wire))).hasMessageStartingWith("checksum mismatch for 'ping'");
    }

    @Test
    void refusesToBuildUnsendableFrames() {
        assertThatThrownBy(() -> new Frame("thirteenchars", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command must be 1 to 12 characters, got 13: 'thirteenchars'");
        assertThatThrownBy(() -> new Frame("ok", new byte[FrameHeader.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload length 4000001 exceeds 4000000");
    }
}
