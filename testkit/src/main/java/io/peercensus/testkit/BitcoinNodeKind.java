package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import java.util.Optional;

/**
 * How a node of a {@link SimulatedBitcoinNetwork} behaves when a crawler dials it. Each kind models something real
 * nodes do (see {@code NETWORKS.md}); the timings are set on {@link SimulatedBitcoinNetwork.Builder}.
 *
 * <p>Three groups:
 * <ul>
 *   <li>nodes that complete the handshake and end normally: {@link #REACHABLE} to
 *       {@link #BAD_CHECKSUM_AFTER_HANDSHAKE};</li>
 *   <li>nodes that never complete it: {@link #TARPIT}, {@link #BLACK_HOLE}, {@link #DEAD} and the hostile kinds
 *       that misbehave before the handshake ({@link #HOSTILE_BAD_CHECKSUM}, {@link #HOSTILE_OVERSIZED_LENGTH},
 *       {@link #HOSTILE_TRUNCATED}, {@link #HOSTILE_BAD_MAGIC});</li>
 *   <li>nodes that complete the handshake ({@link #handshakes()}) and then break the protocol
 *       ({@link #isHostileAfterHandshake()}): {@link #HOSTILE_ADDR_COUNT} and the
 *       {@code HOSTILE_AFTER_HANDSHAKE_*} kinds.</li>
 * </ul>
 * {@link #expectedError()} gives the class a crawler should record for each. Immutable and thread-safe.
 */
public enum BitcoinNodeKind {
    /**
     * A modern node (protocol 70016, Bitcoin Core 22 or later): version, sendaddrv2, verack; on getaddr a
     * self-announcement, then the answer from its cache on the next message-handling pass.
     */
    REACHABLE,
    /** A node from before BIP155 (protocol 70015 or older): never sends or honours sendaddrv2, answers in {@code addr}. */
    OLD,
    /**
     * A modern node on a slow link or overloaded: each of its messages leaves seconds late (a delay drawn per
     * node), and its answer one more slow message-handling pass after its self-announcement.
     */
    SLOW,
    /** A modern node that completes the handshake but never answers getaddr. */
    NEVER_ANSWERS_GETADDR,
    /** A modern, valid node whose user agent is odd: NUL, newline, quote, backslash, U+2028, invalid UTF-8, 256 bytes. */
    ODD_AGENT,
    /**
     * Bitcoin Core before 22 (here 0.21, the first with BIP155): on getaddr a 1-entry self-announcement at once,
     * then the answer at the next tick of the node's address timer ({@code AVG_ADDRESS_BROADCAST_INTERVAL}, a
     * Poisson timer with a 30 s mean, in {@code net_processing.cpp}); the delay is drawn per node from the seed,
     * and about one in ten exceeds 70 s.
     */
    TRICKLE,
    /**
     * Answers getaddr in 2 to 4 {@code addrv2}/{@code addr} messages, each of more than 10 entries when the answer
     * has at least 22, seconds apart, and no self-announcement. Harsher than reality: implementations that split an
     * answer send the parts back to back.
     */
    SPLIT_ANSWER,
    /**
     * Before its answer sends one message of at most 10 entries: 1 to 3 addresses of other nodes (relayed gossip:
     * Bitcoin Core relays only messages of at most 10 entries), or a lone self-announcement; then its answer a
     * moment later (hundreds of milliseconds to a couple of seconds).
     */
    GOSSIP_FIRST,
    /**
     * Accepts the connection but sends its {@code version} only seconds after it (a delay drawn per node), however
     * early the dialer's version came: a peer behind Tor or I2P, or overloaded. Then a normal answer.
     */
    LATE_VERSION,
    /**
     * After the handshake, when getaddr arrives, first sends a {@code ping} frame whose checksum is wrong, then
     * answers normally. Bitcoin Core drops a message with a bad checksum and keeps the peer, so a crawler must get
     * this node's whole answer; nothing is wrong with the node.
     */
    BAD_CHECKSUM_AFTER_HANDSHAKE,
    /** Accepts the connection, reads what it is sent, never writes, never closes. */
    TARPIT,
    /** A listener whose accept queue is full: a dialer's SYN is dropped and its connect times out. */
    BLACK_HOLE,
    /** An address nobody listens on: the connect is refused at once. */
    DEAD,
    /**
     * Answers version with a frame whose checksum is wrong, and nothing more. A crawler that drops the frame, as
     * Bitcoin Core does, then waits for a version that never comes; the error is still class {@code protocol}.
     */
    HOSTILE_BAD_CHECKSUM,
    /** Answers version with a header announcing a payload over 4,000,000 bytes, then sends nothing more. */
    HOSTILE_OVERSIZED_LENGTH,
    /** Completes the handshake, then answers getaddr with an {@code addr} of 1001 entries (over the cap of 1000). */
    HOSTILE_ADDR_COUNT,
    /** Answers version with half a frame, then closes the connection. */
    HOSTILE_TRUNCATED,
    /** Answers version with a frame under another network's magic. */
    HOSTILE_BAD_MAGIC,
    /**
     * Completes the handshake; on getaddr may send a self-announcement, then a header announcing a payload over
     * 4,000,000 bytes, and nothing more.
     */
    HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
    /** Completes the handshake; on getaddr may send a self-announcement, then half a {@code ping} frame and a FIN. */
    HOSTILE_AFTER_HANDSHAKE_TRUNCATED,
    /**
     * Completes the handshake; on getaddr may send a self-announcement, then a well-framed {@code addr} (valid
     * checksum) whose count says 2 entries while its payload holds 1.
     */
    HOSTILE_AFTER_HANDSHAKE_MALFORMED;

