package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeException;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Prober;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyClient;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.noise.NoiseStaticKey;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.internal.transport.Upgrader;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One conversation with one libp2p peer: dial its TCP endpoints in turn until one connects, upgrade (Noise XX
 * proving the expected peer ID, yamux), identify, then walk its Kademlia routing table bucket by bucket
 * ({@link RoutingTableWalk}). The connection is closed at the end of the conversation.
 *
 * <p>Outcomes: a failed upgrade is unreachable with class {@code handshake} (or the I/O class); a malformed
 * identify or FIND_NODE answer is unreachable with class {@code protocol}, keeping what identify said. A
 * peer that does not speak the network's Kademlia protocol (a DHT client) is reachable with no neighbours.
 * Streams the peer opens meanwhile (its identify of us, its pings) are answered by {@link InboundStreams}: our
 * identify, which never announces the DHT protocol, or multistream {@code na}; never a reset, which some peers
 * (js-libp2p) answer by closing the connection.
 *
 * <p>All conversations of a crawl use one Noise static key, signed once with the crawl's identity (libp2p's Noise
 * static key belongs to the node, not to a connection); each handshake still makes a fresh ephemeral key.
 *
 * <p>Thread-safe: conversations share only the immutable identity and Noise static key, the random source (thread-safe), the
 * executors of inbound-stream answers and yamux readers, and the crawl's {@link PeerIdBook} (thread-safe).
 */
public final class DhtProber implements Prober {
    private final String protocolId;
    private final PrivateKey identity;
    private final NoiseStaticKey noiseKey;
    private final PeerId self;
    private final SecureRandom random;
    private final ExecutorService inbound;
    private final Executor readers;
    private final PeerIdBook book = new PeerIdBook();

    /**
     * A prober speaking {@code protocolId} as {@code identity}.
     *
     * @param inbound runs one task per connection answering the peer's streams
     * @param readers runs the yamux reader of each connection, at once and on a thread of its own (a thread pool)
     */
    public DhtProber(String protocolId, PrivateKey identity, SecureRandom random, ExecutorService inbound, Executor readers) {
        this.protocolId = protocolId;
        this.identity = identity;
        this.noiseKey = NoiseStaticKey.generate(identity, random);
        this.self = PeerId.fromPublicKey(identity.publicKey());
        this.random = random;
        this.inbound = inbound;
        this.readers = readers;
    }

    /** Our peer ID in this crawl. */
    public PeerId self() {
        return self;
    }

    @Override
    public ProbeResult probe(ProbeTarget target, ProbeContext context) throws IOException, ProbeException, InterruptedException {
        PeerId expected;
        try {
            expected = PeerId.parse(target.peerID());
        } catch (MultiformatException e) {
            throw new ProbeException(ErrorClass.PROTOCOL, "not a libp2p peer ID: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        Socket socket = connect(target, context);
        Connection connection;
        try {
            connection = Upgrader.dial(socket, noiseKey, expected, step(context), random, readers, true);
        } catch (TransportException e) {
            throw new ProbeException(ErrorClass.HANDSHAKE, e.getMessage(), e);
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        Future<Void> answering = inbound.submit(new InboundStreams(connection, identity.publicKey(), remoteAddress(socket),
                context.deadline()));
        IdentifyMessage identify = null;
        try {
            identify = IdentifyClient.request(connection, step(context));
            List<RoutingTableWalk.Named> named = List.of();
            if (identify.protocols().contains(protocolId)) {
                named = walk(connection, expected, context);
            }
            return neighbours(observation(target, context, identify).status(PeerStatus.REACHABLE).latencyMs(latencyMs), named, target,
                    context);
        } catch (TransportException e) {
            return failed(target, context, identify, latencyMs, e.toProbeException());
        } catch (ProbeException e) {
            return failed(target, context, identify, latencyMs, e);
        } finally {
            connection.close();
            answering.cancel(true);
        }
    }

    private static InetSocketAddress remoteAddress(Socket socket) {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a ? a : null;
    }

    private List<RoutingTableWalk.Named> walk(Connection connection, PeerId remote, ProbeContext context)
            throws IOException, ProbeException, InterruptedException {
        RoutingTableWalk walk = new RoutingTableWalk(connection, protocolId, remote, self, random, step(context), book);
        try {
            return walk.run().peers();
        } catch (ProbeException e) {
            // announced the protocol but refuses it: a client after all
            if (e.getMessage().startsWith("multistream: peer does not support")) {
                return List.of();
            }
            throw e;
        }
    }

    private static Socket connect(ProbeTarget target, ProbeContext context) throws IOException {
        IOException last = null;
        for (Endpoint endpoint : target.endpoints()) {
            try {
                return context.connect(endpoint);
            } catch (IOException e) {
                last = e;
                if (context.deadline().expired()) {
                    break;
                }
            }
        }
        if (last == null) {
            throw new java.net.ConnectException("no dialable TCP endpoint");
        }
        throw last;
    }

    private static Deadline step(ProbeContext context) {
        return context.deadline().atMost(context.timeout());
    }

    private static Peer.Builder observation(ProbeTarget target, ProbeContext context, IdentifyMessage identify) {
        Peer.Builder b = Peer.builder().network(context.network()).peerID(target.peerID()).addresses(target.addresses())
                .seenAt(context.now()).source(target.source());
        if (identify != null) {
            List<Multiaddr> listen = identify.listenMultiaddrs();
            if (!listen.isEmpty()) {
                b.addresses(PeerAddresses.texts(listen));
            }
            b.protocols(identify.protocols());
            if (identify.agentVersion() != null) {
                b.agentVersion(identify.agentVersion());
            }
        }
        return b;
    }

    private static ProbeResult failed(ProbeTarget target, ProbeContext context, IdentifyMessage identify, long latencyMs, ProbeException e) {
        return new ProbeResult(observation(target, context, identify).unreachable(e.errorClass(), e.getMessage()).latencyMs(latencyMs).build(),
                List.of());
    }

    /** Splits the named peers into targets (not yet known to the crawl) and known peer IDs. */
    private static ProbeResult neighbours(Peer.Builder peer, List<RoutingTableWalk.Named> named, ProbeTarget target, ProbeContext context) {
        List<ProbeTarget> fresh = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (RoutingTableWalk.Named n : named) {
            KadPeer p = n.peer();
            String id = n.id().text();
            if (id == null) {
                continue; // not a peer ID: nothing to crawl or to link
            }
            if (id.equals(target.peerID())) {
                continue;
            }
            if (context.isKnown(id)) {
                known.add(id);
            } else {
                List<Multiaddr> addrs = p.multiaddrs();
                fresh.add(new ProbeTarget(id, PeerAddresses.texts(addrs), PeerAddresses.tcpEndpoints(addrs), target.peerID()));
            }
        }
        return new ProbeResult(peer.neighbours(fresh.size() + known.size()).build(), fresh, known);
    }
}
