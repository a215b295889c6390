package io.peercensus.crawl;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a conversation waits at each of its steps. The three waits differ because what they wait for differs:
 * most dead addresses are black holes, so the connect wait is short; a peer that accepted the connection is alive,
 * so each message it owes gets a long wait; and an answer that a peer may send on a timer (Bitcoin Core before
 * v22 sends its getaddr answer on a Poisson timer with a 30 s mean) gets a wait of its own, counted from the
 * request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connect the most a TCP connect (through the proxy for Tor and I2P) may take
 * @param message the most the peer may take for each message it owes once connected (its handshake messages)
 * @param answer the most the whole answer to the crawl's request may take (Bitcoin: getaddr), from the request
 */
public record Waits(Duration connect, Duration message, Duration answer) {

    /** The longest any wait may be set to: a day. */
    public static final Duration MAX = Duration.ofDays(1);

    public Waits {
        check("connect", connect);
        check("message", message);
        check("answer", answer);
    }

    /** Waits of {@code connect}, {@code message} and {@code answer} seconds. */
    public static Waits ofSeconds(long connect, long message, long answer) {
        return new Waits(Duration.ofSeconds(connect), Duration.ofSeconds(message), Duration.ofSeconds(answer));
    }

    /**
     * The longest a whole conversation can take under these waits: the connect, two handshake messages (the peer's
     * greeting and its acknowledgement), then the answer.
     */
    public Duration conversation() {
        return connect.plus(message).plus(message).plus(answer);
    }

    /** These waits, each cut to at most {@code cap}. */
    public Waits cappedAt(Duration cap) {
        return new Waits(min(connect, cap), min(message, cap), min(answer, cap));
    }

    /** The form the CLI takes and the stored settings show: {@code connect/message/answer}, e.g. {@code 3s/30s/70s}. */
    @Override
    public String toString() {
        return text(connect) + "/" + text(message) + "/" + text(answer);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void check(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " wait must be more than 0 and at most 1 day, got " + d);
        }
    }
}
