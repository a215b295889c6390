package io.peercensus.testkit.internal.dht;

import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.testkit.DhtGroundTruth;
import io.peercensus.testkit.DhtNodeKind;
import io.peercensus.testkit.DhtNodeTruth;
import io.peercensus.testkit.internal.net.LoopbackAddresses;
import io.peercensus.testkit.internal.net.LoopbackSockets;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running simulated DHT network: draws the plan, binds every node's socket (listeners, black holes, dead
 * ports), starts the accept loop and serving threads, and releases all of it on {@link #close()}.
 *
 * <p>Thread-safe: built by one thread, then read-only; {@link #close()} may be called from any thread, and more
 * than once.
 */
public final class DhtRuntime implements AutoCloseable {

    /** Listen backlog of serving nodes: enough for a crawler dialing a thousand nodes at once. */
    private static final int BACKLOG = 128;
    private static final int BIND_ATTEMPTS = 100;
    private static final AtomicInteger NETWORKS = new AtomicInteger();

    private final LoopbackSockets sockets = new LoopbackSockets();
    private final ServingThreads threads;
    private AcceptLoop acceptLoop;
    private DhtGroundTruth groundTruth;
    private int tableRepairs;
    private boolean closed;

    private DhtRuntime() {
        this.threads = new ServingThreads("peercensus-dhtsim-" + NETWORKS.incrementAndGet());
    }

    /**
     * Builds and starts the network of {@code settings}.
     *
     * @throws IOException when a socket cannot be bound or the selector cannot be opened; everything opened so
     *     far is closed first
     */
    public static DhtRuntime start(DhtSettings settings) throws IOException {
        DhtRuntime runtime = new DhtRuntime();
        try {
            runtime.open(DhtPlan.of(settings));
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void open(DhtPlan plan) throws IOException {
        DhtSettings s = plan.settings;
        int n = s.nodes();
        tableRepairs = plan.tables.repairs;
        Multiaddr[] listenAddrs = new Multiaddr[n];
        ServerSocketChannel[] listeners = new ServerSocketChannel[n];
        for (int i = 0; i < n; i++) {
            for (int attempt = 1; ; attempt++) {
                InetSocketAddress local = new InetSocketAddress(LoopbackAddresses.inet(plan.addresses[i]), 0);
                try {
                    InetSocketAddress bound = bind(plan.kinds[i], local, listeners, i);
                    listenAddrs[i] = Multiaddr.parse("/ip4/" + bound.getAddress().getHostAddress() + "/tcp/" + bound.getPort());
                    break;
                } catch (BindException e) {
                    if (attempt == BIND_ATTEMPTS) {
                        throw e;
                    }
                    plan.addresses[i] = plan.addressSource.next(); // in use: take the next address
                }
            }
        }
        KadPeer[] entries = new KadPeer[n];
        for (int i = 0; i < n; i++) {
            entries[i] = KadPeer.of(plan.peerIds[i], List.of(listenAddrs[i]), KadPeer.ConnectionType.NOT_CONNECTED);
        }
        acceptLoop = new AcceptLoop(threads.prefix() + "-accept", threads, s.protocolId());
        List<DhtNodeTruth> truth = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DhtNodeKind kind = plan.kinds[i];
            boolean slow = kind == DhtNodeKind.SLOW;
            int[] table = plan.tables.table(i);
            if (listeners[i] != null) {
                acceptLoop.listen(listeners[i], new ServedDhtNode(i, kind, plan.presented[i], listenAddrs[i],
                        plan.profiles[i], slow ? s.slowLatency() : Duration.ZERO, slow ? s.slowLatency() : s.latency(),
                        table, plan.kadIds, entries));
            }
            List<PeerId> tablePeers = new ArrayList<>(table.length);
            for (int p : table) {
                tablePeers.add(plan.peerIds[p]);
            }
            truth.add(new DhtNodeTruth(plan.peerIds[i], kind, plan.keyTypes[i], List.of(listenAddrs[i]),
                    plan.profiles[i].agentVersion(), plan.profiles[i].protocols(), tablePeers,
                    PeerId.fromPublicKey(plan.presented[i].publicKey())));
        }
        groundTruth = new DhtGroundTruth(s.seed(), s.protocolId(), truth);
        acceptLoop.start();
    }

    /** Binds node {@code i}'s socket at {@code local}; serving listeners go to {@code listeners[i]}. */
    private InetSocketAddress bind(DhtNodeKind kind, InetSocketAddress local, ServerSocketChannel[] listeners, int i)
            throws IOException {
        return switch (kind) {
            case DEAD -> sockets.dead(local);
            case UNDIALABLE_BLACK_HOLE -> sockets.blackHole(local);
            case DIALABLE, SLOW, HOSTILE_WRONG_IDENTITY, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> {
                listeners[i] = sockets.listen(local, BACKLOG);
                yield (InetSocketAddress) listeners[i].getLocalAddress();
            }
        };
    }

    /** What the network really is. */
    public DhtGroundTruth groundTruth() {
        return groundTruth;
    }

    /** How many dialable nodes had to be put into a table to be reachable from the seed (0 at realistic sizes). */
    public int tableRepairs() {
        return tableRepairs;
    }

    /** How many accepted connections are open now. */
    public int openConnections() {
        return acceptLoop == null ? 0 : acceptLoop.openConnections();
    }

    /** Stops accepting, closes every listener, connection and placeholder socket, and ends every thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        if (acceptLoop != null) {
            try {
                acceptLoop.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        sockets.close();
        try {
            threads.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
