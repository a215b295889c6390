package io.peercensus.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted SOCKS5 "server" on 127.0.0.1 for tests: accepts one connection and runs a {@link Script} against
 * it on its own thread, so a test can send any reply, a broken one, half of one, or none at all.
 *
 * <p>{@link #close()} closes the sockets, waits for the script and rethrows anything it threw, so an assertion
 * inside a script fails the test. Thread-safe for one test's use: start, connect, close.
 */
final class FakeSocks5Proxy implements AutoCloseable {
    /** What the proxy does with the accepted connection; the connection is closed when it returns. */
    interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread thread;
    private final AtomicReference<Socket> accepted = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    FakeSocks5Proxy(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(() -> {
            try (Socket connection = listener.accept()) {
                accepted.set(connection);
                script.run(connection.getInputStream(), connection.getOutputStream());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fake-socks5-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** {@code 127.0.0.1:port}, as the client names the proxy in its messages. */
    String name() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket connection = accepted.get();
        if (connection != null) {
            connection.close();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the fake proxy's script", e);
        }
        Throwable t = failure.get();
        if (t != null && !(t instanceof IOException && connection == null)) {
            throw new AssertionError("fake proxy script failed", t);
        }
    }

    /** Exactly {@code n} bytes, or EOFException. */
    static byte[] read(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("expected " + n + " bytes from the client, got " + b.length);
        }
        return b;
    }

    /** One whole CONNECT request ({@code VER CMD RSV ATYP ADDR PORT}), as raw bytes. */
    static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        byte[] head = read(in, 4);
        request.writeBytes(head);
        int addressLength = switch (head[3]) {
            case 0x01 -> 4;
            case 0x04 -> 16;
            case 0x03 -> {
                byte[] length = read(in, 1);
                request.writeBytes(length);
                yield length[0] & 0xff;
            }
            default -> throw new IOException("client sent ATYP " + head[3]);
        };
        request.writeBytes(read(in, addressLength + 2));
        return request.toByteArray();
    }

    /** Waits until the client closes its end (no answer is ever sent). */
    static void awaitClose(InputStream in) {
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException reset) {
            // The client closed with unread bytes: a reset is a close too.
        }
    }

    /** Bytes from unsigned values, for writing replies readably. */
    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
