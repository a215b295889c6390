package io.peercensus.testkit.internal.dht;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Kademlia routing tables of a simulated network, as a well-connected DHT holds them: for every node and every
 * bucket (common prefix length 0..255 with the node's Kademlia ID), up to {@value #BUCKET_SIZE} peers drawn from
 * all the nodes that fall into it (all of them when fewer exist). Dialable and undialable nodes alike, as real
 * tables hold dead entries.
 *
 * <p>With the nodes sorted by Kademlia ID, the nodes sharing at least {@code b} bits with a node are one
 * contiguous run, and bucket {@code b} is the half of that run on the other side of bit {@code b}; so each bucket
 * is found by one binary search and sampled without looking at the other nodes: O(n log n) for the whole network.
 *
 * <p>Then every dialable node must be reachable from node 0 through dialable nodes' tables. Drawing from the
 * whole network makes that true at realistic sizes; when a draw leaves a dialable node out anyway (small or mostly
 * undialable networks), it is put into the right bucket of a reached dialable node, in place of an undialable
 * entry when the bucket is full. Each repair is counted.
 *
 * <p>Not thread-safe while built; read-only afterwards.
 */
final class RoutingTables {

    /** Kademlia's k: the most peers one bucket holds. */
    static final int BUCKET_SIZE = 20;

    /** {@code buckets[node][b]}: the peers (node indices) in bucket {@code b} of {@code node}, in drawn order. */
    final int[][][] buckets;
    /** How many dialable nodes had to be put into a table to be reachable from node 0. */
    final int repairs;

    private final byte[][] kadIds;

    RoutingTables(byte[][] kadIds, boolean[] dialable, SplittableRandom random) {
        this.kadIds = kadIds;
        int n = kadIds.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (x, y) -> KadSpace.compare(kadIds[x], kadIds[y]));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = boxed[i];
        }
        this.buckets = new int[n][][];
        for (int u = 0; u < n; u++) {
            buckets[u] = draw(u, sorted, random.split());
        }
        this.repairs = connect(dialable, random.split());
    }

    /** The buckets of node {@code u}, deepest non-empty bucket last. */
    private int[][] draw(int u, int[] sorted, SplittableRandom random) {
        List<int[]> drawn = new ArrayList<>();
        byte[] id = kadIds[u];
        int lo = 0;
        int hi = sorted.length;
        for (int b = 0; b < KadSpace.ID_BITS && hi - lo > 1; b++) {
            int split = firstWithBitSet(sorted, lo, hi, b);
            int bucketLo;
            int bucketHi;
            if (KadSpace.bit(id, b) == 0) {
                bucketLo = split;
                bucketHi = hi;
                hi = split;
            } else {
                bucketLo = lo;
                bucketHi = split;
                lo = split;
            }
            drawn.add(sample(sorted, bucketLo, bucketHi, random));
        }
        int last = drawn.size();
        while (last > 0 && drawn.get(last - 1).length == 0) {
            last--;
        }
        return drawn.subList(0, last).toArray(new int[0][]);
    }

    /** The first index in {@code [lo, hi)} whose node has bit {@code b} set (all share bits before {@code b}). */
    private int firstWithBitSet(int[] sorted, int lo, int hi, int b) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (KadSpace.bit(kadIds[sorted[mid]], b) == 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Up to {@link #BUCKET_SIZE} distinct nodes of {@code sorted[lo..hi)}: all in order, or a random sample. */
    private static int[] sample(int[] sorted, int lo, int hi, SplittableRandom random) {
        int size = hi - lo;
        if (size <= BUCKET_SIZE) {
            return Arrays.copyOfRange(sorted, lo, hi);
        }
        int[] out = new int[BUCKET_SIZE];
        Set<Integer> taken = new HashSet<>();
        for (int k = 0; k < BUCKET_SIZE; ) {
            int pick = lo + random.nextInt(size);
            if (taken.add(pick)) {
                out[k++] = sorted[pick];
            }
        }
        return out;
    }

    /** Makes every dialable node reachable from node 0; returns how many nodes were put into a table. */
    private int connect(boolean[] dialable, SplittableRandom random) {
        int n = kadIds.length;
        for (int count = 0; ; count++) {
            boolean[] reached = reachable(dialable);
            int missing = -1;
            for (int u = 0; u < n && missing < 0; u++) {
                if (dialable[u] && !reached[u]) {
                    missing = u;
                }
            }
            if (missing < 0) {
                return count;
            }
            if (count > n) {
                throw new IllegalStateException("cannot make every dialable node reachable from the seed");
            }
            List<Integer> hosts = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (reached[v] && dialable[v]) {
                    hosts.add(v);
                }
            }
            insert(hosts.get(random.nextInt(hosts.size())), missing, dialable, random);
        }
    }

    /** Puts {@code u} into its bucket of {@code v}'s table, replacing an undialable entry when the bucket is full. */
    private void insert(int v, int u, boolean[] dialable, SplittableRandom random) {
        int b = KadSpace.commonPrefixLength(kadIds[v], kadIds[u]);
        int[] bucket = buckets[v][b];
        if (bucket.length < BUCKET_SIZE) {
            int[] grown = Arrays.copyOf(bucket, bucket.length + 1);
            grown[bucket.length] = u;
            buckets[v][b] = grown;
            return;
        }
        List<Integer> undialable = new ArrayList<>();
        for (int j = 0; j < bucket.length; j++) {
            if (!dialable[bucket[j]]) {
                undialable.add(j);
            }
        }
        int slot = undialable.isEmpty() ? random.nextInt(bucket.length) : undialable.get(random.nextInt(undialable.size()));
        bucket[slot] = u;
    }

    /** Which nodes a walk from node 0 over dialable nodes' tables reaches (dialable or not). */
    boolean[] reachable(boolean[] dialable) {
        boolean[] seen = new boolean[kadIds.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen[0] = true;
        queue.add(0);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            if (!dialable[v]) {
                continue;
            }
            for (int[] bucket : buckets[v]) {
                for (int p : bucket) {
                    if (!seen[p]) {
                        seen[p] = true;
                        queue.add(p);
                    }
                }
            }
        }
        return seen;
    }

    /** Node {@code u}'s whole table, bucket by bucket. */
    int[] table(int u) {
        int size = 0;
        for (int[] bucket : buckets[u]) {
            size += bucket.length;
        }
        int[] out = new int[size];
        int k = 0;
        for (int[] bucket : buckets[u]) {
            System.arraycopy(bucket, 0, out, k, bucket.length);
            k += bucket.length;
        }
        return out;
    }
}
