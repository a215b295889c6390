package io.peercensus.testkit.internal.btc;

import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.testkit.BitcoinNodeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides which addresses each node gives in its real getaddr answer, so that a breadth-first crawl from node 0
 * reaches every reachable node and hears of every address:
 * <ol>
 *   <li>a random tree over the reachable nodes, rooted at node 0, in which every parent answers getaddr;</li>
 *   <li>every other node (dead, tarpit, black hole, hostile) in the answer of one node of that tree;</li>
 *   <li>every non-IP address in the answer of a node that speaks {@code addrv2};</li>
 *   <li>random extras up to each answer's size, then each answer shuffled.</li>
 * </ol>
 * Old nodes (no {@code addrv2}) only ever announce IP addresses. No answer exceeds 1000 entries; every answer has
 * at least two entries when the network has that many other addresses, so it is never mistaken for a
 * self-announcement.
 *
 * <p>Not thread-safe: build once, on one thread.
 */
final class AnnouncementGraph {

    private final BitcoinNodeKind[] kinds;
    private final int nodes;
    private final int population;
    private final int answerSize;
    private final SplittableRandom random;
    private final IntList[] lists;

    AnnouncementGraph(BitcoinNodeKind[] kinds, int nonIpCount, int answerSize, SplittableRandom random) {
        this.kinds = kinds;
        this.nodes = kinds.length;
        this.population = nodes + nonIpCount;
        this.answerSize = answerSize;
        this.random = random;
        this.lists = new IntList[nodes];
    }

    /** The answer of each node, as population indices ({@code int[0]} for nodes that do not answer). */
    int[][] build() {
        List<Integer> answerers = new ArrayList<>();
        List<Integer> modernAnswerers = new ArrayList<>();
        List<Integer> reachable = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            if (kinds[i].answersGetaddr()) {
                lists[i] = new IntList();
                answerers.add(i);
                if (kinds[i].speaksAddrV2()) {
                    modernAnswerers.add(i);
                }
            }
            if (i > 0 && kinds[i].isReachable()) {
                reachable.add(i);
            }
        }
        shuffle(reachable);
        List<Integer> tree = new ArrayList<>();
        tree.add(0);
        for (int r : reachable) {
            place(tree, r);
            if (kinds[r].answersGetaddr()) {
                tree.add(r);
            }
        }
        for (int i = 1; i < nodes; i++) {
            if (!kinds[i].isReachable()) {
                place(answerers, i);
            }
        }
        for (int j = nodes; j < population; j++) {
            place(modernAnswerers, j);
        }
        fillExtras(answerers);
        int[][] out = new int[nodes][];
        for (int i = 0; i < nodes; i++) {
            out[i] = lists[i] == null ? new int[0] : lists[i].shuffled(random);
        }
        return out;
    }

    /** Adds {@code entry} to the answer of a random candidate that has room. */
    private void place(List<Integer> candidates, int entry) {
        int start = random.nextInt(candidates.size());
        for (int t = 0; t < candidates.size(); t++) {
            IntList list = lists[candidates.get((start + t) % candidates.size())];
            if (list.size < AddrMessage.MAX_ENTRIES) {
                list.add(entry);
                return;
            }
        }
        throw new IllegalStateException("too few nodes answer getaddr to announce every address: "
                + candidates.size() + " answers of " + AddrMessage.MAX_ENTRIES + " are full");
    }

    private void fillExtras(List<Integer> answerers) {
        int[] allPerm = identity(population);
        int[] ipPerm = identity(nodes);
        boolean[] member = new boolean[population];
        for (int a : answerers) {
            boolean modern = kinds[a].speaksAddrV2();
            int[] perm = modern ? allPerm : ipPerm;
            int available = perm.length - 1; // everyone but itself
            int high = Math.min(answerSize, available);
            int low = Math.min(high, Math.max(2, answerSize / 2));
            int target = low + random.nextInt(high - low + 1);
            IntList list = lists[a];
            if (list.size >= target) {
                continue;
            }
            member[a] = true;
            list.forEach(e -> member[e] = true);
            for (int k = 0; k < perm.length && list.size < target; k++) {
                int j = k + random.nextInt(perm.length - k);
                int t = perm[k];
                perm[k] = perm[j];
                perm[j] = t;
                if (!member[perm[k]]) {
                    member[perm[k]] = true;
                    list.add(perm[k]);
                }
            }
            member[a] = false;
            list.forEach(e -> member[e] = false);
        }
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private void shuffle(List<Integer> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** A growable list of ints. Not thread-safe. */
    private static final class IntList {
        int[] values = new int[8];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void forEach(java.util.function.IntConsumer action) {
            for (int i = 0; i < size; i++) {
                action.accept(values[i]);
            }
        }

        int[] shuffled(SplittableRandom random) {
            int[] out = Arrays.copyOf(values, size);
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = out[i];
                out[i] = out[j];
                out[j] = t;
            }
            return out;
        }
    }
}
