package io.peercensus.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small SOCKS5 server on 127.0.0.1 standing in for a Tor client: it maps {@code .onion} names to
 * loopback endpoints and relays, or plays a failure. Records every CONNECT it is asked for.
 *
 * <p>It can add Tor's latency: a delay before its CONNECT reply (a circuit takes seconds to build) and a delay on
 * every relayed chunk, each way (each round trip over a circuit costs hundreds of milliseconds; see NETWORKS.md).
 * The relay delay is a latency, not a throttle: chunks are queued with their due time and leave in order, so a
 * burst is late by the delay once, not once per chunk. These sleeps are the simulated network's own, on the proxy's
 * threads; no test waits on them. Thread-safe: a thread per connection and direction.
 */
final class OnionProxy implements AutoCloseable {
    /** How the proxy answers a CONNECT. */
    enum Mode { RELAY, HOST_UNREACHABLE, SILENT }

    private final ServerSocket server;
    private final Map<String, InetSocketAddress> names;
    private final Mode mode;
    private final long connectDelayNanos;
    private final long relayDelayNanos;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Integer> addressTypes = new CopyOnWriteArrayList<>();

    OnionProxy(Map<String, InetSocketAddress> names, Mode mode) throws IOException {
        this(names, mode, Duration.ZERO, Duration.ZERO);
    }

    /**
     * A proxy that answers each CONNECT {@code connectDelay} after it has read it, and delivers every relayed chunk
     * {@code relayDelay} after it read it, in both directions.
     */
    OnionProxy(Map<String, InetSocketAddress> names, Mode mode, Duration connectDelay, Duration relayDelay)
            throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.names = Map.copyOf(names);
        this.mode = mode;
        this.connectDelayNanos = connectDelay.toNanos();
        this.relayDelayNanos = relayDelay.toNanos();
        Thread t = new Thread(this::acceptLoop, "onion-proxy");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "onion-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            in.readUnsignedByte(); // version 5
            in.readFully(new byte[in.readUnsignedByte()]); // methods
            out.write(new byte[] {5, 0});
            byte[] head = new byte[4];
            in.readFully(head); // VER CMD RSV ATYP
            addressTypes.add((int) head[3]);
            String host;
            if (head[3] == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                in.readFully(new byte[head[3] == 1 ? 4 : 16]);
                host = "(address type " + head[3] + ")";
            }
            int port = in.readUnsignedShort();
            requests.add(host + ":" + port);
            if (mode == Mode.SILENT) {
                in.read(); // never answers; returns when the client gives up
                return;
            }
            InetSocketAddress target = names.get(host);
            sleepUntil(System.nanoTime() + connectDelayNanos); // building the circuit
            if (mode == Mode.HOST_UNREACHABLE || target == null) {
                out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            try (Socket upstream = new Socket(target.getAddress(), target.getPort())) {
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                out.flush();
                Thread back = new Thread(() -> relay(upstream, client), "onion-proxy-back");
                back.setDaemon(true);
                back.start();
                relay(client, upstream);
            }
        } catch (IOException ignored) {
            // the crawler hung up
        }
    }

    /** Copies {@code from} to {@code to}, each chunk {@link #relayDelayNanos} late, until end of stream. */
    private void relay(Socket from, Socket to) {
        if (relayDelayNanos == 0) {
            pipe(from, to);
            return;
        }
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread writer = new Thread(() -> deliver(queue, to), "onion-proxy-delay");
        writer.setDaemon(true);
        writer.start();
        try {
            InputStream in = from.getInputStream();
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                queue.add(new Chunk(System.nanoTime() + relayDelayNanos, Arrays.copyOf(buf, n)));
            }
        } catch (IOException ignored) {
            // one side closed
        }
        queue.add(new Chunk(System.nanoTime() + relayDelayNanos, null)); // end of stream, as late as the data
    }

    /** A relayed chunk and when it is due; {@code bytes == null} marks the end of the stream. */
    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static void deliver(BlockingQueue<Chunk> queue, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                sleepUntil(c.dueNanos());
                if (c.bytes() == null) {
                    to.shutdownOutput();
                    return;
                }
                out.write(c.bytes());
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The simulated network's latency: sleeps the proxy's own thread until {@code dueNanos}. */
    private static void sleepUntil(long dueNanos) {
        long left = dueNanos - System.nanoTime();
        while (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            left = dueNanos - System.nanoTime();
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
