package io.peercensus.testkit.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets a simulated network holds for its whole life: serving listeners, dead ports (bound, not
 * listening: refused at once) and black holes (a listener whose accept queue our own connections fill, so a
 * dialer's SYN is dropped and its connect times out, as behind a firewall or NAT). {@link #close()} closes all
 * of them. Shared by every simulated network of the testkit.
 *
 * <p>Thread-safe.
 */
public final class LoopbackSockets implements AutoCloseable {

    /** Linux queues backlog + 1 connections: with backlog 1, two fill the queue and later SYNs are dropped. */
    private static final int BLACK_HOLE_BACKLOG = 1;
    private static final int BLACK_HOLE_FILL = BLACK_HOLE_BACKLOG + 1;
    private static final int FILL_CONNECT_TIMEOUT_MILLIS = 2_000;

    /** How many addresses a node tries before its bind fails for good. */
    private static final int BIND_ATTEMPTS = 100;
    /** The accept backlog of serving listeners: enough for a crawler dialing a thousand nodes at once. */
    private static final int SERVING_BACKLOG = 128;

    /** How a simulated node's address answers a dialer. */
    public enum Presence {
        /** A listener the simulator serves. */
        SERVING,
        /** Bound, never listening: a dialer is refused at once. */
        DEAD,
        /** A full accept queue: a dialer's connect times out. */
        BLACK_HOLE
    }

    /** A node's bound address, and its listener when it is {@link Presence#SERVING} (else {@code null}). */
    public record Bound(InetSocketAddress address, ServerSocketChannel listener) {
    }

    private final List<NetworkChannel> held = new ArrayList<>();

    /**
     * Binds one node of a simulated network at {@code addresses[i]} (port 0). While that address is in use,
     * the node moves to the next address of {@code source} and {@code addresses[i]} is updated, so the plan
     * records where the node really is.
     *
     * @throws java.net.BindException when {@value #BIND_ATTEMPTS} addresses in a row are in use
     */
    public Bound bindNode(Presence presence, byte[][] addresses, int i, LoopbackAddresses source) throws IOException {
        for (int attempt = 1; ; attempt++) {
            InetSocketAddress local = new InetSocketAddress(LoopbackAddresses.inet(addresses[i]), 0);
            try {
                return switch (presence) {
                    case DEAD -> new Bound(dead(local), null);
                    case BLACK_HOLE -> new Bound(blackHole(local), null);
                    case SERVING -> {
                        ServerSocketChannel listener = listen(local, SERVING_BACKLOG);
                        yield new Bound((InetSocketAddress) listener.getLocalAddress(), listener);
                    }
                };
            } catch (java.net.BindException e) {
                if (attempt == BIND_ATTEMPTS) {
                    throw e;
                }
                addresses[i] = source.next(); // in use: take the next address
            }
        }
    }

    /** A listener bound at {@code local} with {@code backlog}, in blocking mode; held until {@link #close()} (closed at once when the bind fails). */
    public ServerSocketChannel listen(InetSocketAddress local, int backlog) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(local, backlog);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw e;
        }
        return hold(listener);
    }

    /** A port bound at {@code local} that nobody listens on: connects to it are refused at once. */
    public InetSocketAddress dead(InetSocketAddress local) throws IOException {
        SocketChannel placeholder = SocketChannel.open();
        try {
            placeholder.bind(local);
        } catch (IOException | RuntimeException e) {
            closeQuietly(placeholder);
            throw e;
        }
        return (InetSocketAddress) hold(placeholder).getLocalAddress();
    }

    /** A listener at {@code local} whose accept queue is full and never drained: connects to it time out. */
    public InetSocketAddress blackHole(InetSocketAddress local) throws IOException {
        ServerSocketChannel listener = listen(local, BLACK_HOLE_BACKLOG);
        InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
        for (int k = 0; k < BLACK_HOLE_FILL; k++) {
            SocketChannel filler = hold(SocketChannel.open());
            try {
                filler.socket().connect(bound, FILL_CONNECT_TIMEOUT_MILLIS);
            } catch (SocketTimeoutException e) {
                break; // already full on this kernel
            }
        }
        return bound;
    }

    private <C extends NetworkChannel> C hold(C channel) {
        synchronized (held) {
            held.add(channel);
        }
        return channel;
    }

    /** Closes every socket held; may be called more than once. */
    @Override
    public void close() {
        synchronized (held) {
            for (NetworkChannel c : held) {
                closeQuietly(c);
            }
            held.clear();
        }
    }

    /** Closes {@code c}, ignoring failure (we are letting go of it). */
    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing left to do with it
        }
    }
}
