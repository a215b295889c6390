package io.peercensus;

import java.util.Locale;
import java.util.Objects;

/**
 * A peer-to-peer network a crawl maps, named as in the {@code network} field of every observation.
 *
 * <p>An open set: the constants cover the networks peercensus knows, and {@link #of(String)} makes
 * any other. Immutable and thread-safe.
 *
 * @param name the JSON name, lower case: {@code bitcoin}, {@code bitcoin-testnet4}, {@code ipfs}, ...
 * @param family which protocol family crawls it
 */
public record Network(String name, Family family) {

    /** The protocol family of a network: which crawler module serves it. */
    public enum Family {
        /** Bitcoin P2P ({@code peercensus-btc}). */
        BITCOIN,
        /** libp2p Kademlia DHT ({@code peercensus-dht}). */
        LIBP2P
    }

    /** Bitcoin mainnet. */
    public static final Network BITCOIN = new Network("bitcoin", Family.BITCOIN);
    /** Bitcoin testnet3. */
    public static final Network BITCOIN_TESTNET3 = new Network("bitcoin-testnet3", Family.BITCOIN);
    /** Bitcoin testnet4 (BIP94). */
    public static final Network BITCOIN_TESTNET4 = new Network("bitcoin-testnet4", Family.BITCOIN);
    /** Bitcoin signet. */
    public static final Network BITCOIN_SIGNET = new Network("bitcoin-signet", Family.BITCOIN);
    /** Bitcoin regtest. */
    public static final Network BITCOIN_REGTEST = new Network("bitcoin-regtest", Family.BITCOIN);
    /** The IPFS Amino DHT. */
    public static final Network IPFS = new Network("ipfs", Family.LIBP2P);
    /** The Filecoin DHT. */
    public static final Network FILECOIN = new Network("filecoin", Family.LIBP2P);

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT)) || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("network name must be non-empty lower case without spaces, got '" + name + "'");
        }
    }

    /**
     * The network with this JSON name: a known constant, or a new one whose family is
     * {@link Family#BITCOIN} when the name starts with {@code bitcoin}, else {@link Family#LIBP2P}.
     */
    public static Network of(String name) {
        for (Network n : new Network[] {BITCOIN, BITCOIN_TESTNET3, BITCOIN_TESTNET4, BITCOIN_SIGNET, BITCOIN_REGTEST, IPFS, FILECOIN}) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        return new Network(name, name.startsWith("bitcoin") ? Family.BITCOIN : Family.LIBP2P);
    }

    @Override
    public String toString() {
        return name;
    }
}
