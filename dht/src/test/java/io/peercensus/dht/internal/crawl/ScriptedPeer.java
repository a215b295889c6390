package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.yamux.FrameType;
import io.peercensus.dht.internal.yamux.YamuxHeader;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p peer on 127.0.0.1 that takes one connection, upgrades it as responder with the blocking stack (Noise,
 * then yamux's multistream agreement), and then runs a script against raw yamux frames: for tests of what the
 * crawler does with frames no well-behaved peer sends.
 */
final class ScriptedPeer implements Closeable {
    /** What the peer does once the connection is secured. */
    interface Script {
        void run(Frames frames) throws Exception;
    }

    /** Raw yamux frames over the secured channel. */
    static final class Frames {
        private final NoiseChannel channel;

        Frames(NoiseChannel channel) {
            this.channel = channel;
        }

        /** Sends a frame header and {@code payload}. */
        void send(FrameType type, int flags, long streamId, long length, byte[] payload) throws IOException {
            OutputStream out = channel.output();
            byte[] header = new YamuxHeader(type, flags, streamId, length).encode();
            byte[] both = java.util.Arrays.copyOf(header, header.length + payload.length);
            System.arraycopy(payload, 0, both, header.length, payload.length);
            out.write(both);
            out.flush();
        }

        /** Sends raw bytes (whole frames) as they are. */
        void send(byte[] raw) throws IOException {
            channel.output().write(raw);
            channel.output().flush();
        }

        /** The next frame's header; a DATA frame's payload goes to {@code payload} when given, else is dropped. */
        YamuxHeader next(ByteBuffer payload) throws IOException {
            channel.input().await("frame", UpgradedPair.deadline());
            YamuxHeader header = YamuxHeader.read(ByteBuffer.wrap(channel.input().readExactly(YamuxHeader.LENGTH, "header")));
            if (header.type() == FrameType.DATA && header.length() > 0) {
                byte[] data = channel.input().readExactly((int) header.length(), "payload");
                if (payload != null) {
                    payload.put(data);
                }
            }
            return header;
        }
    }

    final PeerId id;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ServerSocket server;

    ScriptedPeer(PrivateKey key, Script script) throws IOException {
        this.id = PeerId.fromPublicKey(key.publicKey());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                SocketInput in = new SocketInput(socket);
                Multistream.handle(in, socket.getOutputStream(), Set.of(NoiseHandshake.PROTOCOL_ID), UpgradedPair.deadline());
                NoiseChannel channel = NoiseHandshake.respond(in, socket.getOutputStream(), key, UpgradedPair.deadline(), UpgradedPair.seeded(7));
                Multistream.handle(channel.input(), channel.output(), Set.of(YamuxSession.PROTOCOL_ID), UpgradedPair.deadline());
                script.run(new Frames(channel));
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "scripted-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code /ip4/127.0.0.1/tcp/PORT}. */
    Multiaddr address() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
