package io.peercensus.testkit.internal.btc;

import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.testkit.BitcoinNodeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides which addresses each node gives in its real getaddr answer, so that a breadth-first crawl from node 0 that
 * gets only the prompt answers ({@link BitcoinNodeKind#answersPromptly()}) reaches every node that handshakes and
 * hears of every address:
 * <ol>
 *   <li>a random tree rooted at node 0 in which every parent answers promptly: every other node that ends its
 *       conversation normally (the prompt answerers, and the trickle, split, gossip-first, late-version,
 *       bad-checksum and never-answering nodes) hangs in the answer of a prompt answerer already in the tree;</li>
 *   <li>every other node (dead, tarpit, black hole, hostile before or after the handshake) in the answer of one
 *       prompt answerer (all of them are in the tree);</li>
 *   <li>every non-IP address in the answer of a prompt answerer that speaks {@code addrv2};</li>
 *   <li>random extras up to each answer's size, for every node that answers (prompt or not), then each answer
 *       shuffled.</li>
 * </ol>
 * Old nodes (no {@code addrv2}) only ever announce IP addresses. No answer exceeds 1000 entries; every answer has
 * at least two entries when the network has that many other addresses, so it is never mistaken for a
 * self-announcement. With no node of the newer kinds (the classic mix) this draws exactly what it drew before they
 * existed: the prompt answerers are then all the answerers.
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
        List<Integer> prompt = new ArrayList<>();
        List<Integer> modernPrompt = new ArrayList<>();
        List<Integer> normal = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            if (kinds[i].answersGetaddr()) {
                lists[i] = new IntList();
                answerers.add(i);
            }
            if (kinds[i].answersPromptly()) {
                prompt.add(i);
                if (kinds[i].speaksAddrV2()) {
                    modernPrompt.add(i);
                }
            }
            if (i > 0 && endsNormally(kinds[i])) {
                normal.add(i);
            }
        }
        shuffle(normal);
        List<Integer> tree = new ArrayList<>();
        tree.add(0);
        for (int r : normal) {
            place(tree, r);
            if (kinds[r].answersPromptly()) {
                tree.add(r);
            }
        }
        for (int i = 1; i < nodes; i++) {
            if (!endsNormally(kinds[i])) {
                place(prompt, i);
            }
        }
        for (int j = nodes; j < population; j++) {
            place(modernPrompt, j);
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

    /**
     * Whether a node completes the handshake and its conversation ends normally: such nodes hang in the tree; every
     * other node (those that misbehave after the handshake too) is named by a prompt answerer. This is the split the
     * classic mix was drawn with, so it keeps reproducing the networks of earlier releases.
     */
    private static boolean endsNormally(BitcoinNodeKind kind) {
        return kind.handshakes() && kind.expectedError().isEmpty();
    }
}
