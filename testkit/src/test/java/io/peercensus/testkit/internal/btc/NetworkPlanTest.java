package io.peercensus.testkit.internal.btc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.testkit.BitcoinNodeKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The deterministic layout of a network, checked without sockets (so 10,000-node plans are cheap). */
class NetworkPlanTest {

    static NetworkSettings settings(int nodes, long seed) {
        Map<BitcoinNodeKind, Double> f = new EnumMap<>(BitcoinNodeKind.class);
        f.put(BitcoinNodeKind.DEAD, 0.30);
        f.put(BitcoinNodeKind.TARPIT, 0.02);
        f.put(BitcoinNodeKind.BLACK_HOLE, 0.03);
        f.put(BitcoinNodeKind.OLD, 0.10);
        f.put(BitcoinNodeKind.SLOW, 0.02);
        f.put(BitcoinNodeKind.NEVER_ANSWERS_GETADDR, 0.05);
        f.put(BitcoinNodeKind.ODD_AGENT, 0.02);
        return new NetworkSettings(nodes, seed, BitcoinNetworkParams.MAINNET.magic(), 8333, f, 0.05, 0.05, 0.01, 0.01,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1000, 1);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "3, 9", "10, 42", "200, 7", "2000, 11", "10000, 42"})
    void aCrawlFromTheSeedHearsOfEveryAddressAndReachesEveryReachableNode(int nodes, long seed) {
        NetworkPlan plan = NetworkPlan.of(settings(nodes, seed));
        int population = nodes + plan.nonIp.length;
        boolean[] heard = new boolean[population];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        heard[0] = true;
        queue.add(0);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            if (!plan.kinds[node].answersGetaddr()) {
                continue;
            }
            for (int p : plan.announces[node]) {
                if (!heard[p]) {
                    heard[p] = true;
                    if (p < nodes && plan.kinds[p].isReachable()) {
                        queue.add(p); // only reachable nodes are asked for more
                    }
                }
            }
        }
        for (int i = 0; i < population; i++) {
            assertThat(heard[i]).as("population index %d of %d", i, population).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 1", "50, 2", "10000, 42"})
    void answersAreDistinctBoundedAndNeverLookLikeASelfAnnouncement(int nodes, long seed) {
        NetworkPlan plan = NetworkPlan.of(settings(nodes, seed));
        for (int i = 0; i < nodes; i++) {
            int[] answer = plan.announces[i];
            if (!plan.kinds[i].answersGetaddr()) {
                assertThat(answer).isEmpty();
                continue;
            }
            assertThat(answer.length).isBetween(2, 1000);
            assertThat(Arrays.stream(answer).distinct().count()).isEqualTo(answer.length);
            assertThat(answer).doesNotContain(i);
            if (!plan.kinds[i].speaksAddrV2()) {
                assertThat(Arrays.stream(answer).max().orElse(0)).isLessThan(nodes); // old nodes know no Tor, I2P or CJDNS
            }
        }
    }

    @Test
    void kindsFollowTheFractionsAndTheSeedIsReachable() {
        NetworkPlan plan = NetworkPlan.of(settings(1000, 3));
        Map<BitcoinNodeKind, Integer> counts = new EnumMap<>(BitcoinNodeKind.class);
        for (BitcoinNodeKind k : plan.kinds) {
            counts.merge(k, 1, Integer::sum);
        }
        assertThat(plan.kinds[0]).isEqualTo(BitcoinNodeKind.REACHABLE);
        assertThat(counts).containsEntry(BitcoinNodeKind.DEAD, 300).containsEntry(BitcoinNodeKind.TARPIT, 20)
                .containsEntry(BitcoinNodeKind.BLACK_HOLE, 30).containsEntry(BitcoinNodeKind.OLD, 100)
                .containsEntry(BitcoinNodeKind.SLOW, 20).containsEntry(BitcoinNodeKind.NEVER_ANSWERS_GETADDR, 50)
                .containsEntry(BitcoinNodeKind.ODD_AGENT, 20)
                .containsEntry(BitcoinNodeKind.HOSTILE_BAD_CHECKSUM, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_OVERSIZED_LENGTH, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_ADDR_COUNT, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_TRUNCATED, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_BAD_MAGIC, 10)
                .containsEntry(BitcoinNodeKind.REACHABLE, 1000 - 300 - 20 - 30 - 100 - 20 - 50 - 20 - 50);
        assertThat(plan.nonIp).hasSize(50 + 10 + 10);
    }

    @Test
    void addressesAreDistinctLoopbackAddressesOutside127Dot0SpreadOverManySlash16s() {
        NetworkPlan plan = NetworkPlan.of(settings(10_000, 42));
        Set<String> all = new HashSet<>();
        Set<Integer> slash16 = new HashSet<>();
        for (byte[] a : plan.addresses) {
            assertThat(a[0]).isEqualTo((byte) 127);
            assertThat(a[1] & 0xff).isBetween(1, 254);
            assertThat(a[3] & 0xff).isBetween(1, 254);
            all.add(Arrays.toString(a));
            slash16.add((a[1] & 0xff) << 8 | (a[2] & 0xff));
        }
        assertThat(all).hasSize(10_000);
        assertThat(slash16.size()).isGreaterThan(3_000);
    }

    @Test
    void sameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        NetworkPlan a = NetworkPlan.of(settings(500, 99));
        NetworkPlan b = NetworkPlan.of(settings(500, 99));
        NetworkPlan c = NetworkPlan.of(settings(500, 100));
        assertThat(b.kinds).isEqualTo(a.kinds);
        assertThat(b.versions).isEqualTo(a.versions);
        assertThat(b.addresses).isDeepEqualTo(a.addresses);
        assertThat(b.nonIp).isEqualTo(a.nonIp);
        assertThat(b.announces).isDeepEqualTo(a.announces);
        assertThat(c.kinds).isNotEqualTo(a.kinds);
        assertThat(c.addresses).isNotEqualTo(a.addresses);
    }

    @Test
    void rejectsFractionsThatLeaveNoRoomForTheSeed() {
        Map<BitcoinNodeKind, Double> f = new EnumMap<>(BitcoinNodeKind.class);
        f.put(BitcoinNodeKind.DEAD, 0.7);
        f.put(BitcoinNodeKind.TARPIT, 0.3);
        NetworkSettings s = new NetworkSettings(10, 1, 0, 8333, f, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 1000, 1);
        assertThatThrownBy(() -> NetworkPlan.of(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fractions give 10 special nodes out of 10, leaving none for the seed (a reachable node)");
    }

    @Test
    void rejectsFractionsOverOneAndHostileKindsSetOneByOne() {
        Map<BitcoinNodeKind, Double> over = new EnumMap<>(BitcoinNodeKind.class);
        over.put(BitcoinNodeKind.DEAD, 0.9);
        assertThatThrownBy(() -> new NetworkSettings(10, 1, 0, 8333, over, 0.2, 0, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 1000, 1)).hasMessageStartingWith("the fractions of node kinds add up to 1.1");
        Map<BitcoinNodeKind, Double> hostile = Map.of(BitcoinNodeKind.HOSTILE_BAD_MAGIC, 0.1);
        assertThatThrownBy(() -> new NetworkSettings(10, 1, 0, 8333, hostile, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 1000, 1)).hasMessage("HOSTILE_BAD_MAGIC is hostile: set hostileFraction instead");
    }
}
