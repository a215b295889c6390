package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import java.util.Optional;

/**
 * How a node of a {@link SimulatedDhtNetwork} behaves when a crawler dials it.
 *
 * <p>{@link #DIALABLE} and {@link #SLOW} nodes complete the libp2p handshake and answer identify and FIND_NODE
 * ({@link #isDialable()}); the others fail in the way their name says, and {@link #expectedError()} gives the
 * class a crawler should record for them. Those that fail only after Noise and yamux are up are still reachable
 * ({@link #isReachable()}): their error says how the conversation ended early. Immutable and thread-safe.
 */
public enum DhtNodeKind {
    /** A well-behaved node: Noise, yamux, identify and FIND_NODE answered from its routing table. */
    DIALABLE,
    /** A well-behaved node that answers the handshake and every request after a delay (below a 5 s per-wait timeout). */
    SLOW,
    /** A listener whose accept queue is full (behind a NAT or firewall, as on the internet): the connect times out. */
    UNDIALABLE_BLACK_HOLE,
    /** An address nobody listens on (a node that went away): the connect is refused at once. */
    DEAD,
    /**
     * A node that proves, in the Noise handshake, an identity other than the peer ID the routing tables give for
     * its address (as a node restarted with a new key): a dialer that expects the tables' peer ID rejects it.
     */
    HOSTILE_WRONG_IDENTITY,
    /** Completes Noise and agrees yamux, then sends bytes that are not yamux frames ({@code HTTP/1.1 400 ...}). */
    HOSTILE_GARBAGE,
    /** Completes the handshake, then answers the dialer's first stream with a yamux DATA frame of 16 MiB. */
    HOSTILE_OVERSIZED_FRAME;

    /** Whether a crawler completes the handshake with nodes of this kind and reads their routing table. */
    public boolean isDialable() {
        return switch (this) {
            case DIALABLE, SLOW -> true;
            case UNDIALABLE_BLACK_HOLE, DEAD, HOSTILE_WRONG_IDENTITY, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> false;
        };
    }

    /**
     * Whether a crawler records nodes of this kind reachable: they complete Noise and agree yamux, whatever they do
     * afterwards (the dialable kinds, and those that break yamux after it).
     */
    public boolean isReachable() {
        return switch (this) {
            case DIALABLE, SLOW, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> true;
            case UNDIALABLE_BLACK_HOLE, DEAD, HOSTILE_WRONG_IDENTITY -> false;
        };
    }

    /** Whether nodes of this kind break the protocol on purpose. */
    public boolean isHostile() {
        return switch (this) {
            case HOSTILE_WRONG_IDENTITY, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> true;
            case DIALABLE, SLOW, UNDIALABLE_BLACK_HOLE, DEAD -> false;
        };
    }

    /** Whether a TCP connection to nodes of this kind is accepted (they have a serving listener). */
    public boolean accepts() {
        return switch (this) {
            case UNDIALABLE_BLACK_HOLE, DEAD -> false;
            case DIALABLE, SLOW, HOSTILE_WRONG_IDENTITY, HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> true;
        };
    }

    /**
     * The error class a crawler should record for a node of this kind: empty for dialable kinds, {@code timeout}
     * for black holes, {@code refused} for dead addresses, {@code handshake} for a wrong identity (all three
     * unreachable), {@code protocol} for garbage and oversized frames (reachable, the conversation having ended early).
     */
    public Optional<ErrorClass> expectedError() {
        return switch (this) {
            case DIALABLE, SLOW -> Optional.empty();
            case UNDIALABLE_BLACK_HOLE -> Optional.of(ErrorClass.TIMEOUT);
            case DEAD -> Optional.of(ErrorClass.REFUSED);
            case HOSTILE_WRONG_IDENTITY -> Optional.of(ErrorClass.HANDSHAKE);
            case HOSTILE_GARBAGE, HOSTILE_OVERSIZED_FRAME -> Optional.of(ErrorClass.PROTOCOL);
        };
    }

    /**
     * For hostile kinds, the start of the message our transport (peercensus-dht's {@code Upgrader} and yamux
     * session) fails with on the node's bytes; empty for other kinds.
     */
    public Optional<String> expectedTransportError() {
        return switch (this) {
            case HOSTILE_WRONG_IDENTITY -> Optional.of("noise: remote is ");
            case HOSTILE_GARBAGE -> Optional.of("yamux: unsupported version 72");
            case HOSTILE_OVERSIZED_FRAME -> Optional.of("yamux: frame length 16777216 exceeds 1048576");
            case DIALABLE, SLOW, UNDIALABLE_BLACK_HOLE, DEAD -> Optional.empty();
        };
    }
}
