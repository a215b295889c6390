package io.peercensus.testkit.internal.dht;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a simulated DHT network is built from: size, seed, protocol, how many nodes of each kind and key
 * type, timings.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodes how many nodes (listeners, black holes and dead addresses together)
 * @param seed the seed every choice is drawn from
 * @param protocolId the Kademlia protocol ID the nodes serve
 * @param undialableFraction the fraction of black holes (the connect times out)
 * @param deadFraction the fraction of dead addresses (the connect is refused)
 * @param slowFraction the fraction of slow nodes
 * @param hostileFraction the fraction of hostile nodes, spread evenly over the three hostile kinds
 * @param secp256k1Fraction the fraction of nodes with secp256k1 identity keys
 * @param rsaFraction the fraction of nodes with 2048-bit RSA identity keys (the rest are Ed25519)
 * @param latency the delay before each identify and FIND_NODE answer of a node
 * @param slowLatency the delay before the handshake and each answer of a slow node
 */
public record DhtSettings(
        int nodes,
        long seed,
        String protocolId,
        double undialableFraction,
        double deadFraction,
        double slowFraction,
        double hostileFraction,
        double secp256k1Fraction,
        double rsaFraction,
        Duration latency,
        Duration slowLatency) {

    /** The most nodes one network may have (each takes a file descriptor, black holes three). */
    public static final int MAX_NODES = 50_000;

    public DhtSettings {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1 to " + MAX_NODES + ", got " + nodes);
        }
        Objects.requireNonNull(protocolId, "protocolId");
        if (!protocolId.startsWith("/") || protocolId.length() > 256 || protocolId.contains("\n")) {
            throw new IllegalArgumentException("protocolId must be a protocol path like /ipfs/kad/1.0.0, got " + protocolId);
        }
        double kinds = check("undialableFraction", undialableFraction) + check("deadFraction", deadFraction)
                + check("slowFraction", slowFraction) + check("hostileFraction", hostileFraction);
        if (kinds > 1) {
            throw new IllegalArgumentException("the fractions of node kinds add up to " + kinds + ", more than 1");
        }
        double keys = check("secp256k1Fraction", secp256k1Fraction) + check("rsaFraction", rsaFraction);
        if (keys > 1) {
            throw new IllegalArgumentException("the fractions of key types add up to " + keys + ", more than 1");
        }
        checkDelay("latency", latency, Duration.ofMinutes(1));
        checkDelay("slowLatency", slowLatency, Duration.ofMinutes(1));
    }

    private static double check(String name, double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + f);
        }
        return f;
    }

    private static void checkDelay(String name, Duration d, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be 0 to " + max.toSeconds() + " s, got " + d);
        }
    }
}
