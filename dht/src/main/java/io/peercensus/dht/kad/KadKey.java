package io.peercensus.dht.kad;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Kademlia keyspace of libp2p: a key's Kademlia ID is the SHA-256 of its bytes (for a peer, of its binary
 * peer ID), and two IDs are as close as the length of their common prefix says.
 *
 * <p>Stateless and thread-safe.
 */
public final class KadKey {
    /** The length of a Kademlia ID in bytes. */
    public static final int ID_LENGTH = 32;

    private KadKey() {
    }

    /** The Kademlia ID of {@code key}: its SHA-256. */
    public static byte[] kadId(byte[] key) {
        return sha256().digest(key);
    }

    /** How many leading bits {@code a} and {@code b} share (0..256 for Kademlia IDs). */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = (a[i] ^ b[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return n * 8;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
