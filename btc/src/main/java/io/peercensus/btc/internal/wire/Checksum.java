package io.peercensus.btc.internal.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The message checksum: the first four bytes of SHA-256(SHA-256(payload)), as a big-endian {@code int} so that its
 * hex form reads like the bytes on the wire.
 *
 * <p>Stateless and thread-safe (a fresh digest per call).
 */
public final class Checksum {

    private Checksum() {
    }

    /** The checksum of {@code payload}. */
    public static int of(byte[] payload) {
        byte[] h = sha256d(payload);
        return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
    }

    /** SHA-256 applied twice. */
    public static byte[] sha256d(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
