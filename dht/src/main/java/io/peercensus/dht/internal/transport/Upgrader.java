package io.peercensus.dht.internal.transport;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.noise.NoiseStaticKey;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Upgrades a TCP socket to a libp2p {@link Connection}: multistream-select {@code /noise}, the Noise XX
 * handshake, multistream-select {@code /yamux/1.0.0}, then a yamux session whose reader runs on a thread from
 * the given factory. {@link #dial} is the client side (inbound streams are reset unless the caller asks to
 * accept them), {@link #accept} the server side (inbound streams are queued for {@link Connection#acceptStream}). Every read of the upgrade is bounded
 * by the deadline. On failure the socket is left to the caller to close.
 *
 * <p>Stateless and thread-safe.
 */
public final class Upgrader {
    /** How long an established session waits for any frame before it gives up. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "yamux-reader");
        t.setDaemon(true);
        return t;
    };

    private Upgrader() {
    }

    /**
     * The client side, with a system random source and daemon reader threads.
     *
     * @param expected the peer ID the remote must prove, or {@code null} to accept any
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when the peer refuses {@code /noise} or
     *     {@code /yamux/1.0.0} or fails the Noise handshake; ({@link ErrorClass#PROTOCOL}) when it breaks
     *     multistream-select
     * @throws IOException when the socket fails, ends, or the deadline passes
     */
    public static Connection dial(Socket socket, PrivateKey identity, PeerId expected, Deadline deadline)
            throws IOException, ProbeException {
        return dial(socket, identity, expected, deadline, RANDOM, DAEMONS);
    }

    /** The client side with the given random source and reader-thread factory; inbound streams are reset. */
    public static Connection dial(Socket socket, PrivateKey identity, PeerId expected, Deadline deadline, SecureRandom random,
            ThreadFactory threads) throws IOException, ProbeException {
        return dial(socket, identity, expected, deadline, random, threads, false);
    }

    /**
     * The client side with the given random source and reader-thread factory.
     *
     * @param acceptInbound whether the streams the peer opens are queued for {@link Connection#acceptStream} (the
     *     caller must then answer them) rather than reset
     */
    public static Connection dial(Socket socket, PrivateKey identity, PeerId expected, Deadline deadline, SecureRandom random,
            ThreadFactory threads, boolean acceptInbound) throws IOException, ProbeException {
        return dial(socket, NoiseStaticKey.generate(identity, random), expected, deadline, random, onNewThreads(threads), acceptInbound);
    }

    /**
     * The client side with the node's Noise static key (made once for many connections), the given random source
     * (for the ephemeral key), and the executor the session's reader runs on (a pool, so that a crawl does not
     * start a thread per connection).
     *
     * @param readers runs each connection's reader at once, on a thread of its own, for the connection's life
     * @param acceptInbound whether the streams the peer opens are queued for {@link Connection#acceptStream} (the
     *     caller must then answer them) rather than reset
     */
    public static Connection dial(Socket socket, NoiseStaticKey local, PeerId expected, Deadline deadline, SecureRandom random,
            Executor readers, boolean acceptInbound) throws IOException, ProbeException {
        socket.setTcpNoDelay(true);
        TimedInputStream in = new SocketInput(socket);
        OutputStream out = socket.getOutputStream();
        require(Multistream.select(in, out, List.of(NoiseHandshake.PROTOCOL_ID), deadline).isPresent(), NoiseHandshake.PROTOCOL_ID);
        NoiseChannel channel = NoiseHandshake.initiate(in, out, local, expected, deadline, random);
        require(Multistream.select(channel.input(), channel.output(), List.of(YamuxSession.PROTOCOL_ID), deadline).isPresent(),
                YamuxSession.PROTOCOL_ID);
        return connection(socket, channel, true, acceptInbound, readers);
    }

    /** The server side, with a system random source and daemon reader threads. */
    public static Connection accept(Socket socket, PrivateKey identity, Deadline deadline) throws IOException, ProbeException {
        return accept(socket, identity, deadline, RANDOM, DAEMONS);
    }

    /**
     * The server side with the given random source and reader-thread factory.
     *
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when the Noise handshake fails;
     *     ({@link ErrorClass#PROTOCOL}) when the dialer breaks multistream-select
     * @throws IOException when the socket fails, ends, or the deadline passes
     */
    public static Connection accept(Socket socket, PrivateKey identity, Deadline deadline, SecureRandom random, ThreadFactory threads)
            throws IOException, ProbeException {
        socket.setTcpNoDelay(true);
        TimedInputStream in = new SocketInput(socket);
        OutputStream out = socket.getOutputStream();
        Multistream.handle(in, out, Set.of(NoiseHandshake.PROTOCOL_ID), deadline);
        NoiseChannel channel = NoiseHandshake.respond(in, out, identity, deadline, random);
        Multistream.handle(channel.input(), channel.output(), Set.of(YamuxSession.PROTOCOL_ID), deadline);
        return connection(socket, channel, false, true, onNewThreads(threads));
    }

    /** Runs each task on a new thread from {@code threads}. */
    private static Executor onNewThreads(ThreadFactory threads) {
        return task -> threads.newThread(task).start();
    }

    private static Connection connection(Socket socket, NoiseChannel channel, boolean client, boolean acceptInbound,
            Executor readers) {
        YamuxSession session = new YamuxSession(channel.input(), channel.output(), socket, client, acceptInbound, DEFAULT_IDLE_TIMEOUT);
        session.startOn(readers);
        return new Connection(session, channel.remoteIdentity(), channel.remotePeer());
    }

    private static void require(boolean agreed, String protocol) throws ProbeException {
        if (!agreed) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "multistream: peer refused " + protocol);
        }
    }
}
