package io.peercensus.testkit;

import io.peercensus.address.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code addr} or {@code addrv2} message a simulated node sends after a peer's getaddr, in the ground truth:
 * when it leaves, what it is for, and the addresses it carries (as an {@code addrv2} message carries them).
 *
 * <p>Immutable and thread-safe.
 *
 * @param delay from the node receiving getaddr until it sends this message, its message latency included
 * @param role what the message is
 * @param entries the addresses, in the order sent; a peer that did not send sendaddrv2 (or a node without BIP155)
 *     gets only the IPv4 and IPv6 ones (in an {@code addr} message, sent even when none is left)
 */
public record BitcoinAddrSend(Duration delay, Role role, List<Endpoint> entries) {

    /** What an address message after getaddr is. */
    public enum Role {
        /** The node's own address alone. */
        SELF_ANNOUNCEMENT,
        /** At most 10 addresses of other nodes relayed before the answer (Bitcoin Core relays only such messages). */
        GOSSIP,
        /** The answer to getaddr, or one part of it. */
        ANSWER
    }

    /** Checks the fields and copies the entries. */
    public BitcoinAddrSend {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(role, "role");
        entries = List.copyOf(entries);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
    }
}
