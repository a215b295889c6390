package io.peercensus.testkit;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameDecoder;
import io.peercensus.btc.internal.wire.FrameReader;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tiny blocking Bitcoin client for the tests, built on the btc codec: the conversation our crawler has
 * (version, sendaddrv2, verack; pong to ping; getaddr after verack; read until the answers). Not thread-safe.
 */
final class TestPeer implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameReader reader;
    private final int magic;
    /** Every message the node sent, in order. */
    final List<BitcoinMessage> received = new ArrayList<>();
    /** Whether a frame with a bad checksum is dropped, as Bitcoin Core does, instead of failing the read. */
    boolean dropBadChecksums;
    /** How many frames with a bad checksum were dropped. */
    int droppedBadChecksums;

    private TestPeer(Socket socket, int magic) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(in, magic);
        this.magic = magic;
    }

    /** Connects with {@code connectMillis}; every later read waits at most {@code readMillis}. */
    static TestPeer connect(Endpoint endpoint, int magic, int connectMillis, int readMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(endpoint.toInetSocketAddress(), connectMillis);
            socket.setSoTimeout(readMillis);
            return new TestPeer(socket, magic);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void send(BitcoinMessage... messages) throws IOException {
        for (BitcoinMessage m : messages) {
            out.write(Frame.of(m).encode(magic));
        }
        out.flush();
    }

    /** Our crawler's version message. */
    VersionMessage ourVersion() {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        return new VersionMessage(70016, 0, System.currentTimeMillis() / 1000,
                NetAddr.of(remote.getAddress(), remote.getPort(), 0), new NetAddr(0, new byte[16], 0), 42,
                "/peercensus-test:0.1/".getBytes(StandardCharsets.UTF_8), 0, Optional.of(false));
    }

    /** Sends version, sendaddrv2 (when asked) and verack; returns the node's version once its verack arrived. */
    VersionMessage handshake(boolean sendAddrV2) throws IOException {
        sendHello(sendAddrV2);
        return awaitHandshake();
    }

    /** Sends version, sendaddrv2 (when asked) and verack, as a crawler does at once. */
    void sendHello(boolean sendAddrV2) throws IOException {
        if (sendAddrV2) {
            send(ourVersion(), SendAddrV2Message.INSTANCE, VerackMessage.INSTANCE);
        } else {
            send(ourVersion(), VerackMessage.INSTANCE);
        }
    }

    /** Reads until the node's verack; returns its version. */
    VersionMessage awaitHandshake() throws IOException {
        VersionMessage version = null;
        while (true) {
            BitcoinMessage m = next();
            if (m instanceof VersionMessage v) {
                version = v;
            } else if (m instanceof VerackMessage) {
                if (version == null) {
                    throw new IOException("verack before version");
                }
                return version;
            }
        }
    }

    /** Sends getaddr and returns the first two addr/addrv2 messages (self-announcement, real answer). */
    List<BitcoinMessage> getaddr() throws IOException {
        send(GetAddrMessage.INSTANCE);
        return List.of(nextAddr(), nextAddr());
    }

    /** The next addr or addrv2 message (answering pings on the way). */
    BitcoinMessage nextAddr() throws IOException {
        while (true) {
            BitcoinMessage m = next();
            if (m instanceof AddrMessage || m instanceof AddrV2Message) {
                return m;
            }
        }
    }

    /** The next message, answering a ping with a pong (and dropping bad-checksum frames when asked to). */
    BitcoinMessage next() throws IOException {
        BitcoinMessage m;
        while (true) {
            try {
                m = reader.read().decode(); // a whole frame is read before its checksum is checked
                break;
            } catch (BitcoinWireException e) {
                if (!dropBadChecksums || !e.getMessage().startsWith("checksum mismatch")) {
                    throw e;
                }
                droppedBadChecksums++;
            }
        }
        received.add(m);
        if (m instanceof PingMessage ping && ping.pong().isPresent()) {
            send(ping.pong().get());
        }
        return m;
    }

    boolean receivedCommand(String command) {
        return received.stream().anyMatch(m -> m.command().equals(command));
    }

    /**
     * Reads raw bytes into our non-blocking {@link FrameDecoder} and decodes every frame, as an NIO crawler would,
     * until the decoder or a payload decoder throws; at end of stream returns the bytes left undecoded.
     */
    static ByteBuffer decodeUntilFailure(InputStream in, int magic) throws IOException {
        FrameDecoder decoder = new FrameDecoder(magic);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int consumed = 0;
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                return ByteBuffer.wrap(all.toByteArray(), consumed, all.size() - consumed);
            }
            all.write(chunk, 0, n);
            ByteBuffer buffer = ByteBuffer.wrap(all.toByteArray());
            buffer.position(consumed);
            Frame frame;
            while ((frame = decoder.poll(buffer)) != null) {
                frame.decode();
            }
            consumed = buffer.position();
        }
    }

    InputStream input() {
        return in;
    }

    /** Every later read waits at most {@code millis}. */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads one byte: -1 at end of stream (throws SocketTimeoutException when nothing comes in time). */
    int readByte() throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The endpoints of an addr or addrv2 message (addrv2 entries with unknown network IDs skipped). */
    static List<Endpoint> endpoints(BitcoinMessage m) {
        List<Endpoint> out = new ArrayList<>();
        if (m instanceof AddrMessage a) {
            for (AddrEntry e : a.entries()) {
                out.add(new Endpoint(NetAddress.ipv6(e.address().ip()), e.address().port()));
            }
        } else if (m instanceof AddrV2Message a) {
            for (AddrV2Entry e : a.entries()) {
                AddressType.fromBip155NetworkId(e.networkId().id()).ifPresent(type ->
                        out.add(new Endpoint(NetAddress.of(type, e.address()), e.port())));
            }
        } else {
            throw new IllegalArgumentException("not an address message: " + m);
        }
        return out;
    }

    static BitcoinWireException expectWireFailure(TestPeer peer) throws IOException {
        try {
            while (true) {
                peer.next();
            }
        } catch (BitcoinWireException e) {
            return e;
        } catch (EOFException e) {
            throw new AssertionError("clean end of stream instead of a wire error", e);
        }
    }
}
