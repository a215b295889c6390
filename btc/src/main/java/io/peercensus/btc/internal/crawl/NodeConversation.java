package io.peercensus.btc.internal.crawl;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.wire.Checksum;
import io.peercensus.btc.internal.wire.FrameDecoder;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
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
import java.util.concurrent.TimeUnit;

/**
 * One conversation with one Bitcoin node, as a state machine that a {@link SelectorLoop} drives from its
 * selector: connect; send {@code version} and {@code sendaddrv2} (BIP155, before {@code verack}); answer the
 * node's {@code version} with {@code verack}; once both sides are done, send {@code getaddr}; then collect {@code
 * addr}/{@code addrv2} answers until the real answer arrives or the wait runs out. A lone self-announcement does
 * not end the wait; after the first answer naming other peers the wait is cut to {@link #SETTLE}. Pings are
 * answered; every other message is decoded (so a malformed one is a protocol error) and ignored.
 *
 * <p>Every wait has a deadline (connect, {@code version}, {@code verack}, the addresses), each at most the
 * crawl's timeout and never past the conversation's deadline. Input is framed in place, in the loop's read
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
    /** After a small answer, how long to wait for more before ending. */
    static final long SETTLE = TimeUnit.SECONDS.toNanos(1);
    private static final int INITIAL_BUFFER = 4096;
    /** The most bytes waiting for the node to read them. */
    static final int MAX_UNSENT = 1024 * 1024;
    /** Reads per readiness event at most, so that a peer sending without pause cannot hold the loop. */
    private static final int MAX_READS_PER_EVENT = 16;

    private enum Stage { CONNECTING, HANDSHAKE, ADDRESSES, ENDED }

    /**
     * How a conversation ended when the node was reached.
     *
     * @param version the node's version message; null only when it broke the protocol before sending it
     * @param latencyNanos from the start to the end of the handshake (to the protocol error for one)
     * @param advertised the addresses it advertised
     * @param protocolError what the node did wrong, or null
     */
    record Outcome(VersionMessage version, long latencyNanos, AdvertisedAddresses advertised,
            BitcoinWireException protocolError) {
    }

    private final SocketChannel channel;
    private final String peerID;
    private final Endpoint endpoint;
    private final OurMessages ours;
    private final FrameDecoder decoder;
    private final ByteBuffer ourVersion;
    private final long started;

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
    private boolean answered;
    private long latencyNanos;
    private AdvertisedAddresses advertised;
    private final LoopResources resources;

    /**
     * A conversation over {@code channel}, connected or connecting, not yet on a loop.
     *
     * @param ourVersion our {@code version} frame
     * @param started when the conversation started, before connecting ({@link System#nanoTime()})
     * @param timeoutNanos the bound on each wait
     * @param conversationEnd when the whole conversation must be over ({@link System#nanoTime()})
     */
    NodeConversation(SocketChannel channel, String peerID, Endpoint endpoint, OurMessages ours, byte[] ourVersion,
            long started, long timeoutNanos, long conversationEnd, LoopResources resources) {
        super(timeoutNanos, conversationEnd);
        this.resources = resources;
        this.channel = channel;
        this.peerID = peerID;
        this.endpoint = endpoint;
        this.ours = ours;
        this.decoder = new FrameDecoder(ours.magic());
        this.ourVersion = ByteBuffer.wrap(ourVersion);
        this.started = started;
        wait.start("connect", System.nanoTime());
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
        advance(key.isConnectable(), key.isReadable());
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

    /** The wait for the connect, the version or the verack fails the conversation; the wait for addresses ends it. */
    @Override
    protected void timedOut() {
        switch (stage) {
            case CONNECTING -> fail(wait.connectTimeout());
            case HANDSHAKE -> fail(wait.timeout());
            default -> end(); // the node said what it had to say: reachable, with the addresses it gave
        }
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
        wait.start("version", System.nanoTime());
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
                handle(frame.header().command(), frame.payload());
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

    private void handle(String command, ByteBuffer payload) throws IOException {
        if (stage == Stage.ADDRESSES && (command.equals("addrv2") || command.equals("addr"))) {
            AdvertisedAddresses.Answer answer = command.equals("addrv2") ? advertised.scanV2(payload) : advertised.scanV1(payload);
            if (answer.namesOthers() && answer.entries() > GOSSIP_MAX) {
                end(); // the getaddr answer
            } else if (answer.namesOthers() && !answered) {
                answered = true; // a small answer, or gossip: give the real one a moment more
                wait.shortenTo(SETTLE, System.nanoTime());
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
                wait.start("verack", System.nanoTime());
            } else if (message instanceof VerackMessage) {
                verack = true;
            }
            if (theirs != null && verack) {
                latencyNanos = System.nanoTime() - started;
                stage = Stage.ADDRESSES;
                send(ours.getAddr());
                wait.start("addr", System.nanoTime());
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
        if (stage == Stage.ADDRESSES) {
            end();
        } else {
            throw new EOFException("closed by the peer before the " + (theirs == null ? "version" : "verack"));
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

    private void brokenConnection(IOException e) {
        if (stage == Stage.ADDRESSES) {
            end(); // reset after the handshake: still reachable, with what it gave
        } else {
            fail(e);
        }
    }

    private void end() {
        stage = Stage.ENDED;
        close();
        endWith(new Outcome(theirs, latencyNanos, advertised, null));
    }

    private void protocolError(BitcoinWireException e) {
        stage = Stage.ENDED;
        close();
        endWith(new Outcome(theirs, System.nanoTime() - started, advertised, e));
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
