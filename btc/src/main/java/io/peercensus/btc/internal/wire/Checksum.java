package io.peercensus.btc.internal.wire;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The message checksum: the first four bytes of SHA-256(SHA-256(payload)), as a big-endian {@code int} so that its
 * hex form reads like the bytes on the wire.
 *
 * <p>The static methods are thread-safe (a fresh digest per call, cloned from a prototype: no provider lookup); a
 * {@link Digest} is not.
 */
public final class Checksum {
    /** Never used itself, only cloned: a clone costs a few small arrays, a provider lookup much more. */
    private static final MessageDigest PROTOTYPE = lookUpSha256();

    private Checksum() {
    }

    /** The checksum of {@code payload}. */
    public static int of(byte[] payload) {
        byte[] h = sha256d(payload);
        return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
    }

    /**
     * Checksums with one reused digest, for a thread that checks many messages: spares a provider lookup per
     * message. Not thread-safe.
     */
    public static final class Digest {
        private static final int SHA256_LENGTH = 32;
        private final MessageDigest sha = sha256();
        /** Both hashes go here: nothing is allocated per message for a buffer with a backing array. */
        private final byte[] h = new byte[SHA256_LENGTH];

        /** The checksum of the remaining bytes of {@code payload}; its position is left where it was. */
        public int of(ByteBuffer payload) {
            if (payload.hasArray()) {
                sha.update(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            } else {
                sha.update(payload.duplicate());
            }
            try {
                sha.digest(h, 0, SHA256_LENGTH);
                sha.update(h, 0, SHA256_LENGTH);
                sha.digest(h, 0, SHA256_LENGTH);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 is 32 bytes long", e);
            }
            return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        }
    }

    /** SHA-256 applied twice. */
    public static byte[] sha256d(byte[] data) {
        MessageDigest sha = sha256();
        return sha.digest(sha.digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256(); // a provider whose digest cannot be cloned: look it up each time
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
