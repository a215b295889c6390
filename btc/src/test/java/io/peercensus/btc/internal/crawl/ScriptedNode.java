package io.peercensus.btc.internal.crawl;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameReader;
import io.peercensus.btc.wire.BitcoinMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A one-connection Bitcoin node on 127.0.0.1 that plays a script, for prober tests. */
final class ScriptedNode implements AutoCloseable {
    static final int MAGIC = BitcoinNetworkParams.MAINNET.magic();

    /** What the node does with one connection. */
    interface Script {
        void play(Conversation c) throws IOException;
    }

    /** The node's side of the connection. */
    static final class Conversation {
        final Socket socket;
        final FrameReader in;
        final OutputStream out;
        final List<BitcoinMessage> received;

        Conversation(Socket socket, List<BitcoinMessage> received) throws IOException {
            this.socket = socket;
            this.in = new FrameReader(socket.getInputStream(), MAGIC);
            this.out = socket.getOutputStream();
            this.received = received;
        }

        /** Reads messages until one of {@code type} arrives, keeping all. */
        <T extends BitcoinMessage> T await(Class<T> type) throws IOException {
            while (true) {
                Frame f = in.read();
                BitcoinMessage m = BitcoinMessage.decode(f.command(), ByteBuffer.wrap(f.payload()));
                received.add(m);
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
            }
        }

        void send(BitcoinMessage m) throws IOException {
            out.write(Frame.of(m).encode(MAGIC));
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    private final ServerSocket server;
    private final Thread thread;
    final List<BitcoinMessage> received = new CopyOnWriteArrayList<>();

    ScriptedNode(Script script) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = server.accept()) {
                script.play(new Conversation(s, received));
                s.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the prober closes
            } catch (IOException ignored) {
                // the prober closed the connection
            }
        }, "scripted-node");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
