package io.peercensus.dht.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.transport.BytesInput;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzz test of multistream-select (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays the
 * seed corpus under {@code MultistreamFuzzTestInputs/}.
 */
class MultistreamFuzzTest {
    private static final List<String> PROPOSALS = List.of("/yamux/1.0.0", "/ipfs/kad/1.0.0", "/ipfs/id/1.0.0");
    private static final Set<String> SUPPORTED = Set.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0");

    /**
     * What a peer sends, read four ways: message by message from a buffer fed in fuzzed fragments and from a stream
     * (which must agree), and as the initiator's and the responder's side of a negotiation. Malformed input is
     * refused with {@link ProbeException}; input that ends early with {@link EOFException}; an agreed protocol must
     * be one that was proposed or supported, and every message written must read back.
     */
    @FuzzTest(maxDuration = "10m")
    void multistreamReadsOrRefuses(FuzzedDataProvider data) throws IOException, ProbeException {
        int step = data.consumeInt(1, 32);
        byte[] wire = data.consumeRemainingAsBytes();

        List<String> polled = new ArrayList<>();
        ProbeException pollFailure = null;
        ByteBuffer buffer = ByteBuffer.allocate(wire.length);
        try {
            for (int fed = 0; fed < wire.length; ) {
                int n = Math.min(step, wire.length - fed);
                buffer.put(wire, fed, n);
                fed += n;
                buffer.flip();
                for (String m; (m = Multistream.poll(buffer)) != null; ) {
                    polled.add(m);
                }
                buffer.compact();
            }
        } catch (ProbeException e) {
            pollFailure = e;
        }

        List<String> read = new ArrayList<>();
        BytesInput stream = new BytesInput(wire);
        try {
            while (stream.available() > 0) {
                read.add(Multistream.readMessage(stream));
            }
            assertThat(pollFailure).isNull();
        } catch (ProbeException e) {
            assertThat(pollFailure).as("the stream refused what the buffer took: %s", e.getMessage()).isNotNull();
        } catch (EOFException e) {
            assertThat(pollFailure).isNull(); // the buffer is still waiting for the rest
        }
        assertThat(read).isEqualTo(polled);
        for (String m : polled) {
            if (m.indexOf('\n') < 0) {
                assertThat(Multistream.poll(ByteBuffer.wrap(Multistream.encode(m)))).isEqualTo(m);
            }
        }

        Deadline deadline = Deadline.after(Duration.ofMinutes(1));
        try {
            Optional<String> agreed = Multistream.select(new BytesInput(wire), new ByteArrayOutputStream(), PROPOSALS, deadline);
            agreed.ifPresent(p -> assertThat(PROPOSALS).contains(p));
        } catch (ProbeException | EOFException e) {
            // refused or cut short
        }
        try {
            assertThat(Multistream.readLazyReply(new BytesInput(wire), PROPOSALS.get(0), deadline)).isIn(true, false);
        } catch (ProbeException | EOFException e) {
            // refused or cut short
        }
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        try {
            assertThat(SUPPORTED).contains(Multistream.handle(new BytesInput(wire), answers, SUPPORTED, deadline));
        } catch (ProbeException | EOFException e) {
            // refused or cut short
        }
        ByteBuffer sent = ByteBuffer.wrap(answers.toByteArray());
        try {
            assertThat(Multistream.poll(sent)).isEqualTo(Multistream.PROTOCOL_ID);
            for (String m; (m = Multistream.poll(sent)) != null; ) {
                assertThat(m).satisfiesAnyOf(a -> assertThat(a).isEqualTo(Multistream.NA), a -> assertThat(SUPPORTED).contains(a));
            }
        } catch (ProbeException e) {
            throw new AssertionError("the responder wrote a message that does not read back", e);
        }
        assertThat(sent.hasRemaining()).isFalse();
    }
}
