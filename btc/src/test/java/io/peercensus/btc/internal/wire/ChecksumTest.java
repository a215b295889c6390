package io.peercensus.btc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void theEmptyPayloadHasBitcoinsWellKnownChecksum() {
        assertThat(Checksum.of(new byte[0])).isEqualTo(0x5df6e0e2);
        assertThat(new Checksum.Digest().of(ByteBuffer.allocate(0))).isEqualTo(0x5df6e0e2);
    }

    @Test
    void aReusedDigestChecksumsOnlyTheRemainingBytesOfAnyBufferAndLeavesItsPosition() {
        byte[] message = "hello, bitcoin".getBytes(StandardCharsets.US_ASCII);
        int expected = Checksum.of(message);
        byte[] padded = new byte[message.length + 7];
        System.arraycopy(message, 0, padded, 5, message.length);
        Checksum.Digest digest = new Checksum.Digest();

        ByteBuffer slice = ByteBuffer.wrap(padded).position(3).slice(); // array offset 3
        slice.position(2).limit(2 + message.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(message.length).put(message).flip();
        ByteBuffer readOnly = ByteBuffer.wrap(message).asReadOnlyBuffer();
        for (ByteBuffer b : new ByteBuffer[] {slice, direct, readOnly, slice}) {
            int position = b.position();
            assertThat(digest.of(b)).as(b.toString()).isEqualTo(expected);
            assertThat(b.position()).isEqualTo(position);
        }
        assertThat(digest.of(ByteBuffer.allocate(0))).as("nothing left over from before").isEqualTo(0x5df6e0e2);
    }
}
