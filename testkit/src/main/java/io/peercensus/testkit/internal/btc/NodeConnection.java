package io.peercensus.testkit.internal.btc;

import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameDecoder;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.UnknownMessage;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.testkit.BitcoinNodeKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One inbound connection to a simulated node: a non-blocking state machine fed by its {@link SelectorLoop}.
 * It cuts frames with the codec's {@link FrameDecoder}, answers as a node of its kind would (each message after the
 * node's latency; its version no earlier than its script says; after getaddr each step of its {@link NodeScript} at
 * its delay) and queues writes until the socket takes them. Nothing it sends after its version leaves before it.
 * Delayed messages are built when they are due, so a connection waiting 70 s for a trickled answer holds no bytes.
 * Malformed input from the peer closes the connection, as Bitcoin Core does.
 *
 * <p>Not thread-safe: used only by its loop's thread.
 */
final class NodeConnection {

    private static final int INITIAL_BUFFER = 1024;
    private static final int MAX_BUFFER = FrameHeader.SIZE + FrameHeader.MAX_PAYLOAD;
    private static final int WTXID_RELAY_VERSION = 70016;

    private final SelectorLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ServedNode node;
    private final FrameDecoder decoder;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private final long acceptedAt = System.nanoTime();
    /** The {@link System#nanoTime()} before which nothing may be sent: when the node's version goes out. */
    private long notBefore = acceptedAt;
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
    private boolean closed;
    private boolean outputShut;
    private boolean shutAfterFlush;
    private boolean gotVersion;
    private boolean gotVerack;
    private boolean peerWantsAddrV2;
    private boolean answeredGetaddr;
    private int peerVersion;

