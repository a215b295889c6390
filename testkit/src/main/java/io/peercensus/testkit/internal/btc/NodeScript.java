package io.peercensus.testkit.internal.btc;

import io.peercensus.testkit.BitcoinNodeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one node does, and when: its message latency, when its {@code version} leaves, and each thing it sends after
 * a getaddr, each delay drawn per node from the seed (never per connection), so the ground truth can state it.
 *
 * <p>Immutable and thread-safe (the entry arrays are never changed after the plan is drawn).
 *
 * @param latencyNanos the delay before each of the node's messages
 * @param versionDelayNanos how long after accepting a connection the node sends its version at the earliest (its
 *     latency, or seconds for {@code LATE_VERSION}); it never sends it before the peer's version plus its latency
 * @param afterGetaddr what the node sends after the first getaddr, in order, each at its delay from the getaddr
 */
record NodeScript(long latencyNanos, long versionDelayNanos, List<Step> afterGetaddr) {

    /**
     * The most entries in a message Bitcoin Core relays as gossip ({@code vAddr.size() <= 10}); each part of a split
     * answer has more when the answer allows.
     */
    static final int GOSSIP_MAX_ENTRIES = 10;

    NodeScript {
        afterGetaddr = List.copyOf(afterGetaddr);
    }

    /** One kind of message a node sends after getaddr. */
    enum Action {
        /** An address message of the node's own address alone. */
        SELF,
        /** An address message of a few other nodes' addresses (population indices in {@code entries}). */
        GOSSIP,
        /** The answer, or one part of it (population indices in {@code entries}). */
        ANSWER,
        /** A {@code ping} frame whose checksum is wrong. */
        BAD_CHECKSUM_PING,
        /** A frame header announcing a payload over the 4,000,000-byte cap. */
        OVERSIZED_HEADER,
        /** Half a {@code ping} frame, then a FIN. */
        TRUNCATED_PING,
        /** An {@code addr} whose count says 2 entries while its payload holds 1. */
        MALFORMED_ADDR,
        /** An {@code addr} of 1001 entries. */
        ADDR_COUNT_OVER_CAP
    }

    /**
     * One message after getaddr.
     *
     * @param delayNanos from receiving getaddr until sending it, latency included
     * @param action what it is
     * @param entries for {@link Action#GOSSIP} and {@link Action#ANSWER}, the population indices it carries, in
     *     order; empty otherwise
     */
    record Step(long delayNanos, Action action, int[] entries) {
    }

    /**
     * Draws every node's script.
     *
     * @param kinds each node's kind
     * @param answers each node's real answer, population indices in the order sent
     * @param t the timings
     * @param random draws every delay, node by node in index order
     */
    static NodeScript[] draw(BitcoinNodeKind[] kinds, int[][] answers, NodeTimings t, SplittableRandom random) {
        NodeScript[] out = new NodeScript[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            out[i] = draw(i, kinds, answers[i], t, random);
        }
        return out;
    }