    /** Whether a crawler completes the version handshake with nodes of this kind (whatever comes after it). */
    public boolean handshakes() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST,
                    LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE, HOSTILE_ADDR_COUNT, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED -> true;
            case TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_TRUNCATED,
                    HOSTILE_BAD_MAGIC -> false;
        };
    }

    /**
     * Whether a crawler records nodes of this kind reachable: exactly when they complete the handshake ({@link
     * #handshakes()}). The hostile kinds that misbehave after the handshake are reachable too, with error class
     * {@code protocol} ({@link #expectedError()}) saying how the conversation ended early.
     */
    public boolean isReachable() {
        return handshakes();
    }

    /** Whether nodes of this kind break the wire protocol on purpose (before or after the handshake). */
    public boolean isHostile() {
        return expectedError().equals(Optional.of(ErrorClass.PROTOCOL));
    }

    /** Whether nodes of this kind complete the handshake and then break the wire protocol. */
    public boolean isHostileAfterHandshake() {
        return handshakes() && isHostile();
    }

    /** Whether nodes of this kind answer getaddr with a list of addresses that a crawler may follow. */
    public boolean answersGetaddr() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST, LATE_VERSION,
                    BAD_CHECKSUM_AFTER_HANDSHAKE -> true;
            case NEVER_ANSWERS_GETADDR, TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH,
                    HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED -> false;
        };
    }

    /**
     * Whether nodes of this kind answer getaddr plainly and promptly, as Bitcoin Core 22 and later does: version at
     * once, then at most a self-announcement and the whole answer in one message within a few seconds of getaddr
     * (with the default timings), and nothing odd on the wire. The network's coverage guarantee runs through these
     * nodes only (see {@link BitcoinGroundTruth}), so a crawl can be complete within seconds whatever the other
     * kinds do.
     */
    public boolean answersPromptly() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, ODD_AGENT -> true;
            case NEVER_ANSWERS_GETADDR, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST, LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE,
                    TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT,
                    HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED -> false;
        };
    }

    /** Whether nodes of this kind speak BIP155 (send sendaddrv2, answer in addrv2 to peers that sent it). */
    public boolean speaksAddrV2() {
        return switch (this) {
            case REACHABLE, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST, LATE_VERSION,
                    BAD_CHECKSUM_AFTER_HANDSHAKE, HOSTILE_ADDR_COUNT, HOSTILE_AFTER_HANDSHAKE_OVERSIZED,
                    HOSTILE_AFTER_HANDSHAKE_TRUNCATED, HOSTILE_AFTER_HANDSHAKE_MALFORMED -> true;
            case OLD, TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_TRUNCATED,
                    HOSTILE_BAD_MAGIC -> false;
        };
    }

    /**
     * The error class a crawler should record for a node of this kind: empty for kinds that end normally (the
     * handshake succeeds; {@link #NEVER_ANSWERS_GETADDR}, {@link #TRICKLE} and {@link #LATE_VERSION} included, their
     * slowness is no error), {@code timeout} for tarpits and black holes, {@code refused} for dead addresses,
     * {@code protocol} for hostile nodes, before or after the handshake.
     */
    public Optional<ErrorClass> expectedError() {
        return switch (this) {
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST,
                    LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE -> Optional.empty();
            case TARPIT, BLACK_HOLE -> Optional.of(ErrorClass.TIMEOUT);
            case DEAD -> Optional.of(ErrorClass.REFUSED);
            case HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED,
                    HOSTILE_BAD_MAGIC, HOSTILE_AFTER_HANDSHAKE_OVERSIZED, HOSTILE_AFTER_HANDSHAKE_TRUNCATED,
                    HOSTILE_AFTER_HANDSHAKE_MALFORMED -> Optional.of(ErrorClass.PROTOCOL);
        };
    }

    /**
     * For hostile kinds, the start of the {@code BitcoinWireException} message our wire codec raises on the
     * node's bytes (the blocking {@code FrameReader} for the truncated kinds); empty for other kinds. For
     * {@link #HOSTILE_BAD_CHECKSUM} this is the codec's message; a crawler that drops the frame as Bitcoin Core does
     * reports its own wait for a version running out instead.
     */
    public Optional<String> expectedWireError() {
        return switch (this) {
            case HOSTILE_BAD_CHECKSUM -> Optional.of("checksum mismatch for 'version'");
            case HOSTILE_OVERSIZED_LENGTH, HOSTILE_AFTER_HANDSHAKE_OVERSIZED ->
                    Optional.of("payload length 4000001 exceeds 4000000");
            case HOSTILE_ADDR_COUNT -> Optional.of("addr: count 1001 exceeds 1000");
            case HOSTILE_TRUNCATED -> Optional.of("stream ended inside the payload of 'version'");
            case HOSTILE_BAD_MAGIC -> Optional.of("bad magic 0x");
            case HOSTILE_AFTER_HANDSHAKE_TRUNCATED -> Optional.of("stream ended inside the payload of 'ping'");
            case HOSTILE_AFTER_HANDSHAKE_MALFORMED -> Optional.of("addr: entry 1 time needs 4 bytes, 0 remain");
            case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT, TRICKLE, SPLIT_ANSWER, GOSSIP_FIRST,
                    LATE_VERSION, BAD_CHECKSUM_AFTER_HANDSHAKE, TARPIT, BLACK_HOLE, DEAD -> Optional.empty();
        };
    }
}