    NodeConnection(SelectorLoop loop, SocketChannel channel, SelectionKey key, ServedNode node) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.node = node;
        this.decoder = new FrameDecoder(node.magic);
    }

    void onReadable() {
        try {
            while (true) {
                int n = channel.read(in);
                if (n < 0) {
                    close();
                    return;
                }
                if (n == 0) {
                    return;
                }
                if (node.kind == BitcoinNodeKind.TARPIT || outputShut) {
                    in.clear(); // read and forget: a tarpit never answers
                    continue;
                }
                in.flip();
                Frame frame;
                while (!closed && (frame = decoder.poll(in)) != null) {
                    handle(frame.decode());
                }
                if (closed) {
                    return;
                }
                in.compact();
                if (!in.hasRemaining()) {
                    if (in.capacity() >= MAX_BUFFER) {
                        close(); // cannot happen with a header the decoder accepted; guard anyway
                        return;
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_BUFFER, in.capacity() * 2));
                    in.flip();
                    bigger.put(in);
                    in = bigger;
                }
            }
        } catch (BitcoinWireException e) {
            close(); // the peer broke the protocol
        } catch (IOException e) {
            close();
        }
    }

    void onWritable() {
        flush();
    }

    private void handle(BitcoinMessage message) {
        if (message instanceof VersionMessage v) {
            onVersion(v);
        } else if (message instanceof VerackMessage) {
            onVerack();
        } else if (message instanceof SendAddrV2Message) {
            if (gotVerack && node.kind.speaksAddrV2()) {
                close(); // Bitcoin Core disconnects a peer that sends sendaddrv2 after verack
            } else {
                peerWantsAddrV2 = true;
            }
        } else if (message instanceof PingMessage ping) {
            if (gotVersion && node.handshakes) {
                ping.pong().ifPresent(pong -> sendLater(node.latencyNanos, node.frame(pong)));
            }
        } else if (message instanceof GetAddrMessage) {
            onGetaddr();
        }
        // everything else (pong, sendheaders, feefilter, inv, ...) is ignored, as a node would
    }

    private void onVersion(VersionMessage peer) {
        if (gotVersion) {
            return; // a redundant version is ignored
        }
        gotVersion = true;
        peerVersion = peer.version();
        long now = System.currentTimeMillis() / 1000;
        InetSocketAddress remote = remoteAddress();
        if (remote == null) {
            return;
        }
        switch (node.kind) {
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST,
                    LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE, HOSTILE_ADDR_COUNT, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED -> {
                long start = System.nanoTime();
                long delay = Math.max(node.latencyNanos, acceptedAt + node.script.versionDelayNanos() - start);
                VersionMessage mine = node.versionMessage(remote, loop.nonce(), now);
                ByteBuffer reply = ByteBuffer.allocate(1024);
                reply.put(node.frame(mine));
                if (Math.min(peerVersion, mine.version()) >= WTXID_RELAY_VERSION && node.kind.speaksAddrV2()) {
                    reply.put(node.frame(new UnknownMessage("wtxidrelay", new byte[0])));
                    reply.put(node.frame(SendAddrV2Message.INSTANCE));
                }
                reply.put(node.frame(VerackMessage.INSTANCE));
                sendLater(delay, Arrays.copyOf(reply.array(), reply.position()));
                notBefore = start + delay;
            }
            case HOSTILE_BAD_CHECKSUM -> sendLater(node.latencyNanos,
                    HostileReplies.badChecksum(hostileVersion(remote, now), node.magic));
            case HOSTILE_OVERSIZED_LENGTH -> sendLater(node.latencyNanos,
                    HostileReplies.oversizedHeader(hostileVersion(remote, now).command(), node.magic));
            case HOSTILE_TRUNCATED -> sendLater(node.latencyNanos,
                    HostileReplies.truncated(hostileVersion(remote, now), node.magic), true);
            case HOSTILE_BAD_MAGIC -> sendLater(node.latencyNanos,
                    HostileReplies.badMagic(hostileVersion(remote, now), node.magic));
            case TARPIT, BLACK_HOLE, DEAD -> {
                // never get here: tarpits do not decode, black holes do not accept, dead addresses do not listen
            }
        }
    }

    /** The version a hostile node damages (its fields are in no ground truth: it never arrives intact). */
    private VersionMessage hostileVersion(InetSocketAddress remote, long now) {
        return node.versionMessage(remote, loop.nonce(), now);
    }

    private void onVerack() {
        if (!gotVersion || gotVerack || !node.handshakes) {
            return;
        }
        gotVerack = true;
        int v = Math.min(peerVersion, node.version.version());
        ByteBuffer extras = ByteBuffer.allocate(256);
        if (v >= 70012) {
            extras.put(node.frame(new UnknownMessage("sendheaders", new byte[0])));
        }
        if (v >= 70014) {
            extras.put(node.frame(new UnknownMessage("sendcmpct", new byte[] {0, 2, 0, 0, 0, 0, 0, 0, 0})));
        }
        extras.put(node.frame(v >= 60001 ? PingMessage.of(loop.nonce()) : PingMessage.empty()));
        if (v >= 70013) {
            extras.put(node.frame(new UnknownMessage("feefilter", new byte[] {(byte) 0xe8, 3, 0, 0, 0, 0, 0, 0})));
        }
        sendLater(node.latencyNanos, Arrays.copyOf(extras.array(), extras.position()));
    }

    private void onGetaddr() {
        if (!gotVerack || answeredGetaddr) {
            return; // before verack, or a second getaddr: ignored, as Bitcoin Core does
        }
        answeredGetaddr = true;
        boolean v2 = peerWantsAddrV2 && node.kind.speaksAddrV2();
        for (NodeScript.Step step : node.script.afterGetaddr()) {
            boolean thenShut = step.action() == NodeScript.Action.TRUNCATED_PING;
            runLater(step.delayNanos(),
                    () -> send(node.bytes(step, v2, loop::nonce, System.currentTimeMillis() / 1000), thenShut));
        }
        // kinds with no steps stay silent: the peer's own deadline ends the wait
    }

    private InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            close();
            return null;
        }
    }

    private void sendLater(long delayNanos, byte[] bytes) {
        sendLater(delayNanos, bytes, false);
    }

    /** Sends {@code bytes} after {@code delayNanos}, then (when {@code thenShutOutput}) a FIN. */
    private void sendLater(long delayNanos, byte[] bytes, boolean thenShutOutput) {
        runLater(delayNanos, () -> send(bytes, thenShutOutput));
    }

    /**
     * Runs {@code task} after {@code delayNanos}, and not before the node's version is out; tasks due at the same
     * time run in the order they were given.
     */
    private void runLater(long delayNanos, Runnable task) {
        long wait = Math.max(delayNanos, notBefore - System.nanoTime());
        if (wait <= 0) {
            task.run();
        } else {
            loop.schedule(wait, task);
        }
    }

    private void send(byte[] bytes, boolean thenShutOutput) {
        if (closed || outputShut) {
            return;
        }
        out.add(ByteBuffer.wrap(bytes));
        shutAfterFlush |= thenShutOutput;
        flush();
    }

    private void flush() {
        try {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
            if (shutAfterFlush && !outputShut) {
                outputShut = true;
                channel.shutdownOutput(); // a FIN after the half frame; keep reading until the peer closes
            }
        } catch (IOException e) {
            close();
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            key.cancel();
            SelectorLoop.closeQuietly(channel);
        }
    }
}
