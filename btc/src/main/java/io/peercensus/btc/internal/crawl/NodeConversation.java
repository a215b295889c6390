package io.peercensus.btc.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.ErrorClass;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.wire.Checksum;
import io.peercensus.btc.internal.wire.FrameDecoder;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeException;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Waits;
import io.peercensus.internal.crawl.LoopConversation;
import io.peercensus.internal.crawl.Outbox;
import io.peercensus.internal.crawl.SelectorLoop;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One conversation with one Bitcoin node, as a state machine that a {@link SelectorLoop} drives from its
 * selector: connect; send {@code version} and {@code sendaddrv2} (BIP155, before {@code verack}); answer the
 * node's {@code version} with {@code verack}; once both sides are done, send {@code getaddr}; then collect {@code
 * addr}/{@code addrv2} messages until the answer is complete. Pings are answered; every other message is decoded
 * (so a malformed one is a protocol error) and ignored.
 *
 * <p>The node is reached once the version/verack handshake completed: the crawl is told at once ({@link
 * ProbeContext#reached()}), and whatever goes wrong afterwards (a malformed message, a reset, a stall) ends the
 * conversation with the node still reachable, with everything it said and how the conversation ended early. Each
 * address message's new addresses go to the crawl as soon as it is read ({@link ProbeContext#discovered}).
 *
 * <p>When the answer is complete: once a message of more than {@value #GOSSIP_MAX} entries arrived (Bitcoin Core
 * relays gossip only in messages of at most ten, so such a message is a getaddr answer) and then no address message
 * came for {@link #QUIET}; or at {@value #MAX_ANSWER} distinct addresses (Core's cap on an answer); or when the
 * answer wait ran out. Gossip and self-announcements never shorten or end the wait.
 *
 * <p>A frame with a bad checksum is dropped and counted, and the conversation goes on, as Bitcoin Core does: its
 * header was valid, so the stream is still in step. A bad magic, an oversized length or a payload that does not
 * parse leave no way on and end the conversation.
 *
 * <p>Every wait has a deadline, each its own length ({@link Waits}: the connect, each handshake message, the whole
 * answer) and never past the conversation's deadline. Input is framed in place, in the loop's read
 * buffer; only the start of a frame not yet whole is copied to a buffer of the conversation's own, which grows as
 * bytes arrive, never ahead of them, up to one frame of at most {@link FrameHeader#MAX_PAYLOAD} bytes. Address
 * answers are read straight from the buffer.
 *
 * <p>Not thread-safe: created by a prober thread, then used only by the loop's thread; {@link #outcome()}
 * hands the result back. The result waits after the end until the loop publishes it ({@link #publish()}), with
 * those of other conversations that ended about the same time.
 */
final class NodeConversation extends LoopConversation<NodeConversation.Outcome> {
    /** Bitcoin Core relays gossip in messages of at most this many addresses; more is a getaddr answer. */
    static final int GOSSIP_MAX = 10;
    /** Bitcoin Core answers getaddr with at most this many addresses. */
    static final int MAX_ANSWER = 1000;
    /**
     * After a message of the answer, how long no further address message must come before the answer counts as
     * complete. A node that splits its answer sends the parts together (Bitcoin Core before 0.13 pushed a long answer
     * in messages of 1000 in one go), so they arrive back to back, even over Tor; five seconds leaves room for a
     * congested link.
     */
    static final long QUIET = TimeUnit.SECONDS.toNanos(5);
    private static final int INITIAL_BUFFER = 4096;
    /** The most bytes waiting for the node to read them. */
    static final int MAX_UNSENT = 1024 * 1024;
    /** Reads per readiness event at most, so that a peer sending without pause cannot hold the loop. */
    private static final int MAX_READS_PER_EVENT = 16;

    private enum Stage { CONNECTING, HANDSHAKE, ADDRESSES, ENDED }

    /**
     * How a conversation ended that did not fail before the node spoke.
     *
     * @param version the node's version message; null only when it broke the protocol before sending it
     * @param latencyNanos from the start to the end of the handshake (to the protocol error for one before it)
     * @param advertised the addresses it advertised
     * @param reached whether the handshake completed
     * @param errorClass how the conversation ended early: after the handshake, why it ended before the answer was
     *     complete; before it, the protocol error; null when it ended normally
     * @param detail the error's detail, or null
     */
    record Outcome(VersionMessage version, long latencyNanos, AdvertisedAddresses advertised, boolean reached,
            ErrorClass errorClass, String detail) {
    }

    private final SocketChannel channel;
    private final String peerID;
    private final Endpoint endpoint;
    private final OurMessages ours;
    private final FrameDecoder decoder;
    private final ByteBuffer ourVersion;
    private final long started;
    private final ProbeContext context;
    private final long connectNanos;
    private final long messageNanos;
    private final long answerNanos;

    private SelectionKey key;
    private Checksum.Digest checksum;
    private Stage stage = Stage.CONNECTING;
    /** The loop's read buffer, shared by all its conversations: used between two calls only. */
    private ByteBuffer shared;
    /** The start of a frame not yet whole, in write mode; null when none is pending. */
    private ByteBuffer in;
    /** Frames queued to send. */
    private final Outbox out = new Outbox(MAX_UNSENT);
    private VersionMessage theirs;
    private boolean verack;
    /** Whether a message of more than {@value #GOSSIP_MAX} entries (an answer) arrived. */
    private boolean answerSeen;
    /** When the answer wait runs out ({@link System#nanoTime()}). */
    private long answerEnd;
    /** How many of the advertised targets were handed to the crawl. */
    private int handedOn;
    /** Frames dropped for a bad checksum, and the first one's description. */
    private int dropped;
    private String firstDropped;
    private long latencyNanos;
    private AdvertisedAddresses advertised;
    private final LoopResources resources;

    /**
     * A conversation over {@code channel}, connected or connecting, not yet on a loop.
     *
     * @param ourVersion our {@code version} frame
     * @param started when the conversation started, before connecting ({@link System#nanoTime()})
     * @param waits the waits of the node's route
     * @param conversationEnd when the whole conversation must be over ({@link System#nanoTime()})
     * @param context the crawl, told when the node is reached, what it names and how the conversation ended
     */
    NodeConversation(SocketChannel channel, String peerID, Endpoint endpoint, OurMessages ours, byte[] ourVersion,
            long started, Waits waits, long conversationEnd, LoopResources resources, ProbeContext context) {
        super(waits.message().toNanos(), conversationEnd);
        this.context = context;
        this.connectNanos = waits.connect().toNanos();
        this.messageNanos = waits.message().toNanos();
        this.answerNanos = waits.answer().toNanos();
        this.resources = resources;
        this.channel = channel;
        this.peerID = peerID;
        this.endpoint = endpoint;
        this.ours = ours;
        this.decoder = new FrameDecoder(ours.magic());
        this.ourVersion = ByteBuffer.wrap(ourVersion);
        this.started = started;
        wait.start("connect", started, connectNanos);
    }

    @Override
    public boolean ended() {
        return stage == Stage.ENDED;
    }

    /**
     * Joins the loop: registers with its selector and starts talking if connected. A connect still pending is
     * finished first if it can be: by the time the loop takes a conversation over, a nearby node has usually
     * answered it, and a refused one ends here, so neither waits for the selector's connect event.
     */
    @Override
    public void register(Selector selector) {
        this.shared = resources.readBuffer;
        this.checksum = resources.checksum;
        try {
            advertised = new AdvertisedAddresses(peerID, endpoint, resources.table);
            if (channel.isConnectionPending() && !channel.finishConnect()) {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            } else {
                key = channel.register(selector, SelectionKey.OP_READ, this);
                greet();
                flush();
            }
        } catch (ClosedChannelException e) {
            fail(new IOException("conversation aborted before it started", e));
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void ready() {
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException aborted) {
            return; // aborted (the crawl was cancelled) after the selector picked the key: the abort ended it
        }
        advance((ops & SelectionKey.OP_CONNECT) != 0, (ops & SelectionKey.OP_READ) != 0);
    }

    /**
     * Finishes connecting or reads, as asked, then writes what that called for (and what an earlier write left);
     * a failure ends the conversation with its class.
     */
    private void advance(boolean connectable, boolean readable) {
        try {
            if (connectable) {
                if (!channel.finishConnect()) {
                    return; // not yet
                }
                key.interestOps(SelectionKey.OP_READ);
                greet();
            }
            if (stage != Stage.ENDED && key.isValid() && readable) {
                receive();
            }
            flush();
        } catch (BitcoinWireException e) {
            protocolError(e);
        } catch (IOException e) {
            brokenConnection(e);
        } catch (CancelledKeyException e) {
            fail(new IOException("conversation aborted", e)); // the crawl closed the channel under us
        }
    }

    @Override
    protected SocketChannel channel() {
        return channel;
    }

    /**
     * The wait for the connect, the version or the verack fails the conversation (a protocol error when the node
     * sent only frames with bad checksums); the wait for the answer ends it, the node reachable with what it said.
     */
    @Override
    protected void timedOut() {
        switch (stage) {
            case CONNECTING -> {
                context.ended(ConversationEnd.CONNECT_WAIT);
                fail(wait.connectTimeout());
            }
            case HANDSHAKE -> {
                context.ended(ConversationEnd.MESSAGE_WAIT);
                fail(dropped == 0 ? wait.timeout() : new ProbeException(ErrorClass.PROTOCOL, wait.timeout().getMessage()
                        + " after dropping " + dropped + " frame(s) with a bad checksum: " + firstDropped));
            }
            default -> {
                if (answerSeen) {
                    end(ConversationEnd.ANSWERED, null, null); // quiet after the answer: complete
                } else {
                    end(ConversationEnd.ANSWER_WAIT, ErrorClass.TIMEOUT, "no getaddr answer within "
                            + TimeUnit.NANOSECONDS.toMillis(answerNanos) + " ms" + heard());
                }
            }
        }
    }

    /** What the node said in the answer wait before it ran out, for the error detail. */
    private String heard() {
        int entries = advertised.entries();
        return entries == 0 ? "" : " (" + entries + " address(es) in gossip or self-announcements)";
    }

    /** Bytes that do not complete what was awaited do not count, so a peer trickling bytes cannot stretch a wait. */
    @Override
    protected boolean arrivedUnseen(long now) {
        advance(stage == Stage.CONNECTING, stage != Stage.CONNECTING);
        return stage == Stage.ENDED || !wait.over(now); // a new wait began: what was awaited had come
    }

    private void greet() throws BitcoinWireException {
        stage = Stage.HANDSHAKE;
        send(ourVersion);
        send(ours.sendAddrV2());
        wait.start("version", System.nanoTime(), messageNanos);
    }

    private void receive() throws IOException {
        for (int reads = 0; reads < MAX_READS_PER_EVENT && stage != Stage.ENDED; reads++) {
            ByteBuffer into;
            if (in == null) {
                into = shared.clear(); // the usual case: whole frames, handled straight from the loop's buffer
            } else {
                if (!in.hasRemaining()) {
                    grow();
                }
                into = in;
            }
            int room = into.remaining();
            int n = channel.read(into);
            if (n < 0) {
                endOfStream();
                return;
            }
            frames(into);
            if (n < room) {
                return; // the socket had no more than there was room for
            }
        }
    }

    /**
     * Handles every whole frame in {@code buffer} (in write mode); the start of a frame not yet whole is kept in
     * {@link #in} for the next read.
     */
    private void frames(ByteBuffer buffer) throws IOException {
        buffer.flip();
        try {
            FrameDecoder.InPlace frame;
            while (stage != Stage.ENDED && (frame = decoder.pollInPlace(buffer, checksum)) != null) {
                if (frame.intact()) {
                    handle(frame.header().command(), frame.payload());
                } else {
                    drop(frame.header());
                }
            }
        } finally {
            keepRest(buffer);
        }
    }

    /** Keeps what is left of {@code buffer} (in read mode) for the next read; frees {@link #in} when nothing is. */
    private void keepRest(ByteBuffer buffer) {
        if (buffer == in) {
            in.compact();
            if (in.position() == 0) {
                in = null;
            }
        } else if (buffer.hasRemaining()) {
            in = ByteBuffer.allocate(Math.max(INITIAL_BUFFER, buffer.remaining())).put(buffer);
        }
    }

    /** Makes room for the rest of the pending frame: twice the buffer, at most the frame. */
    private void grow() throws BitcoinWireException {
        FrameHeader pending = decoder.peekHeader(in.duplicate().flip());
        int frame = FrameHeader.SIZE + (pending == null ? 0 : pending.length());
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.capacity() + 1, Math.min(in.capacity() * 2, frame)));
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    /** Drops a frame whose checksum does not match, as Bitcoin Core does, and goes on. */
    private void drop(FrameHeader header) {
        if (dropped++ == 0) {
            firstDropped = "'" + header.command() + "' of " + header.length() + " bytes";
        }
    }

    private void handle(String command, ByteBuffer payload) throws IOException {
        if (stage == Stage.ADDRESSES && (command.equals("addrv2") || command.equals("addr"))) {
            AdvertisedAddresses.Answer answer = command.equals("addrv2") ? advertised.scanV2(payload) : advertised.scanV1(payload);
            handOnNewTargets();
            long now = System.nanoTime();
            if (advertised.distinct() >= MAX_ANSWER) {
                end(ConversationEnd.ANSWERED, null, null);
            } else if (answerSeen || answer.entries() > GOSSIP_MAX) {
                answerSeen = true; // an answer: complete once no more comes for a quiet moment
                wait.start("more addresses", now, Math.min(QUIET, answerEnd - now));
            }
            return;
        }
        BitcoinMessage message = BitcoinMessage.decode(command, payload);
        if (message instanceof PingMessage ping) {
            if (ping.pong().isPresent()) {
                send(ours.frame(ping.pong().get()));
            }
        } else if (stage == Stage.HANDSHAKE) {
            if (message instanceof VersionMessage version) {
                if (theirs != null) {
                    throw new BitcoinWireException("version: sent twice");
                }
                theirs = version;
                send(ours.verack());
                if (!verack) {
                    wait.start("verack", System.nanoTime(), messageNanos);
                }
            } else if (message instanceof VerackMessage) {
                verack = true;
            }
            if (theirs != null && verack) {
                long now = System.nanoTime();
                latencyNanos = now - started;
                stage = Stage.ADDRESSES;
                context.reached();
                send(ours.getAddr());
                answerEnd = now + answerNanos;
                wait.start("getaddr answer", now, answerNanos);
            }
        }
    }

    private void endOfStream() throws BitcoinWireException, EOFException {
        int left = in == null ? 0 : in.position();
        if (left > 0) {
            FrameHeader pending = decoder.peekHeader(in.duplicate().flip());
            if (pending == null) {
                throw new BitcoinWireException("stream ended inside a frame header: got " + left + " of "
                        + FrameHeader.SIZE + " bytes");
            }
            throw new BitcoinWireException("stream ended inside the payload of '" + pending.command() + "': got "
                    + (left - FrameHeader.SIZE) + " of " + pending.length() + " bytes");
        }
        if (stage != Stage.ADDRESSES) {
            throw new EOFException("closed by the peer before the " + (theirs == null ? "version" : "verack"));
        }
        if (answerSeen) {
            end(ConversationEnd.ANSWERED, null, null); // closed after answering: nothing was lost
        } else {
            end(ConversationEnd.CLOSED, ErrorClass.RESET, "closed by the peer before its getaddr answer" + heard());
        }
    }

    /**
     * Queues a frame; {@link #flush} writes everything queued in one call.
     *
     * @throws BitcoinWireException when more than {@value #MAX_UNSENT} bytes would wait: the node keeps asking
     *     (pings) and reads none of the answers
     */
    private void send(ByteBuffer frame) throws BitcoinWireException {
        if (!out.add(frame)) {
            throw new BitcoinWireException("peer reads nothing: more than " + MAX_UNSENT + " bytes unsent");
        }
    }

    /** Writes what is queued; what the socket does not take waits for it to become writable. */
    private void flush() throws IOException {
        if (stage != Stage.ENDED) {
            out.flush(channel, key);
        }
    }

    /** A broken connection: after the handshake the node stays reachable, with what it gave. */
    private void brokenConnection(IOException e) {
        if (stage == Stage.ADDRESSES) {
            String m = e.getMessage();
            end(ConversationEnd.CLOSED, ErrorClass.of(e), m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
        } else {
            context.ended(ConversationEnd.CLOSED);
            fail(e);
        }
    }

    /** Ends after the handshake, the node reachable; {@code errorClass} says how it ended early, null for not. */
    private void end(ConversationEnd how, ErrorClass errorClass, String detail) {
        stage = Stage.ENDED;
        close();
        context.ended(how);
        endWith(new Outcome(theirs, latencyNanos, advertised, true, errorClass, withDropped(detail)));
    }

    /** A protocol error: after the handshake the node stays reachable; before it, it is not. */
    private void protocolError(BitcoinWireException e) {
        if (stage == Stage.ADDRESSES) {
            end(ConversationEnd.PROTOCOL, ErrorClass.PROTOCOL, e.getMessage());
            return;
        }
        stage = Stage.ENDED;
        close();
        context.ended(ConversationEnd.PROTOCOL);
        endWith(new Outcome(theirs, System.nanoTime() - started, advertised, false, ErrorClass.PROTOCOL,
                withDropped(e.getMessage())));
    }

    /** {@code detail}, with the frames dropped for a bad checksum when there were any and it is an error's. */
    private String withDropped(String detail) {
        return detail == null || dropped == 0 ? detail
                : detail + "; dropped " + dropped + " frame(s) with a bad checksum: " + firstDropped;
    }

    /** Hands the crawl the addresses new to it that the last message named. */
    private void handOnNewTargets() {
        List<ProbeTarget> targets = advertised.targets();
        if (targets.size() > handedOn) {
            List<ProbeTarget> fresh = List.copyOf(targets.subList(handedOn, targets.size()));
            handedOn = targets.size();
            context.discovered(fresh);
        }
    }

    @Override
    protected void fail(Exception e) {
        stage = Stage.ENDED;
        close();
        endWithError(e);
    }

    /**
     * Closes the channel with a reset (linger 0), not a FIN: the conversation is over, whatever ended it, and
     * nothing we could still send would change that. That spares both ends the closing handshake and spares our
     * host a TIME_WAIT socket per node; for a socket still registered with the selector, Java would otherwise also
     * shut its output down first. What the node sends after this is discarded, as it would be after any close.
     */
    private void close() {
        try {
            if (channel.isConnected()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // the connection broke already: the close below is all there is to do
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort: the crawl closes it again at the end of the conversation
        }
    }
}
