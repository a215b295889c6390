package io.peercensus.bench.dht;

import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.transport.TimedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A connected pair of byte streams, the client's and the server's end: two {@link MemoryPipe}s, or a TCP
 * connection over the loopback interface (with {@code TCP_NODELAY}, as {@code Upgrader} sets it). Closing
 * either end's transport, or the duplex, ends both directions.
 *
 * <p>Thread-safe as far as its ends are: each end has one reader and any number of writers.
 */
final class Duplex implements Closeable {
    /** One end: what it reads, what it writes, and what closes it (the transport a yamux session closes). */
    record End(TimedInputStream in, OutputStream out, Closeable transport) {
    }

    private final End client;
    private final End server;
    private final Closeable resources;

    private Duplex(End client, End server, Closeable resources) {
        this.client = client;
        this.server = server;
        this.resources = resources;
    }

    /** Two in-memory pipes, each buffering at most {@code capacity} bytes. */
    static Duplex memory(int capacity) {
        MemoryPipe toServer = new MemoryPipe(capacity);
        MemoryPipe toClient = new MemoryPipe(capacity);
        Closeable both = () -> {
            toServer.close();
            toClient.close();
        };
        return new Duplex(new End(toClient.input(), toServer.output(), both), new End(toServer.input(), toClient.output(), both), both);
    }

    /** A TCP connection between two sockets on the loopback address. */
    static Duplex loopback() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Socket dialer = new Socket();
            try {
                dialer.connect(new InetSocketAddress(loopback, listener.getLocalPort()), 5_000);
                Socket accepted = listener.accept();
                dialer.setTcpNoDelay(true);
                accepted.setTcpNoDelay(true);
                Closeable both = () -> {
                    try {
                        dialer.close();
                    } finally {
                        accepted.close();
                    }
                };
                return new Duplex(new End(new SocketInput(dialer), dialer.getOutputStream(), dialer),
                        new End(new SocketInput(accepted), accepted.getOutputStream(), accepted), both);
            } catch (IOException | RuntimeException e) {
                dialer.close();
                throw e;
            }
        }
    }

    /** The dialing end. */
    End client() {
        return client;
    }

    /** The accepting end. */
    End server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        resources.close();
    }
}
