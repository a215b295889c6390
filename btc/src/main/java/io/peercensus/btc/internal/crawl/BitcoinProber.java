package io.peercensus.btc.internal.crawl;

import io.peercensus.BitcoinInfo;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.ServiceFlag;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.crawl.AsyncProber;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.internal.crawl.ProbeThreads;
import io.peercensus.internal.crawl.SelectorLoop;
import io.peercensus.net.Dialer;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Converses with Bitcoin nodes: connect, {@code version} (protocol 70016), {@code sendaddrv2} before {@code verack}
 * (BIP155), {@code getaddr} after the handshake, then {@code addr}/{@code addrv2} answers until the real answer
 * arrived or the wait ran out (see {@link NodeConversation}). The conversations of a crawl all run on one {@link
 * SelectorLoop} (sharing the crawl's {@link LoopResources}), whose thread starts with the first and stops with {@link
 * #close()}; they have no thread of their own: {@link #begin} starts connecting and hands the channel to the loop.
 * Tor and I2P peers are first dialed through the proxy on a thread of their own, as the SOCKS5 handshake blocks.
 *
 * <p>A node is reachable once the version/verack handshake completed, whatever happens afterwards: a protocol
 * error, a reset or a stall after it ends the conversation, and the observation keeps everything the node said,
 * with {@code error} saying how the conversation ended early. A node that breaks the protocol before the handshake
 * completed is unreachable with class {@code protocol} (with what it said about itself, if anything). Thread-safe;
 * make one prober per crawl.
 */
public final class BitcoinProber implements AsyncProber {
    /** The protocol version we speak. */
    public static final int PROTOCOL_VERSION = 70016;

    private final byte[] userAgent;
    private final RandomGenerator nonces;
    private final OurMessages ours;
    private final SelectorLoop loop = new SelectorLoop("peercensus-btc-conversations");
    private final LoopResources resources = new LoopResources();
    private ExecutorService proxyDials;
    private boolean closed;

    /**
     * A prober for one network.
     *
     * @param params the network's magic
     * @param userAgent our user agent, e.g. {@code /peercensus:0.1.0/}
     * @param nonces source of version nonces
     */
    public BitcoinProber(BitcoinNetworkParams params, String userAgent, RandomGenerator nonces) {
        this.userAgent = userAgent.getBytes(StandardCharsets.UTF_8);
        this.nonces = nonces;
        this.ours = new OurMessages(params.magic());
    }

    @Override
    public CompletionStage<ProbeResult> begin(ProbeTarget target, ProbeContext context) {
        Endpoint endpoint = target.endpoints().get(0);
        long started = System.nanoTime();
        long end = started + context.deadline().remaining().toNanos();
        byte[] version = ours.frame(ourVersion(endpoint, context)).array();
        CompletableFuture<SocketChannel> channel;
        try {
            channel = Dialer.needsProxy(endpoint)
                    ? CompletableFuture.supplyAsync(() -> open(context, endpoint), proxyDials())
                    : CompletableFuture.completedFuture(context.openChannel(endpoint));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return channel.thenCompose(open -> {
            NodeConversation conversation = new NodeConversation(open, target.peerID(), endpoint, ours, version,
                    started, context.waits(endpoint), end, resources, context);
            loop.start(conversation);
            return conversation.outcome();
        }).thenApply(outcome -> result(target, context, outcome));
    }

    /**
     * The probe's result from the conversation's outcome. The addresses new to the crawl were handed to it as they
     * came ({@link ProbeContext#discovered}), so every address the node named is in the result by peer ID, for the
     * edges.
     */
    private static ProbeResult result(ProbeTarget target, ProbeContext context, NodeConversation.Outcome outcome) {
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(outcome.latencyNanos());
        if (!outcome.reached()) {
            return new ProbeResult(observation(target, context, outcome.version(), 0)
                    .unreachable(outcome.errorClass(), outcome.detail()).latencyMs(latencyMs).build(), List.of());
        }
        AdvertisedAddresses advertised = outcome.advertised();
        Peer.Builder peer = observation(target, context, outcome.version(), advertised.entries())
                .status(PeerStatus.REACHABLE).latencyMs(latencyMs).neighbours(advertised.distinct());
        if (outcome.errorClass() != null) {
            peer.endedEarly(outcome.errorClass(), outcome.detail());
        }
        return new ProbeResult(peer.build(), List.of(), advertised.names());
    }

    /** Opens a channel through the proxy, on a thread of {@link #proxyDials()}: the SOCKS5 handshake blocks. */
    private static SocketChannel open(ProbeContext context, Endpoint endpoint) {
        try {
            return context.openChannel(endpoint);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Stops the crawl's conversation loop and its proxy dials. */
    @Override
    public void close() {
        ExecutorService runningDials;
        synchronized (this) {
            closed = true;
            runningDials = proxyDials;
        }
        if (runningDials != null) {
            runningDials.shutdownNow();
        }
        loop.close();
    }

    private synchronized ExecutorService proxyDials() throws IOException {
        if (closed) {
            throw new IOException("the crawl has ended");
        }
        if (proxyDials == null) {
            proxyDials = Executors.newCachedThreadPool(ProbeThreads.daemonFactory("peercensus-btc-proxy-dial"));
        }
        return proxyDials;
    }

    private VersionMessage ourVersion(Endpoint peer, ProbeContext context) {
        AddressType type = peer.address().type();
        NetAddr receiver = type == AddressType.IPV4 || type == AddressType.IPV6
                ? NetAddr.of(peer.address().toInetAddress(), peer.port(), 0)
                : new NetAddr(0, new byte[16], 0);
        return new VersionMessage(PROTOCOL_VERSION, 0, context.now().getEpochSecond(), receiver,
                new NetAddr(0, new byte[16], 0), nonce(), userAgent, 0, Optional.of(false));
    }

    private long nonce() {
        synchronized (nonces) { // generators need not be thread-safe
            return nonces.nextLong();
        }
    }

    /** The observation with everything the node said about itself, status still to set. */
    private static Peer.Builder observation(ProbeTarget target, ProbeContext context, VersionMessage v, int addrCount) {
        Peer.Builder b = Peer.builder().network(context.network()).peerID(target.peerID())
                .addresses(target.addresses()).seenAt(context.now()).source(target.source());
        if (v != null) {
            b.agentVersion(v.userAgentString()).bitcoin(new BitcoinInfo(v.version(), v.services(),
                    ServiceFlag.names(v.services()), v.startHeight(), v.relay().orElse(null), v.nonce(), addrCount,
                    v.isUserAgentValidUtf8() ? null : HexFormat.of().formatHex(v.userAgent())));
        }
        return b;
    }
}
