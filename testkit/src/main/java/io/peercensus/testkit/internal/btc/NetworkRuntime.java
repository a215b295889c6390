package io.peercensus.testkit.internal.btc;

import io.peercensus.address.Endpoint;
import io.peercensus.testkit.AnnouncedVersion;
import io.peercensus.testkit.BitcoinAddrSend;
import io.peercensus.testkit.BitcoinGroundTruth;
import io.peercensus.testkit.BitcoinNodeKind;
import io.peercensus.testkit.BitcoinNodeTruth;
import io.peercensus.testkit.internal.net.LoopbackSockets;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running simulated network: binds every node's socket, fills the black holes' accept queues, starts the
 * selector loops, and releases all of it on {@link #close()}.
 *
 * <p>Thread-safe: built by one thread, then read-only; {@link #close()} may be called from any thread, and more
 * than once.
 */
public final class NetworkRuntime implements AutoCloseable {

    private final List<SelectorLoop> loops = new ArrayList<>();
    private final LoopbackSockets sockets = new LoopbackSockets();
    private BitcoinGroundTruth groundTruth;
    private boolean closed;

    private NetworkRuntime() {
    }

    /**
     * Builds and starts the network of {@code settings}.
     *
     * @throws IOException when a socket cannot be bound or the selector cannot be opened; everything opened so
     *     far is closed first
     */
    public static NetworkRuntime start(NetworkSettings settings) throws IOException {
        NetworkRuntime runtime = new NetworkRuntime();
        try {
            runtime.open(NetworkPlan.of(settings));
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void open(NetworkPlan plan) throws IOException {
        NetworkSettings s = plan.settings;
        int n = s.nodes();
        Endpoint[] endpoints = new Endpoint[n];
        ServerSocketChannel[] listeners = new ServerSocketChannel[n];
        for (int i = 0; i < n; i++) {
            LoopbackSockets.Bound bound = sockets.bindNode(presence(plan.kinds[i]), plan.addresses, i, plan.addressSource);
            endpoints[i] = Endpoint.of(bound.address());
            listeners[i] = bound.listener();
        }
        Population population = new Population(endpoints, plan.versions, plan.nonIp,
                System.currentTimeMillis() / 1000, s.seed());
        for (int k = 0; k < s.selectorThreads(); k++) {
            loops.add(new SelectorLoop("peercensus-btcsim-" + k, s.seed() + k));
        }
        List<BitcoinNodeTruth> truth = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BitcoinNodeKind kind = plan.kinds[i];
            NodeScript script = plan.scripts[i];
            ServedNode node = new ServedNode(i, kind, endpoints[i], plan.versions[i], script, population, s.magic());
            if (listeners[i] != null) {
                loops.get(i % loops.size()).listen(listeners[i], node);
            }
            Optional<AnnouncedVersion> version = node.handshakes ? Optional.of(plan.versions[i]) : Optional.empty();
            Optional<Duration> versionDelay = node.handshakes
                    ? Optional.of(Duration.ofNanos(script.versionDelayNanos())) : Optional.empty();
            truth.add(new BitcoinNodeTruth(endpoints[i], kind, version, endpoints(population, plan.announces[i]),
                    versionDelay, addrSends(script, endpoints[i], population)));
        }
        groundTruth = new BitcoinGroundTruth(s.seed(), truth);
        for (SelectorLoop loop : loops) {
            loop.start();
        }
    }

    private static List<Endpoint> endpoints(Population population, int[] indices) {
        List<Endpoint> out = new ArrayList<>(indices.length);
        for (int p : indices) {
            out.add(population.endpoint(p));
        }
        return out;
    }

    /** The address messages of {@code script} in the ground truth (its other frames are no address messages). */
    private static List<BitcoinAddrSend> addrSends(NodeScript script, Endpoint self, Population population) {
        List<BitcoinAddrSend> out = new ArrayList<>();
        for (NodeScript.Step step : script.afterGetaddr()) {
            Duration delay = Duration.ofNanos(step.delayNanos());
            switch (step.action()) {
                case SELF -> out.add(new BitcoinAddrSend(delay, BitcoinAddrSend.Role.SELF_ANNOUNCEMENT, List.of(self)));
                case GOSSIP -> out.add(new BitcoinAddrSend(delay, BitcoinAddrSend.Role.GOSSIP,
                        endpoints(population, step.entries())));
                case ANSWER -> out.add(new BitcoinAddrSend(delay, BitcoinAddrSend.Role.ANSWER,
                        endpoints(population, step.entries())));
                case BAD_CHECKSUM_PING, OVERSIZED_HEADER, TRUNCATED_PING, MALFORMED_ADDR, ADDR_COUNT_OVER_CAP -> {
                    // no addresses a peer can take: the malformed addr carries only the node's own, unparseable
                }
            }
        }
        return out;
    }

    /** How a node of {@code kind} answers a dialer: served, refused at once, or never answered. */
    private static LoopbackSockets.Presence presence(BitcoinNodeKind kind) {
        return switch (kind) {
            case DEAD -> LoopbackSockets.Presence.DEAD;
            case BLACK_HOLE -> LoopbackSockets.Presence.BLACK_HOLE;
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST,
                    LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE, TARPIT, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH,
                    HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED ->
                    LoopbackSockets.Presence.SERVING;
        };
    }

    /** What the network really is. */
    public BitcoinGroundTruth groundTruth() {
        return groundTruth;
    }

    /** Stops the selector threads and closes every socket of the network. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (SelectorLoop loop : loops) {
            try {
                loop.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        sockets.close();
        if (failure != null) {
            throw failure;
        }
    }
}
