package io.peercensus.testkit.internal.btc;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.testkit.AnnouncedVersion;
import io.peercensus.testkit.BitcoinNodeKind;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One listening node as its connections see it: kind, address, version fields, answer and timings, and the
 * messages it sends built from them.
 *
 * <p>Immutable and thread-safe.
 */
final class ServedNode {

    final int index;
    final BitcoinNodeKind kind;
    final Endpoint endpoint;
    final AnnouncedVersion version;
    final long latencyNanos;
    final long addrReplyDelayNanos;
    final int magic;
    /** Whether the node completes a valid handshake (sends an intact version and verack). */
    final boolean handshakes;
    private final int[] announces;
    private final Population population;

    ServedNode(int index, BitcoinNodeKind kind, Endpoint endpoint, AnnouncedVersion version, int[] announces,
               Population population, long latencyNanos, long addrReplyDelayNanos, int magic) {
        this.index = index;
        this.kind = kind;
        this.endpoint = endpoint;
        this.version = version;
        this.announces = announces;
        this.population = population;
        this.latencyNanos = latencyNanos;
        this.addrReplyDelayNanos = addrReplyDelayNanos;
        this.magic = magic;
        this.handshakes = kind.isReachable() || kind == BitcoinNodeKind.HOSTILE_ADDR_COUNT;
    }

    /** The node's {@code version} to a peer at {@code remote}, Bitcoin Core style (addr_from all zeros). */
    VersionMessage versionMessage(InetSocketAddress remote, long nonce, long nowSeconds) {
        NetAddr recv = NetAddr.of(remote.getAddress(), remote.getPort(), 0);
        NetAddr from = new NetAddr(version.services(), new byte[16], 0);
        return new VersionMessage(version.version(), version.services(), nowSeconds, recv, from, nonce,
                version.userAgent(), version.startHeight(), version.relay());
    }

    /** The first answer to getaddr: the node's own address alone. */
    BitcoinMessage selfAnnouncement(boolean addrV2, long nowSeconds) {
        return addrV2
                ? new AddrV2Message(List.of(Population.v2Entry(endpoint, version.services(), nowSeconds)))
                : new AddrMessage(List.of(Population.v1Entry(endpoint, version.services(), nowSeconds)));
    }

    /** The real answer to getaddr. */
    BitcoinMessage realAnswer(boolean addrV2) {
        return addrV2 ? population.addrV2(announces) : population.addr(announces);
    }

    /** {@code message} framed for this network. */
    byte[] frame(BitcoinMessage message) {
        return Frame.of(message).encode(magic);
    }
}
