package io.peercensus.btc.internal.crawl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every address a crawl has heard, keyed by its BIP155 form (network ID, address bytes, port), each with a serial
 * number (0, 1, 2, ... in the order heard) and its canonical peer ID. Peers name the same few thousand addresses
 * millions of times in a crawl; with the table each is turned into text once, and every later mention costs a
 * hash of the bytes where they lie in the payload and, for an IPv4 address, one cache line of the table, with
 * nothing allocated. The first mention in a crawl is the one that makes the address a target.
 *
 * <p>Open addressing with linear probing over an {@code int} array of serials, each address's key kept by serial in
 * a {@code long} array. An IPv4 address and its port fit in the key itself, so finding one compares two {@code
 * long}s. Any other address is keyed by a 63-bit hash of its bytes, which are kept aside and compared when the
 * hash matches. With slots at most a quarter full, that is 24 bytes per address (32 with (key, serial) pairs at
 * most half full), and a probe reads a 4-byte slot, sixteen to a cache line.
 *
 * <p>Not thread-safe: the crawl's conversation loop owns it ({@link LoopResources}). Public for the benchmarks.
 */
public final class AddressTable {
    /** Bytes of a stored key before the address: network ID, port (2), address length (2). */
    private static final int KEY_HEADER = 5;
    private static final int IPV4 = 1;
    /** The high bit marks an IPv4 key, which is the address itself; other keys are hashes with it clear. */
    private static final long INLINE = Long.MIN_VALUE;

    /** Serial + 1 of the address in each slot; 0 is empty. */
    private int[] slots = new int[1 << 12];
    /** The key of each address, by serial. */
    private long[] keyOf = new long[1 << 10];
    private byte[] keys = new byte[1 << 14];
    private int keysUsed;
    private int[] keyAt = new int[1 << 10];
    private String[] ids = new String[1 << 10];
    private int size;
    private final Batch batch = new Batch();

    /** An empty table. */
    public AddressTable() {
    }

    /**
     * The serial of an address, or -1 when it was never added.
     *
     * @param in holds the address bytes at {@code [offset, offset + length)}; its position is not used
     */
    int find(int networkId, ByteBuffer in, int offset, int length, int port) {
        return find(key(networkId, in, offset, length, port), networkId, in, offset, length, port);
    }

