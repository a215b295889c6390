package io.peercensus.dht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixTableTest {

    @Test
    void keysShareExactlyTheAskedPrefixWithRandomRemotes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            byte[] remote = new byte[32];
            random.nextBytes(remote);
            for (int cpl = 0; cpl <= PrefixTable.MAX_CPL; cpl++) {
                byte[] key = PrefixTable.keyForBucket(remote, cpl, random);
                assertThat(KadKey.commonPrefixLength(KadKey.kadId(key), remote)).as("trial %d cpl %d", trial, cpl).isEqualTo(cpl);
            }
        }
    }

    @Test
    void keysLookLikeSha256PeerIds() {
        byte[] key = PrefixTable.keyForBucket(new byte[32], 3, new SplittableRandom(1));
        assertThat(key).hasSize(34);
        assertThat(key[0]).isEqualTo((byte) 0x12);
        assertThat(key[1]).isEqualTo((byte) 0x20);
        assertThat(io.peercensus.dht.multiformats.PeerId.fromBytes(key).toBytes()).isEqualTo(key);
    }

    @Test
    void everyPrefixHasTheFirstCounterThatProducesIt() {
        long start = System.nanoTime();
        int[] table = PrefixTable.generate();
        long millis = (System.nanoTime() - start) / 1_000_000;
        int max = 0;
        for (int prefix = 0; prefix < table.length; prefix++) {
            byte[] id = KadKey.kadId(PrefixTable.key(table[prefix]));
            assertThat((id[0] & 0xff) << 8 | id[1] & 0xff).isEqualTo(prefix);
            max = Math.max(max, table[prefix]);
        }
        // no counter below an entry produces its prefix: recount the first hits of the counters up to the largest
        Map<Integer, Integer> first = new HashMap<>();
        for (int counter = 0; counter <= max; counter += 97) { // a sample of counters, each must not undercut the table
            byte[] id = KadKey.kadId(PrefixTable.key(counter));
            first.putIfAbsent((id[0] & 0xff) << 8 | id[1] & 0xff, counter);
        }
        first.forEach((prefix, counter) -> assertThat(table[prefix]).isLessThanOrEqualTo(counter));
        System.out.printf("prefix table: %d counters hashed in %d ms%n", max + 1, millis);
    }

    @Test
    void firstEntriesAreStable() {
        // counter 0: key 1220 || SHA-256(00000000)
        assertThat(HexFormat.of().formatHex(PrefixTable.key(0)))
                .isEqualTo("1220df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119");
    }

    @Test
    void rejectsBucketsBeyondTheTable() {
        assertThatThrownBy(() -> PrefixTable.keyForBucket(new byte[32], 16, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("prefix table: common prefix length 16 is outside 0..15");
        assertThatThrownBy(() -> PrefixTable.keyForBucket(new byte[32], -1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("prefix table: common prefix length -1 is outside 0..15");
    }

    @Test
    void commonPrefixLengthCountsLeadingEqualBits() {
        assertThat(KadKey.commonPrefixLength(new byte[] {0, 0}, new byte[] {0, 0})).isEqualTo(16);
        assertThat(KadKey.commonPrefixLength(new byte[] {(byte) 0x80}, new byte[] {0})).isEqualTo(0);
        assertThat(KadKey.commonPrefixLength(new byte[] {0, 1}, new byte[] {0, 0})).isEqualTo(15);
        assertThat(KadKey.commonPrefixLength(new byte[] {0x10}, new byte[] {0x18})).isEqualTo(4);
    }
}
