package io.peercensus.testkit.internal.dht;

import io.peercensus.dht.kad.KadKey;
import java.util.Arrays;

/**
 * The Kademlia keyspace as libp2p uses it: a key's Kademlia ID is the SHA-256 of its bytes (for a peer, of its
 * binary peer ID); distance is the XOR of two IDs, compared as unsigned big-endian numbers.
 *
 * <p>Stateless and thread-safe.
 */
final class KadSpace {

    /** The length of a Kademlia ID in bytes. */
    static final int ID_LENGTH = KadKey.ID_LENGTH;
    /** The length of a Kademlia ID in bits: the deepest common prefix. */
    static final int ID_BITS = ID_LENGTH * 8;

    private KadSpace() {
    }

    /** The Kademlia ID of {@code key}: its SHA-256 (dht's {@link KadKey}). */
    static byte[] kadId(byte[] key) {
        return KadKey.kadId(key);
    }

    /** Bit {@code bit} of {@code id}, counting from the most significant bit of byte 0. */
    static int bit(byte[] id, int bit) {
        return (id[bit >>> 3] >>> (7 - (bit & 7))) & 1;
    }

    /** How many leading bits {@code a} and {@code b} share (0 to 256; dht's {@link KadKey}). */
    static int commonPrefixLength(byte[] a, byte[] b) {
        return KadKey.commonPrefixLength(a, b);
    }

    /** The XOR distance of two IDs. */
    static byte[] distance(byte[] a, byte[] b) {
        byte[] d = new byte[ID_LENGTH];
        for (int i = 0; i < ID_LENGTH; i++) {
            d[i] = (byte) (a[i] ^ b[i]);
        }
        return d;
    }

    /** Orders IDs (or distances) as unsigned big-endian numbers. */
    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
