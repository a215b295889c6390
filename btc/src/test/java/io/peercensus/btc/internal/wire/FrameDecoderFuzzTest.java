package io.peercensus.btc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz test of the Bitcoin framing layer (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays
 * the seed corpus under {@code FrameDecoderFuzzTestInputs/}.
 */
class FrameDecoderFuzzTest {

    private static final int MAIN = BitcoinNetworkParams.MAINNET.magic();

    /**
     * Feeds bytes to {@link FrameDecoder} in fragments of a fuzzed size and to {@link FrameReader} as one stream:
     * both must cut the same frames, each frame must re-encode to exactly the bytes it was cut from, and the only
     * exception either may throw is {@link BitcoinWireException}. Every payload, checksum or not, goes to the
     * message decoders, which must decode it or throw that exception, and write back what they decoded.
     */
    @FuzzTest(maxDuration = "10m")
    void frameDecoderCutsWhatFrameReaderReads(FuzzedDataProvider data) throws IOException {
        int step = data.consumeInt(1, 64);
        byte[] wire = data.consumeRemainingAsBytes();

        List<Frame> decoded = new ArrayList<>();
        boolean decoderFailed = false;
        FrameDecoder decoder = new FrameDecoder(MAIN);
        ByteBuffer buffer = ByteBuffer.allocate(wire.length);
        int consumed = 0;
        try {
            for (int fed = 0; fed < wire.length; ) {
                int n = Math.min(step, wire.length - fed);
                buffer.put(wire, fed, n);
                fed += n;
                buffer.flip();
                for (Frame f; (f = decoder.poll(buffer)) != null; ) {
                    byte[] cut = Arrays.copyOfRange(wire, consumed, consumed + FrameHeader.SIZE + f.length());
                    assertThat(f.encode(MAIN)).isEqualTo(cut);
                    consumed += cut.length;
                    decoded.add(f);
                    decodeAndWriteBack(f.command(), ByteBuffer.wrap(f.payload()));
                }
                buffer.compact();
            }
        } catch (BitcoinWireException e) {
            decoderFailed = true;
        }

        List<Frame> read = new ArrayList<>();
        boolean readerEnded = false;
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire), MAIN);
        try {
            while (true) {
                read.add(reader.read());
            }
        } catch (EOFException e) {
            readerEnded = true;
        } catch (BitcoinWireException e) {
            // malformed or cut short: the decoder either failed too or is still waiting for the rest
        }

        assertThat(read).isEqualTo(decoded);
        assertThat(readerEnded).isEqualTo(!decoderFailed && consumed == wire.length);

        // In place, a frame whose checksum does not match is taken too: its payload must decode or be refused.
        ByteBuffer whole = ByteBuffer.wrap(wire);
        Checksum.Digest digest = new Checksum.Digest();
        try {
            for (FrameDecoder.InPlace f; (f = decoder.pollInPlace(whole, digest)) != null; ) {
                decodeAndWriteBack(f.header().command(), f.payload());
            }
        } catch (BitcoinWireException e) {
            // a bad header: the stream is out of step
        }
    }

    private static void decodeAndWriteBack(String command, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        BitcoinMessage message;
        try {
            message = BitcoinMessage.decode(command, payload);
        } catch (BitcoinWireException e) {
            return;
        }
        assertThat(message.command()).isEqualTo(command);
        assertThat(message.encodedSize()).isEqualTo(bytes.length);
        assertThat(message.toPayload()).isEqualTo(bytes);
    }
}
