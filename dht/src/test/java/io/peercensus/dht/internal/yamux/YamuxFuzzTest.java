package io.peercensus.dht.internal.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.dht.internal.transport.BytesInput;
import io.peercensus.dht.internal.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * Coverage-guided fuzz test of yamux frames (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays the seed
 * corpus under {@code YamuxFuzzTestInputs/}.
 */
class YamuxFuzzTest {

    /**
     * A peer's bytes go to a session's reader, run on this thread until the input ends. The session must end with a
     * {@link TransportException} of its own making (the end of input, or a frame that breaks yamux), never one
     * wrapping an unexpected exception; every frame it wrote in answer must read back as a header; and each 12-byte
     * header it could read must write back to the same bytes.
     */
    @FuzzTest(maxDuration = "10m")
    void yamuxSessionReadsOrFails(byte[] wire) throws TransportException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        YamuxSession session = new YamuxSession(new BytesInput(wire), sent, () -> { }, true, true, Duration.ofMinutes(1));
        session.startOn(Runnable::run);
        TransportException end = session.failure().orElseThrow(() -> new AssertionError("the session outlived its input"));
        assertThat(end.getMessage()).doesNotStartWith("yamux: reader failed");
        session.close();

        ByteBuffer answers = ByteBuffer.wrap(sent.toByteArray());
        while (answers.hasRemaining()) {
            YamuxHeader header = YamuxHeader.read(answers);
            assertThat(header.type()).isNotEqualTo(FrameType.DATA);
        }

        ByteBuffer headers = ByteBuffer.wrap(wire);
        while (headers.remaining() >= YamuxHeader.LENGTH) {
            int start = headers.position();
            YamuxHeader header;
            try {
                header = YamuxHeader.read(headers);
            } catch (TransportException e) {
                headers.position(start + YamuxHeader.LENGTH);
                continue;
            }
            assertThat(header.encode()).isEqualTo(Arrays.copyOfRange(wire, start, start + YamuxHeader.LENGTH));
        }
    }
}
