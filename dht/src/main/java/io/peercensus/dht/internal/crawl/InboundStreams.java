package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.identify.IdentifyResponder;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiaddrProtocol;
import io.peercensus.internal.Version;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Answers the streams a peer opens on the crawler's connection to it, for as long as the conversation lasts:
 * identify ({@code /ipfs/id/1.0.0}) gets the crawler's own identify, which announces identify alone (never the
 * DHT protocol, so the peer does not put the crawler into its routing table); every other protocol is refused
 * with multistream {@code na}.
 *
 * <p>Refusing is not the same as resetting. js-libp2p identifies and pings every connection (its connection
 * monitor pings each one every 10 s) and aborts a connection whose ping stream is reset, while it takes a
 * refused protocol as proof the peer is alive; a crawler that reset those streams lost the connection mid-walk.
 *
 * <p>Not thread-safe: {@link #call} runs on one thread per connection and returns when the connection ends or
 * the deadline passes.
 */
final class InboundStreams implements Callable<Void> {
    /** The identify protocol version sent, as go-libp2p and js-libp2p send it. */
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** The agent version sent. */
    static final String AGENT_VERSION = "peercensus/" + Version.get();
    /** The protocols the crawler answers on inbound streams. */
    static final Set<String> SUPPORTED = Set.of(IdentifyMessage.PROTOCOL_ID);

    private final Connection connection;
    private final IdentifyMessage identify;
    private final Deadline deadline;

    /**
     * Answers inbound streams on {@code connection} until it ends or {@code deadline} passes.
     *
     * @param self the crawler's identity key
     * @param observed the peer's address as the crawler sees it, or {@code null}
     */
    InboundStreams(Connection connection, PublicKey self, InetSocketAddress observed, Deadline deadline) {
        this.connection = connection;
        this.identify = identify(self, observed);
        this.deadline = deadline;
    }

    /** The crawler's identify: its key, no listen addresses, identify as its only protocol, the observed address. */
    static IdentifyMessage identify(PublicKey self, InetSocketAddress observed) {
        return IdentifyMessage.of(self, List.of(), List.copyOf(SUPPORTED), observedAddress(observed), PROTOCOL_VERSION, AGENT_VERSION);
    }

    @Override
    public Void call() {
        while (true) {
            Connection.InboundStream inbound;
            try {
                inbound = connection.acceptStream(SUPPORTED, deadline);
            } catch (IOException e) {
                return null; // the connection ended, or the conversation's time is up
            }
            try {
                IdentifyResponder.respond(inbound.stream(), identify, deadline);
            } catch (IOException e) {
                inbound.stream().reset(); // that stream failed; the connection may still be fine
            }
        }
    }

    private static Multiaddr observedAddress(InetSocketAddress observed) {
        if (observed == null || observed.getAddress() == null) {
            return null;
        }
        MultiaddrProtocol ip = observed.getAddress() instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
        int port = observed.getPort();
        return Multiaddr.of(List.of(new Multiaddr.Component(ip.code(), observed.getAddress().getAddress()),
                new Multiaddr.Component(MultiaddrProtocol.TCP.code(), new byte[] {(byte) (port >> 8), (byte) port})));
    }
}
