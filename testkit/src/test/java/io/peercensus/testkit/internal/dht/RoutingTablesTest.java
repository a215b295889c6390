package io.peercensus.testkit.internal.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoutingTablesTest {

    private static byte[][] kadIds(int n) {
        byte[][] ids = new byte[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = KadSpace.kadId(ByteBuffer.allocate(4).putInt(i).array());
        }
        return ids;
    }

    private static boolean[] everyNth(int n, int step) {
        boolean[] dialable = new boolean[n];
        for (int i = 0; i < n; i += step) {
            dialable[i] = true;
        }
        return dialable;
    }

    private static void assertBucketsHoldTheirOwnPeers(RoutingTables tables, byte[][] ids) {
        for (int u = 0; u < ids.length; u++) {
            for (int b = 0; b < tables.buckets[u].length; b++) {
                assertThat(tables.buckets[u][b].length).isLessThanOrEqualTo(RoutingTables.BUCKET_SIZE);
                for (int p : tables.buckets[u][b]) {
                    assertThat(KadSpace.commonPrefixLength(ids[u], ids[p])).isEqualTo(b);
                }
            }
        }
    }

    @Test
    void aWellMixedNetworkNeedsNoRepairAndReachesEveryDialableNode() {
        byte[][] ids = kadIds(3000);
        boolean[] dialable = everyNth(3000, 2);
        RoutingTables tables = new RoutingTables(ids, dialable, new SplittableRandom(1));
        assertThat(tables.repairs).isZero();
        boolean[] reached = tables.reachable(dialable);
        for (int i = 0; i < ids.length; i++) {
            assertThat(reached[i]).isTrue();
        }
        assertBucketsHoldTheirOwnPeers(tables, ids);
    }

    @Test
    void aMostlyUndialableNetworkIsRepairedIntoTheRightBuckets() {
        byte[][] ids = kadIds(3000);
        boolean[] dialable = everyNth(3000, 60); // 50 dialable nodes among 3000
        RoutingTables tables = new RoutingTables(ids, dialable, new SplittableRandom(2));
        assertThat(tables.repairs).isPositive();
        boolean[] reached = tables.reachable(dialable);
        for (int i = 0; i < ids.length; i++) {
            if (dialable[i]) {
                assertThat(reached[i]).as("node %d", i).isTrue();
            }
        }
        assertBucketsHoldTheirOwnPeers(tables, ids);
    }

    @Test
    void sampledBucketsAreDistinctAndFullWhenMoreThanTwentyExist() {
        byte[][] ids = kadIds(1000);
        RoutingTables tables = new RoutingTables(ids, everyNth(1000, 1), new SplittableRandom(3));
        for (int u = 0; u < ids.length; u++) {
            assertThat(tables.buckets[u][0]).hasSize(20).doesNotHaveDuplicates().doesNotContain(u);
            assertThat(tables.table(u)).doesNotHaveDuplicates().doesNotContain(u);
        }
    }
}
