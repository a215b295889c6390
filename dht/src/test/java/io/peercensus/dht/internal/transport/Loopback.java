package io.peercensus.dht.internal.transport;

import io.peercensus.net.Deadline;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A connected pair of loopback sockets, a thread pool for the far side, and input wrappers for tests. */
public final class Loopback implements Closeable {
    public final Socket client;
    public final Socket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-peer");
        t.setDaemon(true);
        return t;
    });

    public Loopback() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            client = new Socket();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 5000);
            server = listener.accept();
        }
    }

    /** Runs {@code task} on another thread. */
    public <T> Future<T> run(java.util.concurrent.Callable<T> task) {
        return pool.submit(task);
    }

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        client.close();
        server.close();
    }

    /** Input that hands out at most one byte per read call, to feed parsers in fragments. */
    public static TimedInputStream oneByteAtATime(TimedInputStream in) {
        return new TimedInputStream() {
            @Override
            public void await(String what, Deadline deadline) {
                in.await(what, deadline);
            }

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, Math.min(len, 1));
            }
        };
    }

    /** In-memory input; deadlines are recorded and ignored (the bytes are all there). */
    public static TimedInputStream bytes(byte[] data) {
        InputStream in = new ByteArrayInputStream(data);
        return new TimedInputStream() {
            @Override
            public void await(String what, Deadline deadline) {
            }

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }
}
