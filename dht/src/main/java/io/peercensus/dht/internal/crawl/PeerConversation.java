package io.peercensus.dht.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.ErrorClass;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeException;
import io.peercensus.crawl.Waits;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.multistream.LazyReply;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseCodec;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.noise.NoiseInitiator;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.internal.yamux.FrameType;
import io.peercensus.dht.internal.yamux.YamuxHeader;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.internal.crawl.LoopConversation;
import io.peercensus.internal.crawl.Outbox;
import io.peercensus.internal.crawl.SelectorLoop;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One conversation with one libp2p peer, as a state machine that a {@link SelectorLoop} drives: connect (the
 * peer's TCP endpoints in turn until one answers); multistream-select {@code /noise}; the Noise XX handshake,
 * proving the expected peer ID; multistream-select {@code /yamux/1.0.0} inside Noise; then, on yamux streams,
 * identify, and when the peer speaks the network's Kademlia protocol, the walk of its routing table
 * ({@link RoutingTableWalk}, up to {@value RoutingTableWalk#MAX_IN_FLIGHT} FIND_NODE streams at once). Streams the
 * peer opens meanwhile are answered ({@link InboundAnswer}); yamux pings are answered. The connection is closed
 * with GO_AWAY at the end.
 *
 * <p>Both agreements are lazy, as go-libp2p negotiates a protocol it expects the peer to speak: Noise message 1 goes
 * out with the {@code /noise} proposal, and our identify request with the {@code /yamux/1.0.0} proposal, in the
 * message after Noise message 3. A peer that refuses either fails the upgrade all the same. So the upgrade and
 * identify cost two round trips after the connect.
 *
 * <p>The peer is reached once Noise is done and yamux agreed: the crawl is told at once ({@link
 * ProbeContext#reached()}), and whatever goes wrong afterwards (identify or a FIND_NODE that stalls, is reset or is
 * malformed, a frame that breaks yamux, GO_AWAY, the connection's end) ends the conversation with the peer still
 * reachable, keeping what it said (identify, the peers the walk found so far), with the class and detail of how it
 * ended early ({@link Outcome#errorClass()}). A failure before that (the connect, multistream, Noise, yamux's
 * agreement) completes {@link #outcome()} exceptionally: class {@code handshake} for Noise and refused protocols, the
 * I/O class otherwise. A peer that does not speak the Kademlia protocol, or refuses it, is a client: reachable with
 * no neighbours. The crawl is told how every conversation ended ({@link ProbeContext#ended}).
 *
 * <p>Every wait has a deadline, each its own length ({@link Waits}), never past the conversation's end: the connect
 * wait for each endpoint's connect; a message wait for each step of the upgrade (the multistream reply and Noise
 * message 2, which come in one round trip; then yamux's agreement); once the muxer is up, the answer wait for
 * identify and the whole walk together, within which identify and each FIND_NODE answer also get a message wait
 * from their request. Every read is capped before it allocates: a Noise message at 64 KB, a
 * yamux frame at {@value YamuxSession#MAX_FRAME_LENGTH} bytes and the stream's receive window, a stream's unread
 * bytes at {@link ConversationStream#MAX_PENDING}, a multistream message at {@value Multistream#MAX_MESSAGE_LENGTH}
 * bytes. A frame that breaks yamux fails the connection with class {@code protocol}.
 *
 * <p>Not thread-safe: created on the engine's thread, then used only by the loop's thread; {@link #outcome()}
 * hands the result back once the loop publishes it.
 */
final class PeerConversation extends LoopConversation<PeerConversation.Outcome> {
    private static final String YAMUX = YamuxSession.PROTOCOL_ID;
    /** Reads per readiness event at most, so that a peer sending without pause cannot hold the loop. */
    private static final int MAX_READS_PER_EVENT = 16;
    /** How many streams the peer may have open at once; further ones are reset. */
    static final int MAX_INBOUND_STREAMS = 16;
    private static final int INITIAL_BUFFER = 8 * 1024;
    /** Room for the longest Noise message and its length. */
    private static final int MAX_BUFFER = 2 + 65535;
    /** Decrypted bytes not yet parsed: at most one whole yamux frame and one Noise message. */
    /** The most bytes waiting for the peer to read them. */
    static final int MAX_UNSENT = 1024 * 1024;
    private static final int MAX_PLAINTEXT = YamuxHeader.LENGTH + YamuxSession.MAX_FRAME_LENGTH + NoiseCodec.MAX_PLAINTEXT;

    private enum Stage { CONNECTING, SELECT_NOISE, NOISE, SELECT_YAMUX, IDENTIFY, WALK, ENDED }

    /**
     * How a conversation ended once the peer was reached (Noise done, yamux agreed).
     *
     * @param identify what the peer said in identify, or null
     * @param latencyNanos from the start to the end of the upgrade
     * @param peers the peers its routing table named, as far as the walk got
     * @param errorClass how the conversation ended early, or null when it ended normally
     * @param detail what ended it early, or null
     */
    record Outcome(IdentifyMessage identify, long latencyNanos, List<RoutingTableWalk.Named> peers, ErrorClass errorClass,
            String detail) {
    }

    private final LocalNode local;
    private final PeerId expected;
    private final ProbeContext context;
    private final List<Endpoint> endpoints;
    private final long started;
    private final long conversationEnd;
    private final Map<Long, ConversationStream> streams = new HashMap<>();
    /** Decrypted bytes not yet parsed into yamux frames. */
    private final ByteQueue plain = new ByteQueue(4096, MAX_PLAINTEXT, "yamux");
    /** Yamux frames to seal and send at the next flush. */
    private final ByteArrayOutputStream plainOut = new ByteArrayOutputStream(256);
    /** Whether {@link #plainOut} holds a frame that must go out at the next flush (not only lazy half-closes). */
    private boolean urgent;

    private Selector selector;
    private SocketChannel channel;
    private int endpointIndex;
    private SelectionKey key;
    private Stage stage = Stage.CONNECTING;
    /** Raw bytes read and not yet handled, in write mode. */
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
    /** Raw bytes to send. */
    private final Outbox out = new Outbox(MAX_UNSENT);
    private LazyReply upgradeReply;
    private NoiseInitiator noise;
    private NoiseCodec codec;
    private long nextStreamId = 1;
    private int inbound;
    private boolean goAway;
    private long goAwayCode;
    /** The waits of the endpoint being talked to. */
    private Waits waits;
    /** When the answer wait (identify and the walk) runs out ({@link System#nanoTime()}), once the muxer is up. */
    private long answerEnd;
    /** When the message wait of what is awaited after the muxer runs out. */
    private long messageEnd;
    /** Our FIND_NODE requests not yet answered, oldest first: the oldest's message wait bounds the walk's wait. */
    private final List<FindNodeExchange> unanswered = new ArrayList<>();
    private long latencyNanos;
    private IdentifyMessage identify;
    private RoutingTableWalk walk;
    private byte[] ourIdentify;

    /**
     * A conversation over {@code channel}, connected or connecting to {@code endpoints[index]}, not yet on a loop.
     *
     * @param context opens the channels to the next endpoints when one fails
     * @param started when the conversation started, before connecting ({@link System#nanoTime()})
     */
    PeerConversation(LocalNode local, PeerId expected, ProbeContext context, List<Endpoint> endpoints, SocketChannel channel, int index,
            long started) {
        this(local, expected, context, endpoints, channel, index, started, started + context.deadline().remaining().toNanos());
    }

    private PeerConversation(LocalNode local, PeerId expected, ProbeContext context, List<Endpoint> endpoints,
            SocketChannel channel, int index, long started, long conversationEnd) {
        super(context.waits(endpoints.get(index)).message().toNanos(), conversationEnd);
        this.waits = context.waits(endpoints.get(index));
        this.local = local;
        this.expected = expected;
        this.context = context;
        this.endpoints = endpoints;
        this.channel = channel;
        this.endpointIndex = index;
        this.started = started;
        this.conversationEnd = conversationEnd;
        wait.start("connect", started, waits.connect().toNanos());
    }

    @Override
    public boolean ended() {
        return stage == Stage.ENDED;
    }

    @Override
    public void register(Selector loopSelector) {
        this.selector = loopSelector;
        step(() -> {
            join();
            flush();
        });
    }

    @Override
    public void ready() {
        if (!key.isValid()) {
            fail(new IOException("conversation aborted")); // the crawl closed the channel under us
            return;
        }
        advance(key.isConnectable(), key.isReadable());
    }

    @Override
    protected SocketChannel channel() {
        return channel;
    }

    /**
     * The connect wait moves on to the next endpoint; a message wait of the upgrade fails the conversation; a wait
     * after the muxer is up ends it, the peer reachable with what it said.
     */
    @Override
    protected void timedOut() {
        switch (stage) {
            case CONNECTING -> connectFailed(wait.connectTimeout());
            case SELECT_NOISE, NOISE, SELECT_YAMUX -> unreached(wait.timeout(),
                    wait.endsWithConversation() ? ConversationEnd.CONVERSATION_WAIT : ConversationEnd.MESSAGE_WAIT);
            case IDENTIFY -> endEarly(answerWaitEnd(), ErrorClass.TIMEOUT, wait.timeout().getMessage());
            case WALK -> walkTimedOut();
            case ENDED -> {
                // already over
            }
        }
    }

    /**
     * Which wait after the muxer ran out: the conversation's bound, the message wait of what is awaited (identify,
     * or the oldest FIND_NODE answer), or the answer wait when it ended first.
     */
    private ConversationEnd answerWaitEnd() {
        if (wait.endsWithConversation()) {
            return ConversationEnd.CONVERSATION_WAIT;
        }
        return messageEnd - answerEnd <= 0 ? ConversationEnd.MESSAGE_WAIT : ConversationEnd.ANSWER_WAIT;
    }

    /**
     * Starts the wait for {@code what} after the muxer is up: its message wait, which began at {@code asked}, within
     * the answer wait.
     */
    private void awaitAnswer(String what, long asked, long now) {
        messageEnd = asked + waits.message().toNanos();
        wait.start(what, now, (messageEnd - answerEnd <= 0 ? messageEnd : answerEnd) - now);
    }

    /** The walk's wait ran out: the oldest request's message wait, the answer wait or the conversation's bound. */
    private void walkTimedOut() {
        ConversationEnd how = answerWaitEnd();
        String detail = switch (how) {
            case CONVERSATION_WAIT -> "conversation bound reached during the FIND_NODE walk";
            case ANSWER_WAIT -> "FIND_NODE walk not done within " + millis(waits.answer().toNanos()) + " ms";
            default -> "no FIND_NODE answer for bucket " + unanswered.get(0).request.cpl() + " within "
                    + millis(waits.message().toNanos()) + " ms";
        };
        endEarly(how, ErrorClass.TIMEOUT, detail + walked());
    }

    /** How far the walk got, for an error's detail. */
    private String walked() {
        return " (" + (walk.requests() - unanswered.size()) + " of " + walk.requests() + " requests answered)";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ---- driving ----

    /** A step of the conversation; what it throws ends the conversation as the stage calls for. */
    private interface Step {
        void run() throws IOException, ProbeException;
    }

    private void step(Step s) {
        try {
            s.run();
        } catch (ProbeException e) {
            failed(e);
        } catch (IOException e) {
            failed(e);
        } catch (CancelledKeyException e) {
            fail(new IOException("conversation aborted", e)); // the crawl closed the channel under us
        }
    }

    /** Finishes connecting or reads, as asked, then writes what that called for. */
    private void advance(boolean connectable, boolean readable) {
        step(() -> {
            if (connectable) {
                if (!channel.finishConnect()) {
                    return; // not yet
                }
                key.interestOps(SelectionKey.OP_READ);
                connected();
            }
            if (stage != Stage.ENDED && key.isValid() && readable) {
                receive();
            }
            flush();
        });
    }

    /**
     * Handles what the socket holds when a wait runs out, in case the loop was slower than the peer: an answer that
     * came in time but was not yet read is not a timeout. True when the conversation ended or a new wait began.
     */
    @Override
    protected boolean arrivedUnseen(long now) {
        advance(stage == Stage.CONNECTING, stage != Stage.CONNECTING);
        return stage == Stage.ENDED || !wait.over(now);
    }

    /** Registers the channel with the loop's selector; starts talking if it is already connected. */
    private void join() throws IOException, ProbeException {
        try {
            boolean pending = channel.isConnectionPending();
            key = channel.register(selector, pending ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, this);
            if (!pending) {
                connected();
            }
        } catch (ClosedChannelException e) {
            throw new IOException("conversation aborted", e);
        }
    }

    /** The connect failed: the next endpoint, while there is one and time left; else the conversation fails. */
    private void connectFailed(IOException e) {
        IOException last = e;
        ConversationEnd how = connectEnd(e);
        close();
        while (endpointIndex + 1 < endpoints.size() && conversationEnd - System.nanoTime() > 0) {
            try {
                Endpoint next = endpoints.get(++endpointIndex);
                waits = context.waits(next);
                channel = context.openChannel(next);
                wait.start("connect", System.nanoTime(), waits.connect().toNanos());
                step(this::join);
                return;
            } catch (IOException next) {
                last = next;
                how = connectEnd(next);
            } catch (IllegalStateException aborted) {
                last = new IOException("conversation aborted", aborted); // the crawl gave up on this peer
                how = ConversationEnd.OTHER;
                break;
            }
        }
        unreached(last, how);
    }

    /** How a failed connect ends the conversation when no endpoint is left: its wait ran out, or it was refused. */
    private static ConversationEnd connectEnd(IOException e) {
        return e instanceof java.net.SocketTimeoutException ? ConversationEnd.CONNECT_WAIT : ConversationEnd.CLOSED;
    }

    /**
     * Connected: proposes {@code /noise} and sends Noise message 1 with it, without waiting for the agreement (every
     * libp2p listener reads what follows the proposal as the agreed protocol's first bytes).
     */
    private void connected() throws IOException, ProbeException {
        stage = Stage.SELECT_NOISE;
        upgradeReply = new LazyReply(NoiseHandshake.PROTOCOL_ID);
        noise = new NoiseInitiator(local.noiseKey(), expected, local.random());
        send(Multistream.lazyProposal(NoiseHandshake.PROTOCOL_ID));
        send(noise.firstMessage());
        // one message wait for the peer's answer to both: its multistream reply and Noise message 2 come together
        wait.start("multistream reply to " + NoiseHandshake.PROTOCOL_ID, System.nanoTime(), waits.message().toNanos());
    }

    private void receive() throws IOException, ProbeException {
        for (int reads = 0; reads < MAX_READS_PER_EVENT && stage != Stage.ENDED; reads++) {
            if (!in.hasRemaining()) {
                grow();
            }
            int room = in.remaining();
            int n = channel.read(in);
            if (n < 0) {
                endOfStream();
                return;
            }
            handleInput();
            if (n < room) {
                return; // the socket had no more than there was room for
            }
        }
    }

    /** Makes room in the full input buffer for the rest of a Noise message; the buffer never outgrows one. */
    private void grow() throws TransportException {
        if (in.capacity() >= MAX_BUFFER) {
            throw new TransportException(ErrorClass.PROTOCOL, "noise: input buffer full without a whole message"); // cannot happen
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_BUFFER, in.capacity() * 2));
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    /** Handles every whole message the input buffer holds, by stage; keeps the rest. */
    private void handleInput() throws IOException, ProbeException {
        in.flip();
        try {
            if (stage == Stage.SELECT_NOISE) {
                LazyReply.State state = upgradeReply.poll(in);
                if (state == LazyReply.State.PENDING) {
                    return;
                }
                if (state == LazyReply.State.REFUSED) {
                    throw new ProbeException(ErrorClass.HANDSHAKE, "multistream: peer refused " + NoiseHandshake.PROTOCOL_ID);
                }
                stage = Stage.NOISE;
                wait.rename("noise handshake message 2");
            }
            if (stage == Stage.NOISE) {
                byte[] message3 = noise.answer(in);
                if (message3 == null) {
                    return;
                }
                send(message3);
                codec = noise.transport();
                noise = null;
                stage = Stage.SELECT_YAMUX;
                upgradeReply = new LazyReply(YAMUX);
                // sealed by the flush into one message after message 3: the yamux proposal and, lazily, our identify request
                plainOut.writeBytes(Multistream.lazyProposal(YAMUX));
                IdentifyExchange exchange = new IdentifyExchange(nextStreamId());
                streams.put(exchange.id, exchange);
                frame(FrameType.DATA, YamuxHeader.SYN | YamuxHeader.FIN, exchange.id, IdentifyExchange.opening());
                wait.start("multistream reply to " + YAMUX, System.nanoTime(), waits.message().toNanos());
            }
            byte[] plaintext;
            while (stage != Stage.ENDED && (plaintext = codec.open(in)) != null) {
                plain.append(plaintext, 0, plaintext.length);
                secured();
            }
        } finally {
            if (stage != Stage.ENDED) {
                in.compact();
            }
        }
    }

    /** Handles the decrypted bytes: the yamux agreement, then yamux frames. */
    private void secured() throws IOException, ProbeException {
        if (stage == Stage.SELECT_YAMUX) {
            ByteBuffer view = plain.view();
            LazyReply.State state = upgradeReply.poll(view);
            plain.take(view);
            if (state == LazyReply.State.PENDING) {
                return;
            }
            if (state == LazyReply.State.REFUSED) {
                throw new ProbeException(ErrorClass.HANDSHAKE, "multistream: peer refused " + YAMUX);
            }
            long now = System.nanoTime();
            latencyNanos = now - started;
            stage = Stage.IDENTIFY; // our request went out with the proposal
            context.reached();
            answerEnd = now + waits.answer().toNanos();
            awaitAnswer("identify", now, now);
        }
        frames();
    }

    private void endOfStream() throws IOException {
        switch (stage) {
            case IDENTIFY -> endEarly(ConversationEnd.CLOSED, ErrorClass.RESET, "closed by the peer before its identify answer");
            case WALK -> endEarly(ConversationEnd.CLOSED, ErrorClass.RESET, "closed by the peer during the FIND_NODE walk" + walked());
            default -> throw new EOFException("closed by the peer before the " + wait.awaited());
        }
    }

    // ---- yamux ----

    /** Parses and handles every whole yamux frame in {@link #plain}. */
    private void frames() throws IOException, ProbeException {
        while (stage != Stage.ENDED && plain.size() >= YamuxHeader.LENGTH) {
            ByteBuffer view = plain.view();
            YamuxHeader header = YamuxHeader.read(view);
            switch (header.type()) {
                case DATA, WINDOW_UPDATE -> {
                    if (!streamFrame(header, view)) {
                        return; // the payload is not all here yet
                    }
                }
                case PING -> {
                    if (header.has(YamuxHeader.SYN)) {
                        frame(FrameType.PING, YamuxHeader.ACK, 0, header.length());
                    }
                    plain.skip(YamuxHeader.LENGTH);
                }
                case GO_AWAY -> {
                    goAway = true; // no new streams; those open may still be answered
                    goAwayCode = header.length();
                    plain.skip(YamuxHeader.LENGTH);
                }
            }
        }
    }

    /**
     * Handles a DATA or WINDOW_UPDATE frame whose header is read from {@code view}: false, the frame left in
     * {@link #plain}, when its payload is not all there yet. Caps and checks come before waiting for the payload.
     */
    private boolean streamFrame(YamuxHeader header, ByteBuffer view) throws IOException, ProbeException {
        boolean data = header.type() == FrameType.DATA;
        int length = 0;
        if (data) {
            if (header.length() > YamuxSession.MAX_FRAME_LENGTH) {
                throw new TransportException(ErrorClass.PROTOCOL,
                        "yamux: frame length " + header.length() + " exceeds " + YamuxSession.MAX_FRAME_LENGTH);
            }
            length = (int) header.length();
        }
        long id = header.streamId();
        if (id == 0) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: " + header.type() + " frame on stream 0");
        }
        ConversationStream stream = streams.get(id);
        if (stream != null && data && length > stream.window) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: frame length " + length + " exceeds " + stream.window);
        }
        if (view.remaining() < length) {
            return false;
        }
        if (header.has(YamuxHeader.SYN)) {
            if (stream != null) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: peer reopened stream " + id);
            }
            stream = inbound(id);
            if (stream != null && length > stream.window) {
                throw new TransportException(ErrorClass.PROTOCOL, "yamux: frame length " + length + " exceeds " + stream.window);
            }
        }
        if (stream != null && length > 0) {
            view.limit(view.position() + length);
            stream.data.append(view);
            stream.window -= length;
            stream.ungranted += length;
            if (stream.ungranted >= YamuxSession.INITIAL_WINDOW / 2) {
                frame(FrameType.WINDOW_UPDATE, 0, id, stream.ungranted);
                stream.window += stream.ungranted;
                stream.ungranted = 0;
            }
        }
        plain.skip(YamuxHeader.LENGTH + length); // unknown or reset streams: the data is dropped
        if (stream == null) {
            return true;
        }
        if (length > 0) {
            stream.received(this);
            if (stage == Stage.ENDED) {
                return true;
            }
        }
        if (header.has(YamuxHeader.RST)) {
            streams.remove(id);
            stream.reset(this);
        } else if (header.has(YamuxHeader.FIN) && !stream.finReceived) {
            stream.finReceived = true;
            if (stream.done()) {
                streams.remove(id);
            }
            stream.ended(this);
        }
        return true;
    }

    /** A stream the peer opens: acknowledged and answered, or reset when too many are open; null when reset. */
    private ConversationStream inbound(long id) throws TransportException {
        if (id % 2 == 1) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: peer opened stream " + id + " with our parity");
        }
        if (inbound >= MAX_INBOUND_STREAMS) {
            frame(FrameType.WINDOW_UPDATE, YamuxHeader.RST, id, 0);
            return null;
        }
        inbound++;
        InboundAnswer stream = new InboundAnswer(id);
        streams.put(id, stream);
        frame(FrameType.WINDOW_UPDATE, YamuxHeader.ACK, id, 0);
        frame(FrameType.DATA, 0, id, InboundAnswer.opening());
        return stream;
    }

    private long nextStreamId() {
        long id = nextStreamId;
        nextStreamId += 2;
        return id;
    }

    /** Sends {@code data} on {@code stream}, half-closing it when {@code fin}. */
    void send(ConversationStream stream, byte[] data, boolean fin) {
        frame(FrameType.DATA, fin ? YamuxHeader.FIN : 0, stream.id, data);
        if (fin) {
            halfClosed(stream);
        }
    }

    /** Resets {@code stream}; it is forgotten. */
    void reset(ConversationStream stream) {
        frame(FrameType.WINDOW_UPDATE, YamuxHeader.RST, stream.id, 0);
        forget(stream);
    }

    /**
     * Half-closes an answered stream, lazily: the FIN waits for the next frame that must go out (a request, an
     * answer), or for the GO_AWAY at the end, instead of costing a write of its own.
     */
    private void halfClose(ConversationStream stream) {
        boolean wasUrgent = urgent;
        frame(FrameType.WINDOW_UPDATE, YamuxHeader.FIN, stream.id, 0);
        urgent = wasUrgent;
        halfClosed(stream);
    }

    private void halfClosed(ConversationStream stream) {
        stream.finSent = true;
        if (stream.done()) {
            forget(stream);
        }
    }

    private void forget(ConversationStream stream) {
        if (streams.remove(stream.id, stream) && stream instanceof InboundAnswer) {
            inbound--;
        }
    }

    /** Queues a yamux frame carrying {@code data}. */
    private void frame(FrameType type, int flags, long id, byte[] data) {
        frame(type, flags, id, data.length);
        plainOut.writeBytes(data);
    }

    /** Queues a yamux frame without payload ({@code length} is the window increment, ping value or code). */
    private void frame(FrameType type, int flags, long id, long length) {
        urgent = true;
        ByteBuffer header = ByteBuffer.allocate(YamuxHeader.LENGTH);
        new YamuxHeader(type, flags, id, length).write(header);
        plainOut.writeBytes(header.array());
    }

    // ---- identify and the walk ----

    /** The crawler's identify message, encoded (made when the peer first asks). */
    byte[] ourIdentify() {
        if (ourIdentify == null) {
            InetSocketAddress observed = null;
            try {
                observed = channel.getRemoteAddress() instanceof InetSocketAddress a ? a : null;
            } catch (IOException e) {
                // closed: no observed address to tell
            }
            ourIdentify = InboundAnswer.identify(local.identity().publicKey(), observed).write();
        }
        return ourIdentify;
    }

    /** Identify answered: walk the table when the peer speaks the network's Kademlia protocol, else end. */
    void identified(IdentifyMessage message) {
        identify = message;
        if (!message.protocols().contains(local.protocolId())) {
            end(ConversationEnd.ANSWERED, List.of(), null, null);
            return;
        }
        if (goAway) {
            endEarly(ConversationEnd.CLOSED, ErrorClass.RESET, "yamux: peer sent GO_AWAY (code " + goAwayCode + ") before the FIND_NODE walk");
            return;
        }
        stage = Stage.WALK;
        walk = new RoutingTableWalk(expected, local.self(), local.random(), local.book());
        issue();
    }

    /** A FIND_NODE was answered: half-close its stream, ask further, end when nothing is left. */
    void answered(FindNodeExchange exchange, KadMessage answer) {
        walk.answered(exchange.request, answer);
        unanswered.remove(exchange);
        halfClose(exchange);
        issue();
    }

    /**
     * Sends the requests the walk wants now; ends the walk when none is in flight and none is wanted, or none may go
     * out (the peer sent GO_AWAY: an early end when the walk wanted more). Else waits for the oldest request's answer,
     * within its message wait and the answer wait.
     */
    private void issue() {
        long now = System.nanoTime();
        RoutingTableWalk.Request request;
        while (!goAway && (request = walk.next()) != null) {
            FindNodeExchange exchange = new FindNodeExchange(nextStreamId(), local.protocolId(), request, now);
            streams.put(exchange.id, exchange);
            unanswered.add(exchange);
            frame(FrameType.DATA, YamuxHeader.SYN, exchange.id, FindNodeExchange.opening(local.protocolId(), request));
        }
        if (!walk.idle()) {
            FindNodeExchange oldest = unanswered.get(0);
            awaitAnswer("FIND_NODE answer for bucket " + oldest.request.cpl(), oldest.sentAt, now);
        } else {
            String progress = walked();
            if (goAway && walk.next() != null) { // the walk would ask more, and GO_AWAY forbids it
                endEarly(ConversationEnd.CLOSED, ErrorClass.RESET, "yamux: peer sent GO_AWAY (code " + goAwayCode
                        + ") during the FIND_NODE walk" + progress);
            } else {
                end(ConversationEnd.ANSWERED, walk.peers(), null, null);
            }
        }
    }

    // ---- ending ----

    private void failed(ProbeException e) {
        switch (stage) {
            case CONNECTING, SELECT_NOISE, NOISE, SELECT_YAMUX -> unreached(e, end(e.errorClass()));
            case IDENTIFY -> endEarly(end(e.errorClass()), e.errorClass(), e.getMessage());
            case WALK -> {
                if (e.getMessage().startsWith("multistream: peer does not support")) {
                    // announced the protocol but refuses it: a client after all
                    end(ConversationEnd.ANSWERED, walk.peers(), null, null);
                } else {
                    endEarly(end(e.errorClass()), e.errorClass(), e.getMessage() + walked());
                }
            }
            case ENDED -> {
                // already over
            }
        }
    }

    private void failed(IOException e) {
        switch (stage) {
            case CONNECTING -> connectFailed(e);
            case SELECT_NOISE, NOISE, SELECT_YAMUX -> {
                Exception failure = e instanceof TransportException t ? new ProbeException(ErrorClass.HANDSHAKE, t.getMessage(), t) : e;
                unreached(failure, e instanceof TransportException t ? end(t.errorClass()) : end(ErrorClass.of(e)));
            }
            case IDENTIFY, WALK -> {
                ErrorClass c = e instanceof TransportException t ? t.errorClass() : ErrorClass.of(e);
                String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
                endEarly(end(c), c, stage == Stage.WALK ? m + walked() : m);
            }
            case ENDED -> {
                // already over
            }
        }
    }

    /** The count of a conversation that ended with an error of class {@code c}. */
    private static ConversationEnd end(ErrorClass c) {
        return switch (c) {
            case REFUSED, RESET -> ConversationEnd.CLOSED;
            case TIMEOUT -> ConversationEnd.MESSAGE_WAIT;
            case HANDSHAKE, PROTOCOL -> ConversationEnd.PROTOCOL;
            case PROXY -> ConversationEnd.OTHER;
        };
    }

    /** Ends after the muxer came up, the peer reachable with what it said, having ended early as {@code how} says. */
    private void endEarly(ConversationEnd how, ErrorClass errorClass, String detail) {
        end(how, walk == null ? List.of() : walk.peers(), errorClass, detail);
    }

    /** Ends after the muxer came up, the peer reachable: GO_AWAY (best effort), close. */
    private void end(ConversationEnd how, List<RoutingTableWalk.Named> peers, ErrorClass errorClass, String detail) {
        if (stage == Stage.ENDED) {
            return;
        }
        try {
            frame(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_NORMAL);
            flush();
        } catch (IOException | RuntimeException e) {
            // best effort, even when a bug of ours ends the conversation: the connection ends anyway
        }
        stage = Stage.ENDED;
        close();
        context.ended(how);
        endWith(new Outcome(identify, latencyNanos, peers, errorClass, detail));
    }

    /** Ends before the muxer came up: the peer was not reached. */
    private void unreached(Exception e, ConversationEnd how) {
        if (stage == Stage.ENDED) {
            return;
        }
        stage = Stage.ENDED;
        close();
        context.ended(how);
        endWithError(e);
    }

    /**
     * The crawl closed the channel or stopped, or the conversation broke on a bug of ours: after the muxer came up
     * the peer stays reachable with what it said; before, it was not reached.
     */
    @Override
    protected void fail(Exception e) {
        if (stage == Stage.IDENTIFY || stage == Stage.WALK) {
            ErrorClass c = e instanceof IOException io ? ErrorClass.of(io) : ErrorClass.PROTOCOL;
            String detail = e instanceof IOException ? e.getMessage() : "internal error: " + e;
            endEarly(ConversationEnd.OTHER, c, stage == Stage.WALK ? detail + walked() : detail);
        } else {
            unreached(e, ConversationEnd.OTHER);
        }
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort: the crawl closes it again at the end of the conversation
        }
    }

    // ---- writing and waiting ----

    /**
     * Queues raw bytes; {@link #flush} writes everything queued in one call.
     *
     * @throws TransportException ({@link ErrorClass#PROTOCOL}) when more than {@value #MAX_UNSENT} bytes would wait: the
     *     peer keeps asking (pings, streams) and reads none of the answers
     */
    private void send(byte[] raw) throws TransportException {
        if (!out.add(raw)) {
            throw new TransportException(ErrorClass.PROTOCOL, "peer reads nothing: more than " + MAX_UNSENT + " bytes unsent");
        }
    }

    /** Seals the queued yamux frames and writes what is queued; what the socket does not take waits for it. */
    private void flush() throws IOException {
        if (codec != null && urgent) {
            byte[] frames = plainOut.toByteArray();
            plainOut.reset();
            urgent = false;
            send(codec.seal(frames, 0, frames.length));
        }
        if (stage != Stage.ENDED && key != null) {
            out.flush(channel, key);
        }
    }
}
