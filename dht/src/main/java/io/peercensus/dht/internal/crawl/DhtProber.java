package io.peercensus.dht.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.AsyncProber;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeException;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.internal.crawl.SelectorLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Converses with libp2p peers: dial a peer's TCP endpoints in turn until one connects, upgrade (Noise XX proving
 * the expected peer ID, yamux), identify, then walk its Kademlia routing table bucket by bucket
 * ({@link RoutingTableWalk}). Each conversation is a {@link PeerConversation}; all of a crawl's run on one
 * {@link SelectorLoop}, whose thread starts with the first and stops with {@link #close()}; they have none of their own.
 *
 * <p>Outcomes: a peer is reachable once Noise is done and yamux agreed. A failed connect or upgrade is unreachable
 * with class {@code handshake} (or the I/O class). Whatever ends the conversation early after that (identify or a
 * FIND_NODE that stalls, is reset or is malformed; GO_AWAY; the connection's end) leaves the peer reachable with
 * what it said (identify, the neighbours found so far), and the observation's {@code error} says how it ended. A
 * peer that does not speak the network's Kademlia protocol (a DHT client) is reachable with no neighbours.
 * Streams the peer opens meanwhile (its identify of us, its pings) are answered ({@link InboundAnswer}): our
 * identify, which never announces the DHT protocol, or multistream {@code na}; never a reset, which some peers
 * (js-libp2p) answer by closing the connection.
 *
 * <p>All conversations of a crawl use one Noise static key, signed once with the crawl's identity (libp2p's Noise
 * static key belongs to the node, not to a connection); each handshake still makes a fresh ephemeral key.
 *
 * <p>Thread-safe; make one prober per crawl.
 */
public final class DhtProber implements AsyncProber {
    private final LocalNode local;
    private final SelectorLoop loop = new SelectorLoop("peercensus-dht-conversations");

    /** A prober speaking {@code protocolId} as {@code identity}. */
    public DhtProber(String protocolId, PrivateKey identity, SecureRandom random) {
        this.local = LocalNode.of(protocolId, identity, random);
    }

    /** Our peer ID in this crawl. */
    public PeerId self() {
        return local.self();
    }

    @Override
    public CompletionStage<ProbeResult> begin(ProbeTarget target, ProbeContext context) {
        PeerId expected;
        try {
            expected = PeerId.parse(target.peerID());
        } catch (MultiformatException e) {
            return CompletableFuture.failedFuture(new ProbeException(ErrorClass.PROTOCOL, "not a libp2p peer ID: " + e.getMessage(), e));
        }
        long started = System.nanoTime();
        List<Endpoint> endpoints = target.endpoints();
        IOException last = new ConnectException("no dialable TCP endpoint");
        for (int i = 0; i < endpoints.size(); i++) {
            SocketChannel channel;
            try {
                channel = context.openChannel(endpoints.get(i));
            } catch (IOException e) {
                last = e;
                continue;
            }
            PeerConversation conversation = new PeerConversation(local, expected, context, endpoints, channel, i, started);
            loop.start(conversation);
            return conversation.outcome().thenApply(outcome -> result(target, context, outcome));
        }
        context.ended(ErrorClass.of(last) == ErrorClass.PROXY ? ConversationEnd.OTHER : ConversationEnd.CLOSED);
        return CompletableFuture.failedFuture(last);
    }

    /** Stops the crawl's conversation loop. */
    @Override
    public void close() {
        loop.close();
    }

    /** The probe's result from the conversation's outcome. */
    private static ProbeResult result(ProbeTarget target, ProbeContext context, PeerConversation.Outcome outcome) {
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(outcome.latencyNanos());
        Peer.Builder peer = observation(target, context, outcome.identify()).latencyMs(latencyMs).status(PeerStatus.REACHABLE);
        if (outcome.errorClass() != null) {
            peer.endedEarly(outcome.errorClass(), outcome.detail());
        }
        return neighbours(peer, outcome.peers(), target, context);
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
