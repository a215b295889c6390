package io.peercensus.dht.multiformats;

import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A multihash: {@code varint(code) varint(length) digest}. {@link #IDENTITY} and {@link #SHA2_256} are
 * understood; any other code is kept as it came, digest and all, so it writes back byte for byte.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the hash function's multicodec code
 * @param digest the digest bytes (copied in and out)
 */
public record Multihash(int code, byte[] digest) {
    /** The identity "hash": the digest is the data itself. */
    public static final int IDENTITY = 0x00;
    /** SHA-256. */
    public static final int SHA2_256 = 0x12;
    /** The longest digest accepted, checked before allocating. */
    public static final int MAX_DIGEST_LENGTH = 512;

    private static final int SHA2_256_LENGTH = 32;

    /**
     * Checks and copies the parts.
     *
     * @throws MultiformatException on a negative code, an over-long digest or a sha2-256 digest over 32 bytes
     */
    public Multihash {
        if (code < 0) {
            throw new MultiformatException("multihash: code must not be negative, got " + code);
        }
        if (digest.length > MAX_DIGEST_LENGTH) {
            throw new MultiformatException("multihash: digest length " + digest.length + " exceeds the limit of " + MAX_DIGEST_LENGTH);
        }
        if (code == SHA2_256 && digest.length > SHA2_256_LENGTH) {
            throw new MultiformatException("multihash: sha2-256 digest must be at most 32 bytes, got " + digest.length);
        }
        digest = digest.clone();
    }

    /** The identity multihash of {@code data}. */
    public static Multihash identity(byte[] data) {
        return new Multihash(IDENTITY, data);
    }

    /** The sha2-256 multihash of {@code data}. */
    public static Multihash sha2_256(byte[] data) {
        try {
            return new Multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Reads one multihash at the buffer's position and advances past it.
     *
     * @throws MultiformatException on a malformed varint, a code over {@link Integer#MAX_VALUE}, or a digest
     *     longer than the limit or than the bytes that remain
     */
    public static Multihash read(ByteBuffer in) {
        int code = UnsignedVarint.readInt(in, Integer.MAX_VALUE, "multihash: code");
        int length = UnsignedVarint.readInt(in, MAX_DIGEST_LENGTH, "multihash: digest length");
        if (length > in.remaining()) {
            throw new MultiformatException("multihash: digest length " + length + " exceeds the " + in.remaining() + " remaining bytes");
        }
        byte[] digest = new byte[length];
        in.get(digest);
        return new Multihash(code, digest);
    }

    /**
     * The multihash that is exactly {@code bytes}.
     *
     * @throws MultiformatException as {@link #read(ByteBuffer)} does, or when bytes follow the digest
     */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Multihash multihash = read(in);
        if (in.hasRemaining()) {
            throw new MultiformatException("multihash: " + in.remaining() + " trailing bytes after the digest");
        }
        return multihash;
    }

    /** The digest bytes (a copy). */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Whether this is the identity multihash, whose digest is the data itself. */
    public boolean isIdentity() {
        return code == IDENTITY;
    }

    /** The number of bytes {@link #write} writes. */
    public int encodedSize() {
        return UnsignedVarint.size(code) + UnsignedVarint.size(digest.length) + digest.length;
    }

    /** Writes the multihash at the buffer's position. */
    public void write(ByteBuffer out) {
        UnsignedVarint.write(code, out);
        UnsignedVarint.write(digest.length, out);
        out.put(digest);
    }

    /** The encoded multihash. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(encodedSize());
        write(out);
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Multihash[code=0x" + Integer.toHexString(code) + ", digest=" + HexFormat.of().formatHex(digest) + "]";
    }
}
