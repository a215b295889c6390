package io.peercensus.dht.internal.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.dht.multiformats.MultiformatException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzz test of unsigned varints (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays the seed
 * corpus under {@code UnsignedVarintFuzzTestInputs/}.
 */
class UnsignedVarintFuzzTest {

    /**
     * Reads varints one after another from a buffer and from a stream over the same bytes: both must agree value by
     * value and fail at the same varint, the buffer with {@link MultiformatException}, the stream with that or
     * {@link EOFException} where the buffer says truncated; each value must encode to exactly the bytes it was read
     * from.
     */
    @FuzzTest(maxDuration = "10m")
    void varintsReadTheSameFromBuffersAndStreams(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        while (buffer.hasRemaining()) {
            int start = buffer.position();
            long value;
            try {
                value = UnsignedVarint.read(buffer);
            } catch (MultiformatException e) {
                if (e.getMessage().startsWith("varint: truncated")) {
                    try {
                        UnsignedVarint.read(stream);
                        throw new AssertionError("the stream read a varint the buffer found truncated");
                    } catch (EOFException expected) {
                        return;
                    }
                }
                try {
                    UnsignedVarint.read(stream);
                    throw new AssertionError("the stream read a varint the buffer refused: " + e.getMessage());
                } catch (MultiformatException expected) {
                    assertThat(expected).hasMessage(e.getMessage());
                    return;
                }
            }
            assertThat(value).isNotNegative();
            assertThat(UnsignedVarint.read(stream)).isEqualTo(value);
            byte[] read = Arrays.copyOfRange(bytes, start, buffer.position());
            assertThat(UnsignedVarint.encode(value)).isEqualTo(read);
            assertThat(UnsignedVarint.size(value)).isEqualTo(read.length);
        }
        assertThat(stream.available()).isZero();
    }
}
