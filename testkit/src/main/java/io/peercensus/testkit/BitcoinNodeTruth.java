package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ground truth about one node of a {@link SimulatedBitcoinNetwork}: where it listens, how it behaves, what its
 * {@code version} says, when it says it, and every address message it sends after a getaddr.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the address and port a crawler dials (exactly what other nodes announce)
 * @param kind how the node behaves
 * @param version the fields of the valid {@code version} message the node sends, for every kind that sends one
 *     (the kinds that {@link BitcoinNodeKind#handshakes()}); empty otherwise
 * @param announces the addresses of the node's real getaddr answer (all its parts, in the order sent), as an
 *     {@code addrv2} answer carries them; empty for kinds that do not answer getaddr. Gossip and
 *     self-announcements are not part of it; see {@link #addrSends()}
 * @param versionDelay for kinds that send a valid version: how long after accepting the connection the node sends
 *     it, when the peer's version arrives at once (the node's message latency, or seconds for
 *     {@link BitcoinNodeKind#LATE_VERSION}); empty otherwise
 * @param addrSends every {@code addr}/{@code addrv2} message the node sends after getaddr, in the order sent;
 *     the entries of its {@link BitcoinAddrSend.Role#ANSWER} messages, in order, are exactly {@code announces}
 */
public record BitcoinNodeTruth(Endpoint endpoint, BitcoinNodeKind kind, Optional<AnnouncedVersion> version,
                               List<Endpoint> announces, Optional<Duration> versionDelay,
                               List<BitcoinAddrSend> addrSends) {

    /**
     * Checks the fields and copies the lists.
     *
     * @throws IllegalArgumentException when the answer messages do not carry exactly {@code announces}
     */
    public BitcoinNodeTruth {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(versionDelay, "versionDelay");
        announces = List.copyOf(announces);
        addrSends = List.copyOf(addrSends);
        List<Endpoint> answered = new ArrayList<>(announces.size());
        for (BitcoinAddrSend send : addrSends) {
            if (send.role() == BitcoinAddrSend.Role.ANSWER) {
                answered.addAll(send.entries());
            }
        }
        if (!answered.equals(announces)) {
            throw new IllegalArgumentException("the answer messages of " + endpoint + " carry " + answered.size()
                    + " addresses, not the " + announces.size() + " it announces");
        }
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

    /**
     * Every distinct address the node advertises to a peer across all its address messages after getaddr
     * (self-announcement, gossip and every answer part), in the order first sent; before a hostile node
     * misbehaves, that is at most its own address. A peer that did not send sendaddrv2, or a node without BIP155,
     * gets only the IPv4 and IPv6 ones.
     */
    public Set<Endpoint> advertised(boolean peerSentSendAddrV2) {
        boolean all = peerSentSendAddrV2 && kind.speaksAddrV2();
        Set<Endpoint> out = new LinkedHashSet<>();
        for (BitcoinAddrSend send : addrSends) {
            for (Endpoint e : send.entries()) {
                if (all || fitsAddrV1(e)) {
                    out.add(e);
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * {@link #advertised(boolean)} without the node's own address: the neighbours a crawler records for the node
     * when it keeps every address advertised to it.
     */
    public Set<Endpoint> advertisedOthers(boolean peerSentSendAddrV2) {
        Set<Endpoint> out = new LinkedHashSet<>(advertised(peerSentSendAddrV2));
        out.remove(endpoint);
        return Collections.unmodifiableSet(out);
    }

    /**
     * How long after receiving getaddr the node sends the last message of its answer, message latency included;
     * empty when it never answers. A crawler whose whole getaddr wait is at least this (plus the network's round
     * trip) gets the whole answer.
     */
    public Optional<Duration> answerDelay() {
        Duration last = null;
        for (BitcoinAddrSend send : addrSends) {
            if (send.role() == BitcoinAddrSend.Role.ANSWER && (last == null || send.delay().compareTo(last) > 0)) {
                last = send.delay();
            }
        }
        return Optional.ofNullable(last);
    }

    /** Whether a crawler completes the handshake with this node (see {@link BitcoinNodeKind#handshakes()}). */
    public boolean handshakes() {
        return kind.handshakes();
    }

    /** The error class a crawler should record for this node (see {@link BitcoinNodeKind#expectedError()}). */
    public Optional<ErrorClass> expectedError() {
        return kind.expectedError();
    }

    /** Whether {@code e} can be sent in a pre-BIP155 {@code addr} message (IPv4 or IPv6). */
    static boolean fitsAddrV1(Endpoint e) {
        AddressType type = e.address().type();
        return type == AddressType.IPV4 || type == AddressType.IPV6;
    }
}
