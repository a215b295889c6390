package io.peercensus.testkit.internal.dht;

import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.testkit.DhtGroundTruth;
import io.peercensus.testkit.DhtNodeKind;
import io.peercensus.testkit.DhtNodeTruth;
import io.peercensus.testkit.internal.net.LoopbackSockets;
import java.io.IOException;
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
            LoopbackSockets.Bound bound = sockets.bindNode(presence(plan.kinds[i]), plan.addresses, i, plan.addressSource);
            InetSocketAddress address = bound.address();
            listenAddrs[i] = Multiaddr.parse("/ip4/" + address.getAddress().getHostAddress() + "/tcp/" + address.getPort());
            listeners[i] = bound.listener();
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

    /** How a node of {@code kind} answers a dialer: served, refused at once, or never answered. */
    private static LoopbackSockets.Presence presence(DhtNodeKind kind) {
        return switch (kind) {
            case DEAD -> LoopbackSockets.Presence.DEAD;
            case UNDIALABLE_BLACK_HOLE -> LoopbackSockets.Presence.BLACK_HOLE;
            case DIALABLE, SLOW, HOSTILE_WRONG_IDENTITY, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME ->
                    LoopbackSockets.Presence.SERVING;
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
