package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import java.util.Optional;

/**
 * How a node of a {@link SimulatedBitcoinNetwork} behaves when a crawler dials it.
 *
 * <p>The first five kinds complete the handshake ({@link #isReachable()}); the others fail in the way their name
 * says, and {@link #expectedError()} gives the class a crawler should record for them. Immutable and thread-safe.
 */
public enum BitcoinNodeKind {
    /** A modern node (protocol 70016): version, sendaddrv2, verack; on getaddr a self-announcement, then the answer. */
    REACHABLE,
    /** A node from before BIP155 (protocol 70015 or older): never sends or honours sendaddrv2, answers in {@code addr}. */
    OLD,
    /** A modern node that answers every message after a delay of seconds (still below a 5 s per-wait timeout). */
    SLOW,
    /** A modern node that completes the handshake but never answers getaddr. */
    NEVER_ANSWERS_GETADDR,
    /** A modern, valid node whose user agent is odd: NUL, newline, quote, backslash, U+2028, invalid UTF-8, 256 bytes. */
    ODD_AGENT,
    /** Accepts the connection, reads what it is sent, never writes, never closes. */
    TARPIT,
    /** A listener whose accept queue is full: a dialer's SYN is dropped and its connect times out. */
    BLACK_HOLE,
    /** An address nobody listens on: the connect is refused at once. */
    DEAD,
    /** Answers version with a frame whose checksum is wrong. */
    HOSTILE_BAD_CHECKSUM,
    /** Answers version with a header announcing a payload over 4,000,000 bytes, then sends nothing more. */
    HOSTILE_OVERSIZED_LENGTH,
    /** Completes the handshake, then answers getaddr with an {@code addr} of 1001 entries. */
    HOSTILE_ADDR_COUNT,
    /** Answers version with half a frame, then closes the connection. */
    HOSTILE_TRUNCATED,
    /** Answers version with a frame under another network's magic. */
    HOSTILE_BAD_MAGIC;

    /** Whether a crawler completes the version handshake with nodes of this kind. */
    public boolean isReachable() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT -> true;
            case TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT,
                    HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC -> false;
        };
    }

    /** Whether nodes of this kind break the wire protocol on purpose. */
    public boolean isHostile() {
        return expectedError().equals(Optional.of(ErrorClass.PROTOCOL));
    }

    /** Whether nodes of this kind answer getaddr with a list of addresses that a crawler may follow. */
    public boolean answersGetaddr() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, ODD_AGENT -> true;
            case NEVER_ANSWERS_GETADDR, TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH,
                    HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC -> false;
        };
    }

    /** Whether nodes of this kind speak BIP155 (send sendaddrv2, answer in addrv2 to peers that sent it). */
    public boolean speaksAddrV2() {
        return switch (this) {
            case REACHABLE, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, HOSTILE_ADDR_COUNT -> true;
            case OLD, TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_TRUNCATED,
                    HOSTILE_BAD_MAGIC -> false;
        };
    }

    /**
     * The error class a crawler should record for a node of this kind: empty for reachable kinds (and for
     * {@link #NEVER_ANSWERS_GETADDR}, whose handshake succeeds), {@code timeout} for tarpits and black holes,
     * {@code refused} for dead addresses, {@code protocol} for hostile nodes.
     */
    public Optional<ErrorClass> expectedError() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT -> Optional.empty();
            case TARPIT, BLACK_HOLE -> Optional.of(ErrorClass.TIMEOUT);
            case DEAD -> Optional.of(ErrorClass.REFUSED);
            case HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED,
                    HOSTILE_BAD_MAGIC -> Optional.of(ErrorClass.PROTOCOL);
        };
    }

    /**
     * For hostile kinds, the start of the {@code BitcoinWireException} message our wire codec raises on the
     * node's bytes (the blocking {@code FrameReader} for {@link #HOSTILE_TRUNCATED}); empty for other kinds.
     */
    public Optional<String> expectedWireError() {
        return switch (this) {
            case HOSTILE_BAD_CHECKSUM -> Optional.of("checksum mismatch for 'version'");
            case HOSTILE_OVERSIZED_LENGTH -> Optional.of("payload length 4000001 exceeds 4000000");
            case HOSTILE_ADDR_COUNT -> Optional.of("addr: count 1001 exceeds 1000");
            case HOSTILE_TRUNCATED -> Optional.of("stream ended inside the payload of 'version'");
            case HOSTILE_BAD_MAGIC -> Optional.of("bad magic 0x");
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TARPIT, BLACK_HOLE, DEAD -> Optional.empty();
        };
    }
}
