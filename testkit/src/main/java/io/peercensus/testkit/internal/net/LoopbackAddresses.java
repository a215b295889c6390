package io.peercensus.testkit.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic sequence of distinct loopback addresses {@code 127.a.b.c} for simulated nodes (Linux routes all of
 * 127.0.0.0/8 to the loopback interface). {@code 127.0.0.0/16} is never used, so {@code 127.0.0.1} stays free for
 * other tests, and neither are host bytes 0 or 255. Addresses come from a pool of distinct /16 prefixes, about two
 * nodes per prefix, so a crawl sees many /16s and a few shared ones.
 *
 * Shared by every simulated network of the testkit.
 *
 * <p>Not thread-safe: one sequence per network, used by the thread that builds it.
 */
public final class LoopbackAddresses {

    private final SplittableRandom random;
    private final int[] prefixes;
    private final Set<Integer> used = new HashSet<>();

    /** A sequence for a network of about {@code nodes} addresses. */
    public LoopbackAddresses(SplittableRandom random, int nodes) {
        this.random = random;
        int pool = Math.max(16, nodes / 2);
        Set<Integer> chosen = new HashSet<>();
        this.prefixes = new int[pool];
        for (int i = 0; i < pool; ) {
            int prefix = (1 + random.nextInt(254)) << 8 | random.nextInt(256); // a: 1..254, b: 0..255
            if (chosen.add(prefix)) {
                prefixes[i++] = prefix;
            }
        }
    }

    /** The next address, as the 4 bytes of {@code 127.a.b.c}; distinct from every one given before. */
    public byte[] next() {
        while (true) {
            int prefix = prefixes[random.nextInt(prefixes.length)];
            int host = 1 + random.nextInt(254);
            int key = prefix << 8 | host;
            if (used.add(key)) {
                return new byte[] {127, (byte) (prefix >>> 8), (byte) prefix, (byte) host};
            }
        }
    }

    /** The {@link Inet4Address} of four bytes (no lookup). */
    public static InetAddress inet(byte[] four) {
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
