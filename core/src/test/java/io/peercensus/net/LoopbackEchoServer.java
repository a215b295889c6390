package io.peercensus.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP echo server listening on one port of both loopback addresses, 127.0.0.1 and ::1, so a test can reach it
 * by IPv4 literal, IPv6 literal, or the name {@code localhost} whichever address a proxy resolves it to.
 *
 * <p>Each connection gets its own thread and echoes every byte until the peer closes. Thread-safe;
 * {@link #close()} closes the listeners and every open connection.
 */
final class LoopbackEchoServer implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 20;

    private final List<ServerSocket> listeners;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final int port;

    LoopbackEchoServer() throws IOException {
        listeners = bindBothLoopbacks();
        port = listeners.get(0).getLocalPort();
        for (ServerSocket listener : listeners) {
            Thread acceptor = new Thread(() -> accept(listener), "echo-accept-" + listener.getInetAddress());
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    private static List<ServerSocket> bindBothLoopbacks() throws IOException {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        for (int attempt = 1; ; attempt++) {
            ServerSocket first = new ServerSocket(0, 50, v4);
            try {
                return List.of(first, new ServerSocket(first.getLocalPort(), 50, v6));
            } catch (BindException e) {
                first.close();
                if (attempt == BIND_ATTEMPTS) {
                    throw new IOException("could not bind one port on both 127.0.0.1 and ::1", e);
                }
            }
        }
    }

    /** The port, the same on 127.0.0.1 and ::1. */
    int port() {
        return port;
    }

    /** The IPv4 listening address. */
    InetSocketAddress ipv4() {
        return new InetSocketAddress(listeners.get(0).getInetAddress(), port);
    }

    private void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                connections.add(connection);
                Thread echo = new Thread(() -> echo(connection), "echo-" + connection.getRemoteSocketAddress());
                echo.setDaemon(true);
                echo.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // The test closed its end, or close() closed ours: either way this connection is over.
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
