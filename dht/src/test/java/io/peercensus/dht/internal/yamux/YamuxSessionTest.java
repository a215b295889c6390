package io.peercensus.dht.internal.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.Loopback;
import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.net.Deadline;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
    private static final Deadline LONG = Deadline.after(Duration.ofSeconds(60));
    static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "yamux-test-reader");
        t.setDaemon(true);
        return t;
    };

    static YamuxSession session(Socket socket, boolean client, boolean acceptInbound) throws IOException {
        return session(new SocketInput(socket), socket, client, acceptInbound);
    }

    static YamuxSession session(TimedInputStream in, Socket socket, boolean client, boolean acceptInbound) throws IOException {
        return new YamuxSession(in, socket.getOutputStream(), socket, client, acceptInbound, Duration.ofSeconds(60)).start(DAEMONS);
    }

    /** The far side of a session, speaking raw frames. */
    static final class RawPeer {
        private final DataInputStream in;
        private final OutputStream out;

        RawPeer(Socket socket) throws IOException {
            socket.setSoTimeout(20_000);
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        YamuxHeader read() throws IOException {
            byte[] head = new byte[YamuxHeader.LENGTH];
            in.readFully(head);
            return YamuxHeader.read(ByteBuffer.wrap(head));
        }

        void readPayload(int length) throws IOException {
            in.readFully(new byte[length]);
        }

        void send(FrameType type, int flags, long stream, long length) throws IOException {
            out.write(new YamuxHeader(type, flags, stream, length).encode());
            out.flush();
        }
    }

    @Test
    void manyParallelStreamsEchoMoreThanAWindow() throws Exception {
        parallelEcho(16, 600_000, false); // more than two windows each way
    }

    @Test
    void readsFramesArrivingOneByteAtATime() throws Exception {
        parallelEcho(2, 300_000, true);
    }

    private static void parallelEcho(int streams, int size, boolean fragmented) throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            TimedInputStream serverInput = new SocketInput(pair.server);
            YamuxSession server = session(fragmented ? Loopback.oneByteAtATime(serverInput) : serverInput, pair.server, false, true);
            for (int i = 0; i < streams; i++) {
                pair.run(() -> echo(server.acceptStream(LONG)));
            }
            List<Future<byte[]>> results = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                byte[] data = new byte[size];
                new Random(i).nextBytes(data);
                sent.add(data);
                YamuxStream stream = client.openStream();
                assertThat(stream.id()).isEqualTo(2L * i + 1);
                stream.await("echo", LONG);
                pair.run(() -> {
                    stream.output().write(data);
                    stream.close();
                    return null;
                });
                results.add(pair.run(() -> stream.input().readAllBytes()));
            }
            for (int i = 0; i < streams; i++) {
                assertThat(results.get(i).get()).isEqualTo(sent.get(i));
            }
            client.close();
            server.close();
        }
    }

    private static Void echo(YamuxStream stream) throws IOException {
        stream.await("echo input", LONG);
        byte[] chunk = new byte[10_000];
        for (int n; (n = stream.input().read(chunk, 0, chunk.length)) >= 0; ) {
            stream.output().write(chunk, 0, n);
        }
        stream.close();
        return null;
    }

    @Test
    void halfCloseLetsTheOtherSideStillAnswer() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            YamuxSession server = session(pair.server, false, true);
            YamuxStream out = client.openStream();
            out.await("reply", LONG);
            out.output().write("question".getBytes());
            out.close();
            YamuxStream in = server.acceptStream(LONG);
            assertThat(in.id()).isEqualTo(1);
            in.await("question", LONG);
            assertThat(new String(in.input().readAllBytes())).isEqualTo("question");
            in.output().write("answer".getBytes());
            in.close();
            assertThat(new String(out.input().readAllBytes())).isEqualTo("answer");
            assertThatThrownBy(() -> out.output().write(1)).isInstanceOf(IOException.class).hasMessage("yamux: stream 1 is closed for writing");
        }
    }

    @Test
    void aLazilyOpenedStreamAnnouncesItselfWithItsFirstFrame() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream first = client.openStreamLazily();
            YamuxStream second = client.openStreamLazily();
            first.await("nothing", LONG);
            second.await("nothing", LONG);
            second.output().write(new byte[] {1, 2});
            second.output().write(new byte[] {3});
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.DATA, YamuxHeader.SYN, 3, 2));
            peer.readPayload(2);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.DATA, 0, 3, 1));
            peer.readPayload(1);
            first.close();
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.SYN | YamuxHeader.FIN, 1, 0));
        }
    }

    @Test
    void writeAndCloseSendsOpeningRequestAndHalfCloseInOneFrame() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            YamuxSession server = session(pair.server, false, true);
            YamuxStream stream = client.openStreamLazily();
            stream.await("answer", LONG);
            stream.writeAndClose("question".getBytes());
            assertThatThrownBy(() -> stream.output().write(1)).isInstanceOf(IOException.class).hasMessage("yamux: stream 1 is closed for writing");
            YamuxStream in = server.acceptStream(LONG);
            in.await("question", LONG);
            assertThat(new String(in.input().readAllBytes())).isEqualTo("question");
            in.output().write("answer".getBytes());
            in.close();
            assertThat(new String(stream.input().readAllBytes())).isEqualTo("answer");
        }
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStreamLazily();
            stream.await("window", LONG);
            stream.writeAndClose(new byte[] {9, 8, 7});
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.DATA, YamuxHeader.SYN | YamuxHeader.FIN, 1, 3));
        }
    }

    @Test
    void awaitAvailableWaitsForTheBytesAskedOrTheEnd() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            peer.read(); // SYN
            stream.await("five bytes", LONG);
            Future<Integer> waiting = pair.run(() -> {
                stream.input().awaitAvailable(5);
                return stream.input().available();
            });
            peer.send(FrameType.DATA, YamuxHeader.ACK, 1, 2);
            pair.server.getOutputStream().write(new byte[] {1, 2});
            peer.send(FrameType.DATA, 0, 1, 3);
            pair.server.getOutputStream().write(new byte[] {3, 4, 5});
            assertThat(waiting.get()).isEqualTo(5);
            assertThat(stream.input().readNBytes(5)).containsExactly(1, 2, 3, 4, 5);
            peer.send(FrameType.DATA, YamuxHeader.FIN, 1, 1);
            pair.server.getOutputStream().write(new byte[] {6});
            stream.input().awaitAvailable(5); // the peer's FIN ends the wait
            assertThat(stream.input().available()).isEqualTo(1);
            stream.await("more", Deadline.after(Duration.ofMillis(100)));
            assertThat(stream.input().read()).isEqualTo(6);
            assertThat(stream.input().read()).isEqualTo(-1);
        }
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            YamuxStream stream = client.openStream();
            stream.await("five bytes", Deadline.after(Duration.ofMillis(100)));
            assertThatThrownBy(() -> stream.input().awaitAvailable(5)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageStartingWith("no five bytes within");
        }
    }

    @Test
    void aLazilyOpenedStreamResetBeforeItsFirstFrameSendsNothing() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            client.openStreamLazily().reset();
            YamuxStream next = client.openStream();
            assertThat(next.id()).isEqualTo(3);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.SYN, 3, 0));
        }
    }

    @Test
    void whatThePeerSentBeforeItsResetStaysReadable() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            peer.read(); // SYN
            peer.send(FrameType.DATA, YamuxHeader.ACK, 1, 2);
            pair.server.getOutputStream().write(new byte[] {'n', 'a'});
            peer.send(FrameType.WINDOW_UPDATE, YamuxHeader.RST, 1, 0);
            peer.send(FrameType.PING, YamuxHeader.SYN, 0, 5);
            assertThat(peer.read().type()).as("the reader has handled the reset").isEqualTo(FrameType.PING);
            stream.await("data", LONG);
            assertThat(stream.input().read()).isEqualTo('n');
            assertThat(stream.input().read()).isEqualTo('a');
            assertThatThrownBy(() -> stream.input().read())
                    .isInstanceOf(TransportException.class).hasMessage("yamux: stream 1 reset by peer");
            assertThatThrownBy(() -> stream.output().write(1)).isInstanceOf(TransportException.class);
        }
    }

    @Test
    void theSessionsEndWakesAnAcceptingThread() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession server = session(pair.server, false, true);
            Future<YamuxStream> accepting = pair.run(() -> server.acceptStream(LONG));
            Future<YamuxStream> second = pair.run(() -> server.acceptStream(LONG));
            pair.client.close();
            for (Future<YamuxStream> waiter : List.of(accepting, second)) {
                assertThatThrownBy(() -> waiter.get(20, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class).cause()
                        .isInstanceOf(TransportException.class).hasMessage("yamux: connection closed by peer");
            }
            assertThatThrownBy(() -> server.acceptStream(LONG)).isInstanceOf(TransportException.class);
        }
    }

    @Test
    void resetByPeerFailsReads() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            YamuxSession server = session(pair.server, false, true);
            YamuxStream stream = client.openStream();
            server.acceptStream(LONG).reset();
            stream.await("data", LONG);
            assertThatThrownBy(() -> stream.input().read())
                    .isInstanceOf(TransportException.class).hasMessage("yamux: stream 1 reset by peer")
                    .extracting(e -> ((TransportException) e).errorClass()).isEqualTo(ErrorClass.RESET);
            YamuxStream next = client.openStream();
            assertThat(next.id()).as("the session survives a stream reset").isEqualTo(3);
        }
    }

    @Test
    void peerClosingTheConnectionResetsWaitingStreams() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            peer.read(); // the SYN: nothing unread, so closing sends FIN rather than RST
            stream.await("data", LONG);
            pair.server.close();
            assertThatThrownBy(() -> stream.input().read())
                    .isInstanceOf(TransportException.class).hasMessage("yamux: connection closed by peer")
                    .extracting(e -> ((TransportException) e).errorClass()).isEqualTo(ErrorClass.RESET);
        }
    }

    @Test
    void streamReadTimesOutAtItsDeadline() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            session(pair.server, false, true);
            YamuxStream stream = client.openStream();
            stream.await("FIND_NODE reply", Deadline.after(Duration.ofMillis(100)));
            assertThatThrownBy(() -> stream.input().read())
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no FIND_NODE reply within");
        }
    }

    @Test
    void dataFrameOverTheFrameCapFailsTheSessionBeforeAllocating() throws Exception {
        assertOversizedFrameFails(2_000_000, "yamux: frame length 2000000 exceeds 1048576");
    }

    @Test
    void dataFrameOverTheWindowFailsTheSession() throws Exception {
        assertOversizedFrameFails(300_000, "yamux: frame length 300000 exceeds 262144");
    }

    private static void assertOversizedFrameFails(long length, String message) throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0));
            peer.send(FrameType.DATA, YamuxHeader.ACK, 1, length); // header only: the payload is never sent
            stream.await("data", LONG);
            assertThatThrownBy(() -> stream.input().read())
                    .isInstanceOf(TransportException.class).hasMessage(message)
                    .extracting(e -> ((TransportException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_PROTOCOL_ERROR));
            assertThat(client.failure()).get().extracting(TransportException::getMessage).isEqualTo(message);
            assertThatThrownBy(client::openStream).isInstanceOf(TransportException.class).hasMessage(message);
        }
    }

    @Test
    void answersPingsAndResetsUnwantedInboundStreams() throws Exception {
        try (Loopback pair = new Loopback()) {
            session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            peer.send(FrameType.PING, YamuxHeader.SYN, 0, 0xdeadbeefL);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.PING, YamuxHeader.ACK, 0, 0xdeadbeefL));
            peer.send(FrameType.WINDOW_UPDATE, YamuxHeader.SYN, 2, 0); // e.g. js-libp2p's identify push
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.RST, 2, 0));
            peer.send(FrameType.DATA, YamuxHeader.SYN, 4, 3);
            pair.server.getOutputStream().write(new byte[] {1, 2, 3});
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.RST, 4, 0));
            peer.send(FrameType.PING, YamuxHeader.SYN, 0, 7); // the dropped data did not desynchronise the reader
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.PING, YamuxHeader.ACK, 0, 7));
        }
    }

    @Test
    void rejectsInboundStreamWithOurParity() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            peer.send(FrameType.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_PROTOCOL_ERROR));
            assertThat(client.failure()).get().extracting(TransportException::getMessage)
                    .isEqualTo("yamux: peer opened stream 1 with our parity");
        }
    }

    @Test
    void goAwayStopsNewStreams() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            peer.send(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_NORMAL);
            peer.send(FrameType.PING, YamuxHeader.SYN, 0, 1);
            assertThat(peer.read().type()).isEqualTo(FrameType.PING); // the go-away was read before the ping
            assertThatThrownBy(client::openStream).isInstanceOf(TransportException.class)
                    .hasMessage("yamux: peer sent go-away, no new streams");
        }
    }

    @Test
    void sendsWindowUpdatesAsDataIsConsumed() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            peer.read(); // SYN
            byte[] window = new byte[YamuxSession.INITIAL_WINDOW];
            peer.send(FrameType.DATA, YamuxHeader.ACK, 1, window.length);
            pair.server.getOutputStream().write(window);
            stream.await("data", LONG);
            byte[] half = stream.input().readNBytes(YamuxSession.INITIAL_WINDOW / 2);
            assertThat(half).hasSize(YamuxSession.INITIAL_WINDOW / 2);
            assertThat(peer.read()).isEqualTo(new YamuxHeader(FrameType.WINDOW_UPDATE, 0, 1, YamuxSession.INITIAL_WINDOW / 2));
        }
    }

    @Test
    void writesWaitForTheSendWindow() throws Exception {
        try (Loopback pair = new Loopback()) {
            YamuxSession client = session(pair.client, true, false);
            RawPeer peer = new RawPeer(pair.server);
            YamuxStream stream = client.openStream();
            peer.read(); // SYN
            stream.await("window", Deadline.after(Duration.ofMillis(300)));
            assertThatThrownBy(() -> stream.output().write(new byte[YamuxSession.INITIAL_WINDOW + 1]))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no window within");
            long received = 0;
            while (received < YamuxSession.INITIAL_WINDOW) {
                YamuxHeader h = peer.read();
                assertThat(h.type()).isEqualTo(FrameType.DATA);
                assertThat(h.length()).isLessThanOrEqualTo(YamuxSession.MAX_SEND_CHUNK);
                new DataInputStream(pair.server.getInputStream()).readFully(new byte[(int) h.length()]);
                received += h.length();
            }
            assertThat(received).isEqualTo(YamuxSession.INITIAL_WINDOW);
        }
    }
}
