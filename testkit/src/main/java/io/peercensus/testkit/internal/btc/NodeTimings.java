package io.peercensus.testkit.internal.btc;

import java.time.Duration;
import java.util.Objects;

/**
 * The timings of a simulated network's nodes: fixed delays, and ranges or a mean from which each node draws its own
 * (per node, from the seed, so the ground truth knows every delay). The public defaults and where they come from
 * are documented on {@code SimulatedBitcoinNetwork.Builder}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param messageLatency the delay before every message of a node (one way, as across the Internet)
 * @param addrReplyDelay the delay between a node's self-announcement and its getaddr answer
 * @param slowLatency the range a {@code SLOW} node draws its per-message delay from
 * @param slowAddrReplyDelay the addr reply delay of a {@code SLOW} node
 * @param trickleMean the mean of the exponential distribution a {@code TRICKLE} node draws its answer delay from
 * @param splitAnswerGap the range each gap between the parts of a {@code SPLIT_ANSWER} node's answer is drawn from
 * @param gossipAnswerDelay the range a {@code GOSSIP_FIRST} node draws the delay from gossip to answer from
 * @param lateVersionDelay the range a {@code LATE_VERSION} node draws the delay from accept to version from
 */
public record NodeTimings(
        Duration messageLatency,
        Duration addrReplyDelay,
        DelayRange slowLatency,
        Duration slowAddrReplyDelay,
        Duration trickleMean,
        DelayRange splitAnswerGap,
        DelayRange gossipAnswerDelay,
        DelayRange lateVersionDelay) {

    /**
     * Checks every timing.
     *
     * @throws IllegalArgumentException as {@code "messageLatency must be 0 to 10 minutes, got PT-0.001S"}
     */
    public NodeTimings {
        checkDelay("messageLatency", messageLatency);
        checkDelay("addrReplyDelay", addrReplyDelay);
        Objects.requireNonNull(slowLatency, "slowLatency");
        checkDelay("slowAddrReplyDelay", slowAddrReplyDelay);
        checkDelay("trickleMean", trickleMean);
        Objects.requireNonNull(splitAnswerGap, "splitAnswerGap");
        Objects.requireNonNull(gossipAnswerDelay, "gossipAnswerDelay");
        Objects.requireNonNull(lateVersionDelay, "lateVersionDelay");
    }

    /** Every delay zero: for plans drawn without sockets, and fast tests. */
    public static NodeTimings zero() {
        DelayRange none = DelayRange.of(Duration.ZERO);
        return new NodeTimings(Duration.ZERO, Duration.ZERO, none, Duration.ZERO, Duration.ZERO, none, none, none);
    }

    static void checkDelay(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(DelayRange.LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be 0 to 10 minutes, got " + d);
        }
    }
}
