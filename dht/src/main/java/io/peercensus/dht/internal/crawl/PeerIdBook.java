package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.PeerId;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every binary peer ID a crawl has been told of, each with its canonical text and its Kademlia ID. Peers name
 * the same few thousand peer IDs hundreds of thousands of times in a crawl, and checking one (an identity
 * multihash must hold a valid public key: an Ed25519 point to decompress) and writing it in base58 cost
 * microseconds each time: with the book each ID is checked, written and hashed once, every later mention costs
 * one hash lookup, and all mentions share one {@code String}.
 *
 * <p>IDs that are not peer IDs are remembered too (their entry has no text), so a peer that repeats a malformed
 * ID costs no more than one that repeats a good one. The book holds at most {@code capacity} entries; past that,
 * lookups of new IDs decode them without remembering them, so peers that invent IDs cannot grow it without bound.
 *
 * <p>Thread-safe: shared by all conversations of one crawl.
 */
final class PeerIdBook {
    /** How many IDs a book remembers by default: far more than a public DHT has peers. */
    static final int DEFAULT_CAPACITY = 1 << 20;

    /**
     * One binary peer ID.
     *
     * @param text the canonical base58btc text, or {@code null} when the bytes are not a peer ID
     * @param kadId the Kademlia ID (SHA-256 of the bytes); callers must not change it
     */
    record Entry(String text, byte[] kadId) {
        /** Whether the bytes are a peer ID. */
        boolean isPeerId() {
            return text != null;
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    /** A book that remembers at most {@code capacity} IDs. */
    PeerIdBook(int capacity) {
        this.capacity = capacity;
    }

    /** A book of {@link #DEFAULT_CAPACITY}. */
    PeerIdBook() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * The entry of a binary peer ID, decoding it the first time.
     *
     * @param id the bytes as sent; kept when new, so the caller must not change them
     */
    Entry lookUp(byte[] id) {
        Key key = new Key(id);
        Entry known = entries.get(key);
        if (known != null) {
            return known;
        }
        Entry made = decode(id);
        if (entries.size() >= capacity) {
            return made;
        }
        Entry raced = entries.putIfAbsent(key, made);
        return raced == null ? made : raced;
    }

    /** How many IDs the book remembers. */
    int size() {
        return entries.size();
    }

    private static Entry decode(byte[] id) {
        String text;
        try {
            text = PeerId.fromBytes(id).toString();
        } catch (MultiformatException e) {
            text = null;
        }
        return new Entry(text, KadKey.kadId(id));
    }

    private static final class Key {
        private final byte[] id;
        private final int hash;

        Key(byte[] id) {
            this.id = id;
            this.hash = Arrays.hashCode(id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.id, id);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
