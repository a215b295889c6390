package io.peercensus.testkit.internal.dht;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.identify.IdentifyResponder;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.Upgrader;
import io.peercensus.dht.internal.yamux.FrameType;
import io.peercensus.dht.internal.yamux.YamuxHeader;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadResponder;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;

/**
 * One accepted connection of a node, served with plain blocking I/O on a handler thread: the libp2p upgrade
 * (multistream, Noise, yamux) as responder through peercensus-dht's {@link Upgrader}, then every inbound stream
 * on a handler thread of its own: identify, the network's Kademlia protocol (FIND_NODE) and ping. Answers are
 * delayed on the timer, not on a thread. Hostile nodes run the same upgrade by its parts and then break yamux.
 *
 * <p>Not thread-safe: one conversation per connection, run once; its streams are served concurrently.
 */
final class NodeConversation implements Runnable {

    static final String PING_PROTOCOL_ID = "/ipfs/ping/1.0.0";
    private static final int PING_LENGTH = 32;
    /** How long the dialer has to complete the handshake. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a stream may wait for its next request, and an answer for send window. */
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(10);
    /** How long a connection may stay without a new stream before the node closes it. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The garbage a hostile node sends where yamux frames belong; its first byte reads as yamux version 72. */
    private static final byte[] GARBAGE = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The length of the hostile DATA frame: 16 MiB, over every yamux implementation's frame and window caps. */
    static final long OVERSIZED_FRAME_LENGTH = 16L * 1024 * 1024;

    private final ServedDhtNode node;
    private final SocketChannel channel;
    private final ServingThreads threads;
    private final SecureRandom random;
    private final Set<String> supported;
    private final Runnable done;

    NodeConversation(ServedDhtNode node, SocketChannel channel, ServingThreads threads, SecureRandom random,
                     String protocolId, Runnable done) {
        this.node = node;
        this.channel = channel;
        this.threads = threads;
        this.random = random;
        this.supported = Set.of(IdentifyMessage.PROTOCOL_ID, protocolId, PING_PROTOCOL_ID);
        this.done = done;
    }

    @Override
    public void run() {
        Socket socket = channel.socket();
        try {
            switch (node.kind) {
                case DIALABLE, SLOW, HOSTILE_WRONG_IDENTITY -> serve(socket);
                case HOSTILE_GARBAGE -> breakYamux(socket, false);
                case HOSTILE_OVERSIZED_FRAME -> breakYamux(socket, true);
                case UNDIALABLE_BLACK_HOLE, DEAD -> throw new IllegalStateException(node.kind + " never accepts");
            }
        } catch (IOException | ProbeException e) {
            // the dialer went away, broke the protocol or ran out of time: the node drops the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the network is closing
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
            done.run();
        }
    }

    private void serve(Socket socket) throws IOException, ProbeException, InterruptedException {
        if (!node.handshakeDelay.isZero()) {
            Thread.sleep(node.handshakeDelay.toMillis());
        }
        Connection connection = Upgrader.accept(socket, node.identity, Deadline.after(HANDSHAKE_TIMEOUT), random,
                threads.readers());
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        try {
            while (true) {
                Connection.InboundStream inbound = connection.acceptStream(supported, Deadline.after(IDLE_TIMEOUT));
                if (!threads.execute(() -> dispatch(inbound, remote))) {
                    inbound.stream().reset();
                    return;
                }
            }
        } finally {
            connection.close();
        }
    }

    private void dispatch(Connection.InboundStream inbound, InetSocketAddress remote) {
        YamuxStream stream = inbound.stream();
        String protocol = inbound.protocol();
        if (protocol.equals(IdentifyMessage.PROTOCOL_ID)) {
            IdentifyMessage answer = node.identify(remote);
            threads.later(node.answerDelay, () -> guarded(stream, () -> IdentifyResponder.respond(stream, answer,
                    Deadline.after(STREAM_TIMEOUT))));
        } else if (protocol.equals(PING_PROTOCOL_ID)) {
            guarded(stream, () -> ping(stream));
        } else {
            guarded(stream, () -> findNode(stream));
        }
    }

    /** Serves the next FIND_NODE request of a Kademlia stream, then (after the node's delay) the one after it. */
    private void findNode(YamuxStream stream) throws IOException, ProbeException {
        KadMessage request = KadResponder.readRequest(stream, Deadline.after(STREAM_TIMEOUT));
        if (request == null) {
            stream.close();
            return;
        }
        if (!request.type().equals(KadMessage.MessageType.FIND_NODE)) {
            stream.reset(); // the simulated nodes hold no records or providers
            return;
        }
        KadMessage response = KadMessage.findNodeResponse(request.key(), node.closest(request.key()));
        threads.later(node.answerDelay, () -> guarded(stream, () -> {
            KadResponder.reply(stream, response, Deadline.after(STREAM_TIMEOUT));
            findNode(stream);
        }));
    }

    /** Echoes 32-byte pings until the dialer half-closes. */
    private static void ping(YamuxStream stream) throws IOException {
        TimedInputStream in = stream.input();
        while (true) {
            in.await("ping", Deadline.after(STREAM_TIMEOUT));
            int first = in.read();
            if (first < 0) {
                stream.close();
                return;
            }
            byte[] rest = in.readExactly(PING_LENGTH - 1, "ping");
            OutputStream out = stream.output();
            out.write(first);
            out.write(rest);
            out.flush();
        }
    }

    /** A stream's work, which may fail as the dialer pleases. */
    private interface StreamWork {
        void run() throws IOException, ProbeException;
    }

    /** Runs {@code work}; a failure resets the stream and nothing more (the connection lives on). */
    private static void guarded(YamuxStream stream, StreamWork work) {
        try {
            work.run();
        } catch (IOException | ProbeException | RuntimeException e) {
            stream.reset();
        }
    }

    /**
     * The hostile nodes: the upgrade as {@link Upgrader#accept} runs it, then, where yamux frames belong, either
     * garbage at once or, in answer to the dialer's first frame, a DATA frame of {@value #OVERSIZED_FRAME_LENGTH}
     * bytes; then the node reads until the dialer gives up.
     */
    private void breakYamux(Socket socket, boolean oversized) throws IOException, ProbeException {
        socket.setTcpNoDelay(true);
        Deadline deadline = Deadline.after(HANDSHAKE_TIMEOUT);
        TimedInputStream in = new SocketInput(socket);
        OutputStream out = socket.getOutputStream();
        Multistream.handle(in, out, Set.of(NoiseHandshake.PROTOCOL_ID), deadline);
        NoiseChannel secure = NoiseHandshake.respond(in, out, node.identity, deadline, random);
        Multistream.handle(secure.input(), secure.output(), Set.of(YamuxSession.PROTOCOL_ID), deadline);
        if (oversized) {
            secure.input().await("yamux frame", deadline);
            YamuxHeader first = YamuxHeader.read(ByteBuffer.wrap(secure.input().readExactly(YamuxHeader.LENGTH, "yamux header")));
            long stream = first.streamId() == 0 ? 1 : first.streamId();
            secure.output().write(new YamuxHeader(FrameType.DATA, YamuxHeader.ACK, stream, OVERSIZED_FRAME_LENGTH).encode());
        } else {
            secure.output().write(GARBAGE);
        }
        secure.output().flush();
        byte[] scratch = new byte[4096];
        in.await("dialer's end", Deadline.after(IDLE_TIMEOUT));
        while (in.read(scratch, 0, scratch.length) >= 0) {
            // read until the dialer closes
        }
    }
}
