package io.peercensus.dht.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.transport.Loopback;
import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MultistreamTest {
    private static final Deadline LONG = Deadline.after(Duration.ofSeconds(20));

    @Test
    void encodesLengthTextAndNewline() {
        // 0x13 = 19 = "/multistream/1.0.0".length() + 1, as in the multistream-select spec's examples
        assertThat(HexFormat.of().formatHex(Multistream.encode("/multistream/1.0.0")))
                .isEqualTo("13" + HexFormat.of().formatHex("/multistream/1.0.0\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Multistream.encode("na")).containsExactly(3, 'n', 'a', '\n');
    }

    @Test
    void readsWhatItWrites() throws Exception {
        for (String text : List.of("na", "/ipfs/kad/1.0.0", "/ünïcode/1", "x".repeat(1023))) {
            assertThat(Multistream.readMessage(Loopback.bytes(Multistream.encode(text)))).isEqualTo(text);
        }
    }

    @Test
    void twoByteLengthsWork() throws Exception {
        String text = "p".repeat(200);
        byte[] wire = Multistream.encode(text);
        assertThat(wire[0] & 0xff).isEqualTo(0x80 | (201 & 0x7f));
        assertThat(Multistream.readMessage(Loopback.bytes(wire))).isEqualTo(text);
    }

    @Test
    void rejectsOversizedMessageBeforeReadingIt() {
        byte[] wire = {(byte) 0x81, 0x08}; // 1025, and no body at all
        assertThatThrownBy(() -> Multistream.readMessage(Loopback.bytes(wire)))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: message of 1025 bytes exceeds 1024")
                .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        assertThatThrownBy(() -> Multistream.encode("x".repeat(1024)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multistream: message of 1025 bytes exceeds 1024");
    }

    @Test
    void rejectsMissingNewlineEmptyMessageBadUtf8AndBadVarint() {
        assertProtocolError(new byte[] {2, 'n', 'a'}, "multistream: message does not end in a newline");
        assertProtocolError(new byte[] {0}, "multistream: empty message, expected text ending in a newline");
        assertProtocolError(new byte[] {2, (byte) 0xff, '\n'}, "multistream: message is not valid UTF-8");
        assertProtocolError(new byte[] {(byte) 0x83, 0x00}, "multistream: bad length prefix (varint: not minimally encoded)");
    }

    @Test
    void truncatedMessageIsAnEof() {
        assertThatThrownBy(() -> Multistream.readMessage(Loopback.bytes(new byte[] {5, 'a', 'b'})))
                .isInstanceOf(java.io.EOFException.class).hasMessage("multistream message: stream ended after 2 of 5 bytes");
    }

    private static void assertProtocolError(byte[] wire, String message) {
        assertThatThrownBy(() -> Multistream.readMessage(Loopback.bytes(wire)))
                .isInstanceOf(ProbeException.class).hasMessage(message);
    }

    @Test
    void aLazyProposalIsTheHeaderAndTheProposalThatAResponderAnswersBeforeTheData() throws Exception {
        byte[] proposal = Multistream.lazyProposal("/ipfs/kad/1.0.0");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(Multistream.encode(Multistream.PROTOCOL_ID));
        expected.writeBytes(Multistream.encode("/ipfs/kad/1.0.0"));
        assertThat(proposal).isEqualTo(expected.toByteArray());
        try (Loopback pair = new Loopback()) {
            Future<String> responder = pair.run(() -> {
                TimedInputStream in = new SocketInput(pair.server);
                String agreed = Multistream.handle(in, pair.server.getOutputStream(), Set.of("/ipfs/kad/1.0.0"), LONG);
                in.await("request", LONG);
                return agreed + " " + new String(in.readExactly(7, "request"), StandardCharsets.UTF_8);
            });
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(proposal);
            first.writeBytes("request".getBytes(StandardCharsets.UTF_8));
            pair.client.getOutputStream().write(first.toByteArray());
            assertThat(Multistream.readLazyReply(new SocketInput(pair.client), "/ipfs/kad/1.0.0", LONG)).isTrue();
            assertThat(responder.get()).isEqualTo("/ipfs/kad/1.0.0 request");
        }
    }

    @Test
    void aRefusedLazyProposalReadsAsRefusedAndAnyOtherReplyIsAProtocolError() throws Exception {
        ByteArrayOutputStream na = new ByteArrayOutputStream();
        na.writeBytes(Multistream.encode(Multistream.PROTOCOL_ID));
        na.writeBytes(Multistream.encode(Multistream.NA));
        assertThat(Multistream.readLazyReply(Loopback.bytes(na.toByteArray()), "/ipfs/kad/1.0.0", LONG)).isFalse();
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        other.writeBytes(Multistream.encode(Multistream.PROTOCOL_ID));
        other.writeBytes(Multistream.encode("/other/1.0.0"));
        assertThatThrownBy(() -> Multistream.readLazyReply(Loopback.bytes(other.toByteArray()), "/ipfs/kad/1.0.0", LONG))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: expected /ipfs/kad/1.0.0 or na, got '/other/1.0.0'");
        assertThatThrownBy(() -> Multistream.readLazyReply(Loopback.bytes(Multistream.encode("/yamux/1.0.0")), "/ipfs/kad/1.0.0", LONG))
                .isInstanceOf(ProbeException.class).hasMessageStartingWith("multistream: expected header /multistream/1.0.0");
    }

    @Test
    void initiatorFallsBackAfterNa() throws Exception {
        try (Loopback pair = new Loopback()) {
            Future<String> responder = pair.run(() -> Multistream.handle(new SocketInput(pair.server), pair.server.getOutputStream(),
                    Set.of("/b/1", "/c/1"), LONG));
            Optional<String> agreed = Multistream.select(new SocketInput(pair.client), pair.client.getOutputStream(),
                    List.of("/a/1", "/b/1", "/c/1"), LONG);
            assertThat(agreed).contains("/b/1");
            assertThat(responder.get()).isEqualTo("/b/1");
        }
    }

    @Test
    void negotiatesWithInputArrivingOneByteAtATime() throws Exception {
        try (Loopback pair = new Loopback()) {
            Future<String> responder = pair.run(() -> Multistream.handle(Loopback.oneByteAtATime(new SocketInput(pair.server)),
                    pair.server.getOutputStream(), Set.of("/ipfs/kad/1.0.0"), LONG));
            Optional<String> agreed = Multistream.select(Loopback.oneByteAtATime(new SocketInput(pair.client)),
                    pair.client.getOutputStream(), List.of("/ipfs/kad/2.0.0", "/ipfs/kad/1.0.0"), LONG);
            assertThat(agreed).contains("/ipfs/kad/1.0.0");
            assertThat(responder.get()).isEqualTo("/ipfs/kad/1.0.0");
        }
    }

    @Test
    void initiatorReportsWhenEverythingIsRefused() throws Exception {
        byte[] replies = concat(Multistream.encode(Multistream.PROTOCOL_ID), Multistream.encode("na"), Multistream.encode("na"));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        assertThat(Multistream.select(Loopback.bytes(replies), sent, List.of("/a", "/b"), LONG)).isEmpty();
        assertThat(sent.toByteArray()).isEqualTo(concat(Multistream.encode(Multistream.PROTOCOL_ID), Multistream.encode("/a"),
                Multistream.encode("/b")));
    }

    @Test
    void rejectsWrongHeaderAndUnexpectedReply() {
        byte[] wrongHeader = Multistream.encode("/multistream/2.0.0");
        assertThatThrownBy(() -> Multistream.select(Loopback.bytes(wrongHeader), new ByteArrayOutputStream(), List.of("/a"), LONG))
                .isInstanceOf(ProbeException.class)
                .hasMessage("multistream: expected header /multistream/1.0.0, got '/multistream/2.0.0'");
        byte[] oddReply = concat(Multistream.encode(Multistream.PROTOCOL_ID), Multistream.encode("/b"));
        assertThatThrownBy(() -> Multistream.select(Loopback.bytes(oddReply), new ByteArrayOutputStream(), List.of("/a"), LONG))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: expected /a or na, got '/b'");
    }

    @Test
    void responderAnswersNaAndGivesUpAfterTooManyProposals() {
        ByteArrayOutputStream proposals = new ByteArrayOutputStream();
        proposals.writeBytes(Multistream.encode(Multistream.PROTOCOL_ID));
        for (int i = 0; i <= Multistream.MAX_PROPOSALS; i++) {
            proposals.writeBytes(Multistream.encode("ls"));
        }
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Multistream.handle(Loopback.bytes(proposals.toByteArray()), answers, Set.of("/x"), LONG))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: more than 64 proposals refused");
        byte[] na = Multistream.encode("na");
        assertThat(answers.size()).isEqualTo(Multistream.encode(Multistream.PROTOCOL_ID).length + 64 * na.length);
    }

    @Test
    void silentPeerTimesOutAtTheDeadline() throws Exception {
        try (Loopback pair = new Loopback()) {
            TimedInputStream in = new SocketInput(pair.client);
            assertThatThrownBy(() -> Multistream.select(in, pair.client.getOutputStream(), List.of("/noise"),
                    Deadline.after(Duration.ofMillis(150))))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no multistream header within");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }


    @Test
    void aLazyReplyReadInPiecesAgreesRefusesOrFails() throws ProbeException {
        byte[] agreed = Multistream.lazyProposal("/ipfs/id/1.0.0"); // the responder's echo has the same bytes
        for (int cut = 0; cut < agreed.length; cut++) {
            LazyReply reply = new LazyReply("/ipfs/id/1.0.0");
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(agreed, 0, cut);
            assertThat(reply.poll(in)).as("cut at %d", cut).isEqualTo(LazyReply.State.PENDING);
            in.limit(agreed.length);
            assertThat(reply.poll(in)).isEqualTo(LazyReply.State.AGREED);
            assertThat(in.hasRemaining()).isFalse();
        }
        byte[] na = Multistream.lazyProposal("na");
        assertThat(new LazyReply("/ipfs/id/1.0.0").poll(java.nio.ByteBuffer.wrap(na))).isEqualTo(LazyReply.State.REFUSED);
        assertThatThrownBy(() -> new LazyReply("/ipfs/id/1.0.0").poll(java.nio.ByteBuffer.wrap(Multistream.lazyProposal("/other"))))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: expected /ipfs/id/1.0.0 or na, got '/other'");
        assertThatThrownBy(() -> new LazyReply("/x").poll(java.nio.ByteBuffer.wrap(Multistream.encode("/multistream/2.0.0"))))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: expected header /multistream/1.0.0, got '/multistream/2.0.0'");
        assertThatThrownBy(() -> Multistream.poll(java.nio.ByteBuffer.wrap(new byte[] {1, 'x'})))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: message does not end in a newline");
        assertThatThrownBy(() -> Multistream.poll(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x08})))
                .isInstanceOf(ProbeException.class).hasMessage("multistream: message of 1025 bytes exceeds the limit of 1024");
    }
}
