package io.peercensus.testkit;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ground truth about one node of a {@link SimulatedBitcoinNetwork}: where it listens, how it behaves, what its
 * {@code version} says and which addresses it gives in answer to getaddr.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the address and port a crawler dials (exactly what other nodes announce)
 * @param kind how the node behaves
 * @param version the fields of the valid {@code version} message the node sends, for every kind that sends one
 *     (the reachable kinds and {@link BitcoinNodeKind#HOSTILE_ADDR_COUNT}); empty otherwise
 * @param announces the addresses of the node's real getaddr answer, in the order sent, as an {@code addrv2} answer
 *     carries them (empty for kinds that do not answer getaddr); see {@link #announcedTo(boolean)}
 */
public record BitcoinNodeTruth(Endpoint endpoint, BitcoinNodeKind kind, Optional<AnnouncedVersion> version,
                               List<Endpoint> announces) {

    public BitcoinNodeTruth {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        announces = List.copyOf(announces);
    }

    /**
     * The addresses of the real answer a peer gets: all of {@link #announces()} in {@code addrv2} when the peer sent
     * sendaddrv2 and the node speaks BIP155; otherwise an {@code addr} answer, which carries only IPv4 and IPv6
     * (Tor v3, I2P and CJDNS are left out, as Bitcoin Core does).
     */
    public List<Endpoint> announcedTo(boolean peerSentSendAddrV2) {
        if (peerSentSendAddrV2 && kind.speaksAddrV2()) {
            return announces;
        }
        return announces.stream().filter(BitcoinNodeTruth::fitsAddrV1).toList();
    }

    /** Whether {@code e} can be sent in a pre-BIP155 {@code addr} message (IPv4 or IPv6). */
    static boolean fitsAddrV1(Endpoint e) {
        AddressType type = e.address().type();
        return type == AddressType.IPV4 || type == AddressType.IPV6;
    }
}
