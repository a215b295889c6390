package io.peercensus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One observation of one peer: what a crawl saw of it at {@link #seenAt()}.
 *
 * <p>A peer can be observed many times; each observation stands alone. The component names are the
 * JSON field names of NDJSON files, the HTTP feed and the database, and are a public contract.
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * @param network the network it belongs to
 * @param peerID libp2p: the peer ID; Bitcoin: the canonical address ({@code 1.2.3.4:8333},
 *     {@code [2001:db8::1]:8333}, {@code <56 chars>.onion:8333}, {@code <52 chars>.b32.i2p:0})
 * @param addresses its multiaddrs ({@code /ip4/1.2.3.4/tcp/8333}, {@code /onion3/...:8333}, ...)
 * @param protocols libp2p: the protocols from identify; Bitcoin: empty
 * @param agentVersion the libp2p agent version or Bitcoin user agent as sent (U+FFFD for invalid UTF-8);
 *     empty when not known
 * @param status reachable, unreachable or discovered
 * @param error on an unreachable peer, why the dial or handshake failed; on a reachable peer, how the conversation
 *     ended early after the handshake (a malformed message, a reset, a stall), or {@code null} when it ended
 *     normally; always {@code null} on a discovered peer
 * @param latencyMs connect plus handshake time in milliseconds, or {@code null} when not dialed
 * @param seenAt when the observation was made
 * @param source the peer ID of the peer that told us of this one, {@code null} for seeds
 * @param bitcoin the Bitcoin version details, {@code null} for other networks and for peers not reached
 * @param neighbours how many distinct peers this peer returned, {@code null} when not asked
 */
public record Peer(
        Network network,
        String peerID,
        List<String> addresses,
        List<String> protocols,
        String agentVersion,
        PeerStatus status,
        PeerError error,
        Long latencyMs,
        Instant seenAt,
        String source,
        BitcoinInfo bitcoin,
        Integer neighbours) {

    public Peer {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(peerID, "peerID");
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(seenAt, "seenAt");
        if (status == PeerStatus.UNREACHABLE && error == null || status == PeerStatus.DISCOVERED && error != null) {
            throw new IllegalArgumentException("an unreachable observation has an error and a discovered one none: status "
                    + status.jsonName() + ", error " + error);
        }
    }

    /** A builder with empty addresses, protocols and agent version. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this observation's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .network(network).peerID(peerID).addresses(addresses).protocols(protocols)
                .agentVersion(agentVersion).status(status).error(error).latencyMs(latencyMs)
                .seenAt(seenAt).source(source).bitcoin(bitcoin).neighbours(neighbours);
    }

    /** Builds a {@link Peer}. Not thread-safe. */
    public static final class Builder {
        private Network network;
        private String peerID;
        private List<String> addresses = List.of();
        private List<String> protocols = List.of();
        private String agentVersion = "";
        private PeerStatus status;
        private PeerError error;
        private Long latencyMs;
        private Instant seenAt;
        private String source;
        private BitcoinInfo bitcoin;
        private Integer neighbours;

        private Builder() {
        }

        /** Sets {@link Peer#network()}. */
        public Builder network(Network network) {
            this.network = network;
            return this;
        }

        /** Sets {@link Peer#peerID()}. */
        public Builder peerID(String peerID) {
            this.peerID = peerID;
            return this;
        }

        /** Sets {@link Peer#addresses()}. */
        public Builder addresses(List<String> addresses) {
            this.addresses = addresses;
            return this;
        }

        /** Sets {@link Peer#protocols()}. */
        public Builder protocols(List<String> protocols) {
            this.protocols = protocols;
            return this;
        }

        /** Sets {@link Peer#agentVersion()}. */
        public Builder agentVersion(String agentVersion) {
            this.agentVersion = agentVersion;
            return this;
        }

        /** Sets {@link Peer#status()}. */
        public Builder status(PeerStatus status) {
            this.status = status;
            return this;
        }

        /** Sets {@link Peer#error()}. */
        public Builder error(PeerError error) {
            this.error = error;
            return this;
        }

        /** Marks the observation unreachable with this error. */
        public Builder unreachable(ErrorClass errorClass, String detail) {
            this.status = PeerStatus.UNREACHABLE;
            this.error = new PeerError(errorClass, detail);
            return this;
        }

        /** Marks the observation reachable, its conversation having ended early after the handshake with this error. */
        public Builder endedEarly(ErrorClass errorClass, String detail) {
            this.status = PeerStatus.REACHABLE;
            this.error = new PeerError(errorClass, detail);
            return this;
        }

        /** Sets {@link Peer#latencyMs()}. */
        public Builder latencyMs(Long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /** Sets {@link Peer#seenAt()}. */
        public Builder seenAt(Instant seenAt) {
            this.seenAt = seenAt;
            return this;
        }

        /** Sets {@link Peer#source()}. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Sets {@link Peer#bitcoin()}. */
        public Builder bitcoin(BitcoinInfo bitcoin) {
            this.bitcoin = bitcoin;
            return this;
        }

        /** Sets {@link Peer#neighbours()}. */
        public Builder neighbours(Integer neighbours) {
            this.neighbours = neighbours;
            return this;
        }

        /**
         * Builds the observation.
         *
         * @throws NullPointerException naming a required field that was not set
         * @throws IllegalArgumentException when an unreachable observation has no error, or a discovered one has one
         */
        public Peer build() {
            return new Peer(network, peerID, addresses, protocols, agentVersion, status, error, latencyMs, seenAt,
                    source, bitcoin, neighbours);
        }
    }
}
