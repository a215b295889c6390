package io.peercensus.dht.kad;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Keys that fall into a chosen bucket of a peer's routing table. A key is a sha2-256 multihash
 * ({@code 0x12 0x20} and the SHA-256 of a 4-byte big-endian counter), so it looks like a peer ID; the table
 * holds, for every 16-bit prefix a Kademlia ID can start with, the first counter whose key's Kademlia ID
 * starts with it. {@link #keyForBucket} picks the prefix that shares exactly {@code cpl} bits with the remote's
 * ID and returns its key, so buckets 0 to {@value #MAX_CPL} can be asked for; deeper buckets need longer
 * prefixes than the table holds.
 *
 * <p>The table is computed on first use, once per JVM (969,196 counters, two SHA-256 hashes each: 0.1 s
 * on an idle machine with SHA intrinsics, about 1 s under a loaded test run),
 * rather than shipped as a 256 KiB resource: nothing to regenerate or to drift out of step with the code.
 * Thread-safe: the table is immutable once built.
 */
public final class PrefixTable {
    /** The deepest bucket (common prefix length) a key can be crafted for. */
    public static final int MAX_CPL = 15;
    /** How many bits of prefix the table resolves. */
    public static final int PREFIX_BITS = 16;

    private static final byte[] MULTIHASH_HEADER = {0x12, 0x20};

    private PrefixTable() {
    }

    private static final class Holder {
        static final int[] COUNTERS = generate();
    }

    /**
     * A key whose Kademlia ID shares exactly {@code cpl} leading bits with {@code remoteKadId}: the bits after
     * the first differing one, up to the 16th, are drawn from {@code random}.
     *
     * @param remoteKadId the remote's Kademlia ID (SHA-256 of its peer ID), at least 2 bytes
     * @param cpl the common prefix length wanted, 0 to {@value #MAX_CPL}
     * @throws IllegalArgumentException when {@code cpl} is out of range
     */
    public static byte[] keyForBucket(byte[] remoteKadId, int cpl, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        if (cpl < 0 || cpl > MAX_CPL) {
            throw new IllegalArgumentException("prefix table: common prefix length " + cpl + " is outside 0.." + MAX_CPL);
        }
        if (remoteKadId.length < 2) {
            throw new IllegalArgumentException("prefix table: Kademlia ID of " + remoteKadId.length + " bytes is too short");
        }
        int remote = (remoteKadId[0] & 0xff) << 8 | remoteKadId[1] & 0xff;
        int flip = 1 << (PREFIX_BITS - 1 - cpl);
        int keep = ~(flip | (flip - 1)) & 0xffff; // the cpl leading bits
        int prefix = (remote & keep) | (~remote & flip) | (random.nextInt(flip) & (flip - 1));
        return key(Holder.COUNTERS[prefix]);
    }

    /** The key of {@code counter}: {@code 0x12 0x20} then SHA-256 of the counter's four big-endian bytes. */
    static byte[] key(int counter) {
        byte[] key = new byte[34];
        System.arraycopy(MULTIHASH_HEADER, 0, key, 0, 2);
        byte[] digest = KadKey.sha256().digest(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
        System.arraycopy(digest, 0, key, 2, 32);
        return key;
    }

    /** The counter table, computed; also how tests measure it. */
    static int[] generate() {
        int[] counters = new int[1 << PREFIX_BITS];
        java.util.Arrays.fill(counters, -1);
        MessageDigest sha = KadKey.sha256();
        byte[] counterBytes = new byte[4];
        byte[] key = new byte[34];
        System.arraycopy(MULTIHASH_HEADER, 0, key, 0, 2);
        byte[] kadId = new byte[32];
        int missing = counters.length;
        try {
            for (int counter = 0; missing > 0; counter++) {
                counterBytes[0] = (byte) (counter >>> 24);
                counterBytes[1] = (byte) (counter >>> 16);
                counterBytes[2] = (byte) (counter >>> 8);
                counterBytes[3] = (byte) counter;
                sha.update(counterBytes);
                sha.digest(key, 2, 32);
                sha.update(key);
                sha.digest(kadId, 0, 32);
                int prefix = (kadId[0] & 0xff) << 8 | kadId[1] & 0xff;
                if (counters[prefix] < 0) {
                    counters[prefix] = counter;
                    missing--;
                }
            }
        } catch (DigestException e) {
            throw new IllegalStateException("prefix table: SHA-256 output did not fit 32 bytes", e);
        }
        return counters;
    }
}
