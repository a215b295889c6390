package io.peercensus.btc.internal.crawl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every address a crawl has heard, keyed by its BIP155 form (network ID, address bytes, port), each with a serial
 * number (0, 1, 2, ... in the order heard) and its canonical peer ID. Peers name the same few thousand addresses
 * millions of times in a crawl; with the table each is turned into text once, and every later mention costs a
 * hash of the bytes where they lie in the payload, one probe of a {@code long} array and one comparison with the
 * stored key, with nothing allocated. The first mention in a crawl is the one that makes the address a target.
 *
 * <p>Open addressing with linear probing over primitive arrays: a slot holds the key's hash in its high half
 * (most mismatches are decided without touching the key) and the serial plus one in its low half (0 is empty).
 *
 * <p>Not thread-safe: the crawl's {@link ConversationLoop} owns it. Public for the benchmarks.
 */
public final class AddressTable {
    /** Bytes of a stored key before the address: network ID, port (2), address length (2). */
    private static final int KEY_HEADER = 5;

    private long[] slots = new long[1 << 12];
    private byte[] keys = new byte[1 << 15];
    private int keysUsed;
    private int[] keyAt = new int[1 << 10];
    private String[] ids = new String[1 << 10];
    private int size;

    /** An empty table. */
    public AddressTable() {
    }

    /**
     * The serial of an address, or -1 when it was never added.
     *
     * @param in holds the address bytes at {@code [offset, offset + length)}; its position is not used
     */
    int find(int networkId, ByteBuffer in, int offset, int length, int port) {
        int hash = hash(networkId, in, offset, length, port);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == hash) {
                int serial = (int) slot - 1;
                if (matches(keyAt[serial], networkId, in, offset, length, port)) {
                    return serial;
                }
            }
        }
    }

    /**
     * Adds an address that {@link #find} does not know, with its canonical peer ID.
     *
     * @return its serial
     */
    int add(int networkId, ByteBuffer in, int offset, int length, int port, String id) {
        if ((size + 1) * 2 > slots.length) {
            rehash();
        }
        int serial = size++;
        if (serial == ids.length) {
            ids = Arrays.copyOf(ids, serial * 2);
            keyAt = Arrays.copyOf(keyAt, serial * 2);
        }
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
        ids[serial] = id;
        place(hash(networkId, in, offset, length, port), serial);
        return serial;
    }

    /** The canonical peer ID of the address numbered {@code serial}. */
    String id(int serial) {
        return ids[serial];
    }

    /** How many distinct addresses were added. */
    public int size() {
        return size;
    }

    private void place(int hash, int serial) {
        int mask = slots.length - 1;
        int i = hash & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = (long) hash << 32 | (serial + 1L);
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long slot : old) {
            if (slot != 0) {
                place((int) (slot >>> 32), (int) slot - 1);
            }
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

    private static int hash(int networkId, ByteBuffer in, int offset, int length, int port) {
        int h = networkId << 16 ^ port;
        boolean bigEndian = in.order() == ByteOrder.BIG_ENDIAN; // the same bytes hash the same in any buffer
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int word = in.getInt(offset + i);
            h = (h ^ (bigEndian ? word : Integer.reverseBytes(word))) * 0x9E3779B1;
        }
        for (; i < length; i++) {
            h = (h ^ in.get(offset + i)) * 0x9E3779B1;
        }
        h = (h ^ length) * 0x85EBCA6B;
        return h ^ h >>> 15;
    }
}
