package io.peercensus.testkit.internal.btc;

import io.peercensus.testkit.BitcoinNodeKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a simulated Bitcoin network is built from: size, seed, how many nodes of each kind, timings.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodes how many nodes (listeners and dead addresses together)
 * @param seed the seed every choice is drawn from
 * @param magic the network magic, bytes as sent
 * @param defaultPort the port Tor and CJDNS addresses are announced with
 * @param fractions the fraction of nodes of each non-hostile kind; {@link BitcoinNodeKind#REACHABLE} takes the rest
 * @param hostileFraction the fraction of hostile nodes of the five classic kinds (the four that misbehave before
 *     the handshake and {@link BitcoinNodeKind#HOSTILE_ADDR_COUNT}), spread evenly over them
 * @param hostileAfterHandshakeFraction the fraction of nodes of the three {@code HOSTILE_AFTER_HANDSHAKE_*} kinds,
 *     spread evenly over them
 * @param onionFraction Tor v3 addresses to announce, as a fraction of {@code nodes}
 * @param i2pFraction I2P addresses to announce, as a fraction of {@code nodes}
 * @param cjdnsFraction CJDNS addresses to announce, as a fraction of {@code nodes}
 * @param timings the nodes' delays
 * @param addrAnswerSize the largest real getaddr answer (1 to 1000); answers hold between half of it and all of it
 * @param selectorThreads how many selector threads serve the nodes
 */
public record NetworkSettings(
        int nodes,
        long seed,
        int magic,
        int defaultPort,
        Map<BitcoinNodeKind, Double> fractions,
        double hostileFraction,
        double hostileAfterHandshakeFraction,
        double onionFraction,
        double i2pFraction,
        double cjdnsFraction,
        NodeTimings timings,
        int addrAnswerSize,
        int selectorThreads) {

    /** The most nodes one network may have (each listener takes a file descriptor and an ephemeral port). */
    public static final int MAX_NODES = 50_000;

    /**
     * Checks every setting and copies the fractions.
     *
     * @throws IllegalArgumentException when a setting is out of range or the fractions add up to more than 1
     */
    public NetworkSettings {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1 to " + MAX_NODES + ", got " + nodes);
        }
        EnumMap<BitcoinNodeKind, Double> copy = new EnumMap<>(BitcoinNodeKind.class);
        copy.putAll(fractions);
        double sum = 0;
        for (Map.Entry<BitcoinNodeKind, Double> e : copy.entrySet()) {
            if (e.getKey() == BitcoinNodeKind.REACHABLE) {
                throw new IllegalArgumentException("REACHABLE takes the nodes left over; it has no fraction");
            }
            if (e.getKey().isHostile()) {
                throw new IllegalArgumentException(e.getKey() + " is hostile: set "
                        + (NetworkPlan.isHostileAfterHandshakeGroup(e.getKey()) ? "hostileAfterHandshakeFraction"
                                : "hostileFraction")
                        + " instead");
            }
            sum += checkFraction(e.getKey().name(), e.getValue());
        }
        sum += checkFraction("hostileFraction", hostileFraction);
        sum += checkFraction("hostileAfterHandshakeFraction", hostileAfterHandshakeFraction);
        if (sum > 1) {
            throw new IllegalArgumentException("the fractions of node kinds add up to " + sum + ", more than 1");
        }
        fractions = Collections.unmodifiableMap(copy);
        checkFraction("onionFraction", onionFraction);
        checkFraction("i2pFraction", i2pFraction);
        checkFraction("cjdnsFraction", cjdnsFraction);
        Objects.requireNonNull(timings, "timings");
        if (addrAnswerSize < 1 || addrAnswerSize > 1000) {
            throw new IllegalArgumentException("addrAnswerSize must be 1 to 1000, got " + addrAnswerSize);
        }
        if (selectorThreads < 1 || selectorThreads > 16) {
            throw new IllegalArgumentException("selectorThreads must be 1 to 16, got " + selectorThreads);
        }
        if (defaultPort < 1 || defaultPort > 65_535) {
            throw new IllegalArgumentException("defaultPort must be 1 to 65535, got " + defaultPort);
        }
    }

    /** The fraction of nodes of {@code kind} (0 when unset; never asked for REACHABLE). */
    public double fraction(BitcoinNodeKind kind) {
        return fractions.getOrDefault(kind, 0.0);
    }

    private static double checkFraction(String name, double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + f);
        }
        return f;
    }
}