    private int find(long key, int networkId, ByteBuffer in, int offset, int length, int port) {
        int[] slots = this.slots;
        long[] keyOf = this.keyOf;
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int serial = slots[i] - 1;
            if (serial < 0) {
                return -1;
            }
            if (keyOf[serial] == key && (key < 0 || matches(keyAt[serial], networkId, in, offset, length, port))) {
                return serial;
            }
        }
    }

    /**
     * Adds an address that {@link #find} does not know, with its canonical peer ID.
     *
     * @return its serial
     */
    int add(int networkId, ByteBuffer in, int offset, int length, int port, String id) {
        if ((size + 1) * 4 > slots.length) { // at most a quarter of the slots in use: short probes
            rehash();
        }
        int serial = size++;
        if (serial == ids.length) {
            ids = Arrays.copyOf(ids, serial * 2);
            keyAt = Arrays.copyOf(keyAt, serial * 2);
            keyOf = Arrays.copyOf(keyOf, serial * 2);
        }
        ids[serial] = id;
        long key = key(networkId, in, offset, length, port);
        keyOf[serial] = key;
        if (key > 0) { // kept aside for the comparison a hash needs
            if (keysUsed + KEY_HEADER + length > keys.length) {
                keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keysUsed + KEY_HEADER + length));
            }
            int at = keysUsed;
            keys[at] = (byte) networkId;
            keys[at + 1] = (byte) (port >>> 8);
            keys[at + 2] = (byte) port;
            keys[at + 3] = (byte) (length >>> 8);
            keys[at + 4] = (byte) length;
            in.get(offset, keys, at + KEY_HEADER, length);
            keysUsed += KEY_HEADER + length;
            keyAt[serial] = at;
        }
        place(key, serial);
        return serial;
    }

    /**
     * Looks up every address in {@code batch}, whose bytes lie in {@code in}, setting {@link Batch#serials} (-1 for
     * an address never added). The lookups of one answer land on random slots, most of them out of the cache. So
     * the keys are made first; then a loop that only reads the first slot of each key brings them into the cache,
     * and as no read depends on another the processor overlaps their misses; the lookups proper come last.
     */
    void findAll(Batch batch, ByteBuffer in) {
        int[] networkIds = batch.networkIds;
        int[] offsets = batch.offsets;
        int[] lengths = batch.lengths;
        int[] ports = batch.ports;
        long[] keys = batch.keys;
        int n = batch.size;
        for (int i = 0; i < n; i++) {
            keys[i] = key(networkIds[i], in, offsets[i], lengths[i], ports[i]);
        }
        int[] slots = this.slots;
        int mask = slots.length - 1;
        long touched = 0;
        for (int i = 0; i < n; i++) {
            touched += slots[mix(keys[i]) & mask];
        }
        batch.touched = touched; // kept, so that the compiler keeps the reads
        int[] serials = batch.serials;
        for (int i = 0; i < n; i++) {
            serials[i] = find(keys[i], networkIds[i], in, offsets[i], lengths[i], ports[i]);
        }
    }

    /** The table's batch, for the one answer its thread reads at a time; cleared by each user. */
    Batch batch() {
        return batch;
    }

    /**
     * The entries of one answer, as where their addresses lie in its payload, held from reading them to looking
     * them up together ({@link #findAll}). At most {@link io.peercensus.btc.wire.AddrMessage#MAX_ENTRIES}, as the
     * scanners allow no more in one message. Not thread-safe: the table's thread.
     */
    static final class Batch {
        int size;
        int[] networkIds = new int[0];
        int[] offsets = new int[0];
        int[] lengths = new int[0];
        int[] ports = new int[0];
        int[] serials = new int[0];
        long[] keys = new long[0];
        /** The sum of the slots {@link #findAll} read ahead: meaningless, only written. */
        long touched;

        /** Empties the batch and makes room for {@code entries}: an answer's count, already checked against its cap. */
        void reset(int entries) {
            size = 0;
            if (networkIds.length < entries) {
                networkIds = new int[entries];
                offsets = new int[entries];
                lengths = new int[entries];
                ports = new int[entries];
                serials = new int[entries];
                keys = new long[entries];
            }
        }

        /** Adds an entry; {@link #reset} made room for it. */
        void add(int networkId, int offset, int length, int port) {
            networkIds[size] = networkId;
            offsets[size] = offset;
            lengths[size] = length;
            ports[size] = port;
            size++;
        }
    }

    /** The canonical peer ID of the address numbered {@code serial}. */
    String id(int serial) {
        return ids[serial];
    }

    /** How many distinct addresses were added. */
    public int size() {
        return size;
    }

    private void place(long key, int serial) {
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = serial + 1;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        for (int serial = 0; serial < size; serial++) {
            place(keyOf[serial], serial);
        }
    }

    private boolean matches(int at, int networkId, ByteBuffer in, int offset, int length, int port) {
        if ((keys[at] & 0xff) != networkId || ((keys[at + 1] & 0xff) << 8 | keys[at + 2] & 0xff) != port
                || ((keys[at + 3] & 0xff) << 8 | keys[at + 4] & 0xff) != length) {
            return false;
        }
        int k = at + KEY_HEADER;
        for (int i = 0; i < length; i++) {
            if (keys[k + i] != in.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** The key: an IPv4 address and port themselves (negative), or a hash of any other address (positive). */
    private static long key(int networkId, ByteBuffer in, int offset, int length, int port) {
        boolean bigEndian = in.order() == ByteOrder.BIG_ENDIAN; // the same bytes key the same in any buffer
        if (networkId == IPV4 && length == 4) {
            int word = in.getInt(offset);
            long ip = (bigEndian ? word : Integer.reverseBytes(word)) & 0xffff_ffffL;
            return INLINE | ip << 16 | port;
        }
        long h = (long) networkId << 32 ^ (long) length << 16 ^ port;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int word = in.getInt(offset + i);
            h = (h ^ (bigEndian ? word : Integer.reverseBytes(word)) & 0xffff_ffffL) * 0x9E3779B97F4A7C15L;
        }
        for (; i < length; i++) {
            h = (h ^ in.get(offset + i) & 0xff) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 29;
        return h & Long.MAX_VALUE | 1;
    }

    private static int mix(long key) {
        long h = key * 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 31);
    }
}
