package io.peercensus.testkit.internal.btc;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.testkit.AnnouncedVersion;
import io.peercensus.testkit.BitcoinNodeKind;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One listening node as its connections see it: kind, address, version fields, script of timings and messages,
 * and the bytes it sends built from them.
 *
 * <p>Immutable and thread-safe.
 */
final class ServedNode {

    final int index;
    final BitcoinNodeKind kind;
    final Endpoint endpoint;
    final AnnouncedVersion version;
    final NodeScript script;
    final long latencyNanos;
    final int magic;
    /** Whether the node completes a valid handshake (sends an intact version and verack). */
    final boolean handshakes;
    private final Population population;

    ServedNode(int index, BitcoinNodeKind kind, Endpoint endpoint, AnnouncedVersion version, NodeScript script,
               Population population, int magic) {
        this.index = index;
        this.kind = kind;
        this.endpoint = endpoint;
        this.version = version;
        this.script = script;
        this.latencyNanos = script.latencyNanos();
        this.population = population;
        this.magic = magic;
        this.handshakes = kind.handshakes();
    }

    /** The node's {@code version} to a peer at {@code remote}, Bitcoin Core style (addr_from all zeros). */
    VersionMessage versionMessage(InetSocketAddress remote, long nonce, long nowSeconds) {
        NetAddr recv = NetAddr.of(remote.getAddress(), remote.getPort(), 0);
        NetAddr from = new NetAddr(version.services(), new byte[16], 0);
        return new VersionMessage(version.version(), version.services(), nowSeconds, recv, from, nonce,
                version.userAgent(), version.startHeight(), version.relay());
    }

    /** The node's own address alone. */
    BitcoinMessage selfAnnouncement(boolean addrV2, long nowSeconds) {
        return addrV2
                ? new AddrV2Message(List.of(Population.v2Entry(endpoint, version.services(), nowSeconds)))
                : new AddrMessage(List.of(Population.v1Entry(endpoint, version.services(), nowSeconds)));
    }

    /**
     * The bytes of {@code step} to a peer (an address message left with no address the peer can take is sent
     * empty, as it always was).
     *
     * @param addrV2 whether to send {@code addrv2} (the peer sent sendaddrv2 and the node speaks BIP155)
     * @param nonces where a ping's nonce comes from
     * @param nowSeconds the time, for last-seen fields
     */
    byte[] bytes(NodeScript.Step step, boolean addrV2, LongSupplier nonces, long nowSeconds) {
        return switch (step.action()) {
            case SELF -> frame(selfAnnouncement(addrV2, nowSeconds));
            case GOSSIP, ANSWER -> frame(addrV2 ? population.addrV2(step.entries()) : population.addr(step.entries()));
            case BAD_CHECKSUM_PING -> HostileReplies.badChecksum(PingMessage.of(nonces.getAsLong()), magic);
            case OVERSIZED_HEADER -> HostileReplies.oversizedHeader(addrV2 ? "addrv2" : "addr", magic);
            case TRUNCATED_PING -> HostileReplies.truncated(PingMessage.of(nonces.getAsLong()), magic);
            case MALFORMED_ADDR -> HostileReplies.malformedAddr(
                    Population.v1Entry(endpoint, version.services(), nowSeconds), magic);
            case ADDR_COUNT_OVER_CAP -> HostileReplies.addrCountOverCap(
                    Population.v1Entry(endpoint, version.services(), nowSeconds), magic);
        };
    }

    /** {@code message} framed for this network. */
    byte[] frame(BitcoinMessage message) {
        return Frame.of(message).encode(magic);
    }
}
