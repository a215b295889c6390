package io.peercensus.dht.internal.crawl;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.MultiaddrProtocol;
import io.peercensus.internal.Version;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Answers a stream the peer opens on the crawler's connection (its identify of us, its pings): identify
 * ({@code /ipfs/id/1.0.0}) gets the crawler's own identify, which announces identify alone (never the DHT
 * protocol, so the peer does not put the crawler into its routing table); every other protocol is refused with
 * multistream {@code na}.
 *
 * <p>Refusing is not the same as resetting. js-libp2p identifies and pings every connection (its connection
 * monitor pings each one every 10 s) and aborts a connection whose ping stream is reset, while it takes a refused
 * protocol as proof the peer is alive; a crawler that reset those streams lost the connection mid-walk. A stream
 * that breaks multistream-select, or ends before it proposed anything we answer, is reset; it never fails the
 * conversation.
 *
 * <p>Not thread-safe: used on the conversation loop's thread only.
 */
final class InboundAnswer extends ConversationStream {
    /** The identify protocol version sent, as go-libp2p and js-libp2p send it. */
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** The agent version sent. */
    static final String AGENT_VERSION = "peercensus/" + Version.get();

    private boolean headerRead;
    private int proposals;
    private boolean answered;

    InboundAnswer(long id) {
        super(id, 256);
    }

    /** What we send when the stream opens, with its ACK: the multistream header. */
    static byte[] opening() {
        return Multistream.encode(Multistream.PROTOCOL_ID);
    }

    /** The crawler's identify: its key, no listen addresses, identify as its only protocol, the observed address. */
    static IdentifyMessage identify(PublicKey self, InetSocketAddress observed) {
        return IdentifyMessage.of(self, List.of(), List.of(IdentifyMessage.PROTOCOL_ID), observedAddress(observed), PROTOCOL_VERSION,
                AGENT_VERSION);
    }

    @Override
    void received(PeerConversation conversation) {
        if (answered) {
            data.skip(data.size());
            return;
        }
        ByteBuffer view = data.view();
        try {
            if (!headerRead) {
                String header = Multistream.poll(view);
                if (header == null) {
                    return;
                }
                if (!header.equals(Multistream.PROTOCOL_ID)) {
                    throw new ProbeException(ErrorClass.PROTOCOL, "multistream: expected header " + Multistream.PROTOCOL_ID);
                }
                headerRead = true;
            }
            String proposal;
            while (!answered && (proposal = Multistream.poll(view)) != null) {
                if (++proposals > Multistream.MAX_PROPOSALS) {
                    throw new ProbeException(ErrorClass.PROTOCOL, "multistream: more than " + Multistream.MAX_PROPOSALS + " proposals refused");
                }
                if (proposal.equals(IdentifyMessage.PROTOCOL_ID)) {
                    answered = true;
                    byte[] echo = Multistream.encode(proposal);
                    byte[] identify = LengthPrefixed.encode(conversation.ourIdentify());
                    byte[] both = java.util.Arrays.copyOf(echo, echo.length + identify.length);
                    System.arraycopy(identify, 0, both, echo.length, identify.length);
                    conversation.send(this, both, true);
                } else {
                    conversation.send(this, Multistream.encode(Multistream.NA), false);
                }
            }
        } catch (ProbeException e) {
            conversation.reset(this); // that stream is broken; the connection may still be fine
        } finally {
            data.take(view);
        }
    }

    @Override
    void ended(PeerConversation conversation) {
        if (!answered) {
            conversation.reset(this);
        }
    }

    @Override
    void reset(PeerConversation conversation) {
        // nothing to undo
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