    private static NodeScript draw(int node, BitcoinNodeKind[] kinds, int[] answer, NodeTimings t,
                                   SplittableRandom random) {
        BitcoinNodeKind kind = kinds[node];
        boolean slow = kind == BitcoinNodeKind.SLOW;
        long latency = slow ? t.slowLatency().drawNanos(random) : t.messageLatency().toNanos();
        long reply = (slow ? t.slowAddrReplyDelay() : t.addrReplyDelay()).toNanos();
        long version = kind == BitcoinNodeKind.LATE_VERSION
                ? Math.max(latency, t.lateVersionDelay().drawNanos(random)) : latency;
        List<Step> steps = new ArrayList<>(4);
        switch (kind) {
            case REACHABLE, OLD, SLOW, ODD_AGENT, LATE_VERSION -> {
                steps.add(self(latency));
                steps.add(new Step(latency + reply, Action.ANSWER, answer));
            }
            case BAD_CHECKSUM_AFTER_HANDSHAKE -> {
                steps.add(new Step(latency, Action.BAD_CHECKSUM_PING, new int[0]));
                steps.add(self(latency));
                steps.add(new Step(latency + reply, Action.ANSWER, answer));
            }
            case TRICKLE -> {
                steps.add(self(latency));
                steps.add(new Step(latency + exponentialNanos(random, t.trickleMean().toNanos()), Action.ANSWER, answer));
            }
            case SPLIT_ANSWER -> {
                int[][] parts = split(answer, 2 + random.nextInt(3));
                long at = latency + reply;
                for (int p = 0; p < parts.length; p++) {
                    if (p > 0) {
                        at += t.splitAnswerGap().drawNanos(random);
                    }
                    steps.add(new Step(at, Action.ANSWER, parts[p]));
                }
            }
            case GOSSIP_FIRST -> {
                int gossip = random.nextInt(4); // 0: a lone self-announcement; else 1 to 3 other nodes
                steps.add(gossip == 0 || kinds.length < 2 ? self(latency)
                        : new Step(latency, Action.GOSSIP, others(node, kinds.length, gossip, random)));
                steps.add(new Step(latency + t.gossipAnswerDelay().drawNanos(random), Action.ANSWER, answer));
            }
            case HOSTILE_ADDR_COUNT -> steps.add(new Step(latency, Action.ADDR_COUNT_OVER_CAP, new int[0]));
            case HOSTILE_AFTER_HANDSHAKE_OVERSIZED, HOSTILE_AFTER_HANDSHAKE_TRUNCATED,
                    HOSTILE_AFTER_HANDSHAKE_MALFORMED -> {
                if (random.nextBoolean()) {
                    steps.add(self(latency));
                }
                Action bad = switch (kind) {
                    case HOSTILE_AFTER_HANDSHAKE_OVERSIZED -> Action.OVERSIZED_HEADER;
                    case HOSTILE_AFTER_HANDSHAKE_TRUNCATED -> Action.TRUNCATED_PING;
                    default -> Action.MALFORMED_ADDR;
                };
                steps.add(new Step(latency, bad, new int[0]));
            }
            case NEVER_ANSWERS_GETADDR, TARPIT, BLACK_HOLE, DEAD, HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH,
                    HOSTILE_TRUNCATED, HOSTILE_BAD_MAGIC -> {
                // silent after getaddr (or never gets one)
            }
        }
        return new NodeScript(latency, version, steps);
    }

    private static Step self(long delayNanos) {
        return new Step(delayNanos, Action.SELF, new int[0]);
    }

    /**
     * A delay drawn from the exponential distribution of mean {@code meanNanos}, as Bitcoin Core's Poisson timers
     * draw theirs: {@code -ln(1 - u) * mean}, {@code u} uniform in [0, 1).
     */
    static long exponentialNanos(SplittableRandom random, long meanNanos) {
        return (long) (-Math.log1p(-random.nextDouble()) * meanNanos);
    }

    /**
     * {@code answer} cut in order into {@code wanted} parts as even as can be, fewer when that would leave a part of
     * 10 entries or less: every part has more than 10 entries when the answer has at least 22. An answer of 2 to
     * 21 entries (in a tiny network) is cut in two all the same; one of 0 or 1 stays whole.
     */
    static int[][] split(int[] answer, int wanted) {
        int n = answer.length;
        int parts;
        if (n >= 2 * (GOSSIP_MAX_ENTRIES + 1)) {
            parts = Math.min(wanted, n / (GOSSIP_MAX_ENTRIES + 1));
        } else {
            parts = Math.min(2, Math.max(1, n));
        }
        int[][] out = new int[parts][];
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int size = n / parts + (p < n % parts ? 1 : 0);
            out[p] = Arrays.copyOfRange(answer, from, from + size);
            from += size;
        }
        return out;
    }

    /** {@code count} distinct node indices other than {@code self}, drawn uniformly (fewer in a tiny network). */
    private static int[] others(int self, int nodes, int count, SplittableRandom random) {
        int k = Math.min(count, nodes - 1);
        int[] out = new int[k];
        int filled = 0;
        while (filled < k) {
            int candidate = random.nextInt(nodes);
            boolean fresh = candidate != self;
            for (int j = 0; j < filled && fresh; j++) {
                fresh = out[j] != candidate;
            }
            if (fresh) {
                out[filled++] = candidate;
            }
        }
        return out;
    }
}
