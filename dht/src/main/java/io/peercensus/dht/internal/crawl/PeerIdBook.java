package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.PeerId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Every binary peer ID a crawl has been told of, each with its canonical text and its Kademlia ID. Peers name
 * the same few thousand peer IDs hundreds of thousands of times in a crawl, and checking one (an identity
 * multihash must hold a valid public key: an Ed25519 point to decompress) and writing it in base58 cost
 * microseconds each time: with the book each ID is checked, written and hashed once, every later mention costs
 * one probe of an open-addressing table, and all mentions share one {@link Entry} (so callers may tell IDs apart by
 * the entry's identity) and one {@code String}.
 *
 * <p>IDs that are not peer IDs are remembered too (their entry has no text), so a peer that repeats a malformed
 * ID costs no more than one that repeats a good one. The book holds at most {@code capacity} entries; past that,
 * lookups of new IDs decode them without remembering them ({@link Entry#remembered()} is false), so peers that
 * invent IDs cannot grow it without bound. The table's hash is keyed with a seed of its own, so peers cannot choose
 * IDs that collide.
 *
 * <p>Not thread-safe: the crawl's conversation loop alone uses it.
 */
final class PeerIdBook {
    /** How many IDs a book remembers by default: far more than a public DHT has peers. */
    static final int DEFAULT_CAPACITY = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** One binary peer ID. Entries compare by identity: the book gives one entry per remembered ID. */
    static final class Entry {
        private final byte[] id;
        private final int hash;
        private final String text;
        private final byte[] kadId;
        private final int kadPrefix;
        private final boolean remembered;

        private Entry(byte[] id, int hash, String text, byte[] kadId, boolean remembered) {
            this.id = id;
            this.hash = hash;
            this.text = text;
            this.kadId = kadId;
            this.kadPrefix = prefix(kadId);
            this.remembered = remembered;
        }

        /** The canonical base58btc text, or {@code null} when the bytes are not a peer ID. */
        String text() {
            return text;
        }

        /** The Kademlia ID (SHA-256 of the bytes); callers must not change it. */
        byte[] kadId() {
            return kadId;
        }

        /** Whether the bytes are a peer ID. */
        boolean isPeerId() {
            return text != null;
        }

        /** Whether the book holds this entry, so that every mention of the ID gets this same entry. */
        boolean remembered() {
            return remembered;
        }

        /** The common prefix length of this ID's Kademlia ID with {@code other}, whose first four bytes are {@code otherPrefix}. */
        int commonPrefixLength(byte[] other, int otherPrefix) {
            int differ = kadPrefix ^ otherPrefix;
            return differ != 0 ? Integer.numberOfLeadingZeros(differ) : KadKey.commonPrefixLength(kadId, other);
        }
    }

    private final int capacity;
    private final long seed;
    private Entry[] slots = new Entry[1024];
    private int size;

    /** A book that remembers at most {@code capacity} IDs, its hash keyed from {@code random}. */
    PeerIdBook(int capacity, RandomGenerator random) {
        this.capacity = capacity;
        this.seed = random.nextLong();
    }

    /** A book of {@link #DEFAULT_CAPACITY}. */
    PeerIdBook(RandomGenerator random) {
        this(DEFAULT_CAPACITY, random);
    }

    /** The first four bytes of a Kademlia ID, big-endian. */
    static int prefix(byte[] kadId) {
        return (kadId[0] & 0xff) << 24 | (kadId[1] & 0xff) << 16 | (kadId[2] & 0xff) << 8 | kadId[3] & 0xff;
    }

    /**
     * The entry of a binary peer ID, decoding it the first time.
     *
     * @param id the bytes as sent; kept when new, so the caller must not change them
     */
    Entry lookUp(byte[] id) {
        int hash = hash(id);
        int mask = slots.length - 1;
        int i = hash & mask;
        for (Entry e; (e = slots[i]) != null; i = (i + 1) & mask) {
            if (e.hash == hash && Arrays.equals(e.id, id)) {
                return e;
            }
        }
        if (size >= capacity) {
            return decode(id, hash, false);
        }
        Entry made = decode(id, hash, true);
        if ((size + 1) * 4 > slots.length * 3) {
            grow();
            insert(made);
        } else {
            slots[i] = made;
        }
        size++;
        return made;
    }

    /** How many IDs the book remembers. */
    int size() {
        return size;
    }

    private void grow() {
        Entry[] old = slots;
        slots = new Entry[old.length * 2];
        for (Entry e : old) {
            if (e != null) {
                insert(e);
            }
        }
    }

    private void insert(Entry e) {
        int mask = slots.length - 1;
        int i = e.hash & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
    }

    /** A hash of the bytes keyed with the book's seed, eight bytes at a time. */
    private int hash(byte[] id) {
        long h = seed ^ id.length;
        int i = 0;
        for (; i + 8 <= id.length; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(id, i)) * 0x9E3779B97F4A7C15L, 29);
        }
        for (; i < id.length; i++) {
            h = Long.rotateLeft((h ^ id[i]) * 0x9E3779B97F4A7C15L, 29);
        }
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ h >>> 32);
    }

    private static Entry decode(byte[] id, int hash, boolean remembered) {
        String text;
        try {
            text = PeerId.fromBytes(id).toString();
        } catch (MultiformatException e) {
            text = null;
        }
        return new Entry(id, hash, text, KadKey.kadId(id), remembered);
    }
}
