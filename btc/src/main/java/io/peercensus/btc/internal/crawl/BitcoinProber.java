package io.peercensus.btc.internal.crawl;

import io.peercensus.BitcoinInfo;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameReader;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.ServiceFlag;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Prober;
import io.peercensus.net.Deadline;
import io.peercensus.net.DeadlineInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One conversation with one Bitcoin node: connect, {@code version} (protocol 70016), {@code sendaddrv2}
 * before {@code verack} (BIP155), {@code getaddr} after the handshake, then {@code addr}/{@code addrv2}
 * answers until the real answer arrived or the wait ran out. A lone self-announcement does not end the
 * wait. Pings are answered; every other message is ignored.
 *
 * <p>A node that breaks the protocol at any point is recorded unreachable with class {@code protocol}
 * (with what it said about itself, if anything); one that stops talking after the handshake is
 * reachable with the addresses it gave. Thread-safe: conversations share only immutable state and
 * the nonce generator and the crawl's {@link AddressBook}; make one prober per crawl.
 */
public final class BitcoinProber implements Prober {
    /** The protocol version we speak. */
    public static final int PROTOCOL_VERSION = 70016;
    /** Bitcoin Core relays gossip in messages of at most this many addresses; more is a getaddr answer. */
    private static final int GOSSIP_MAX = 10;
    /** After a small answer, how long to wait for more before ending. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final BitcoinNetworkParams params;
    private final byte[] userAgent;
    private final RandomGenerator nonces;
    private final AddressBook book = new AddressBook();

    /**
     * A prober for one network.
     *
     * @param params the network's magic
     * @param userAgent our user agent, e.g. {@code /peercensus:0.1.0/}
     * @param nonces source of version nonces
     */
    public BitcoinProber(BitcoinNetworkParams params, String userAgent, RandomGenerator nonces) {
        this.params = params;
        this.userAgent = userAgent.getBytes(StandardCharsets.UTF_8);
        this.nonces = nonces;
    }

    @Override
    public ProbeResult probe(ProbeTarget target, ProbeContext context) throws IOException {
        Endpoint endpoint = target.endpoints().get(0);
        long started = System.nanoTime();
        Socket socket = context.connect(endpoint);
        DeadlineInputStream input = new DeadlineInputStream(socket);
        FrameReader frames = new FrameReader(new BufferedInputStream(input, 8192), params.magic());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 512);

        send(out, ourVersion(endpoint, context));
        send(out, SendAddrV2Message.INSTANCE);
        out.flush();

        VersionMessage theirs = null;
        boolean verack = false;
        input.await("version", context.deadline().atMost(context.timeout()));
        try {
            while (theirs == null || !verack) {
                BitcoinMessage message = read(frames);
                if (message instanceof VersionMessage) {
                    if (theirs != null) {
                        throw new BitcoinWireException("version: sent twice");
                    }
                    theirs = (VersionMessage) message;
                    send(out, VerackMessage.INSTANCE);
                    out.flush();
                    input.await("verack", context.deadline().atMost(context.timeout()));
                } else if (message instanceof VerackMessage) {
                    verack = true;
                } else if (message instanceof PingMessage) {
                    answer(out, (PingMessage) message);
                }
            }
        } catch (EOFException e) {
            throw new IOException("closed by the peer before the " + (theirs == null ? "version" : "verack"), e);
        } catch (BitcoinWireException e) {
            return protocolError(target, context, theirs, e, started);
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;

        AdvertisedAddresses advertised = new AdvertisedAddresses(target.peerID(), book);
        send(out, GetAddrMessage.INSTANCE);
        out.flush();
        Deadline wait = context.deadline().atMost(context.timeout());
        input.await("addr", wait);
        try {
            boolean answered = false;
            while (true) {
                BitcoinMessage message = read(frames);
                int size;
                boolean other;
                if (message instanceof AddrMessage) {
                    size = ((AddrMessage) message).entries().size();
                    other = advertised.addV1(((AddrMessage) message).entries());
                } else if (message instanceof AddrV2Message) {
                    size = ((AddrV2Message) message).entries().size();
                    other = advertised.addV2(((AddrV2Message) message).entries());
                } else {
                    if (message instanceof PingMessage) {
                        answer(out, (PingMessage) message);
                    }
                    continue;
                }
                if (other && size > GOSSIP_MAX) {
                    break; // the getaddr answer
                }
                if (other && !answered) {
                    answered = true; // a small answer, or gossip: give the real one a moment more
                    input.await("addr", wait.atMost(SETTLE));
                }
            }
        } catch (SocketTimeoutException | EOFException waitEnded) {
            // the node said what it had to say: reachable, with the addresses it gave
        } catch (BitcoinWireException e) {
            return protocolError(target, context, theirs, e, started);
        } catch (IOException reset) {
            // reset after the handshake: still reachable
        }
        Peer peer = observation(target, context, theirs, advertised.entries())
                .status(PeerStatus.REACHABLE).latencyMs(latencyMs).neighbours(advertised.distinct()).build();
        return new ProbeResult(peer, advertised.targets(), advertised.knownNames());
    }

    private BitcoinMessage read(FrameReader frames) throws IOException {
        Frame frame = frames.read();
        return BitcoinMessage.decode(frame.command(), ByteBuffer.wrap(frame.payload()));
    }

    private void send(OutputStream out, BitcoinMessage message) throws IOException {
        out.write(Frame.of(message).encode(params.magic()));
    }

    private void answer(OutputStream out, PingMessage ping) throws IOException {
        Optional<? extends BitcoinMessage> pong = ping.pong();
        if (pong.isPresent()) {
            send(out, pong.get());
            out.flush();
        }
    }

    private VersionMessage ourVersion(Endpoint peer, ProbeContext context) {
        AddressType type = peer.address().type();
        NetAddr receiver = type == AddressType.IPV4 || type == AddressType.IPV6
                ? NetAddr.of(peer.address().toInetAddress(), peer.port(), 0)
                : new NetAddr(0, new byte[16], 0);
        return new VersionMessage(PROTOCOL_VERSION, 0, context.now().getEpochSecond(), receiver,
                new NetAddr(0, new byte[16], 0), nonces.nextLong(), userAgent, 0, Optional.of(false));
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

    /** A protocol violation: unreachable with class protocol, keeping what the node said about itself. */
    private static ProbeResult protocolError(ProbeTarget target, ProbeContext context, VersionMessage v,
            BitcoinWireException e, long started) {
        return new ProbeResult(observation(target, context, v, 0).unreachable(ErrorClass.PROTOCOL, e.getMessage())
                .latencyMs((System.nanoTime() - started) / 1_000_000).build(), List.of());
    }
}
