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

    /** The kinds of earlier releases only. */
    static NetworkSettings settings(int nodes, long seed) {
        return new NetworkSettings(nodes, seed, BitcoinNetworkParams.MAINNET.magic(), 8333, classicFractions(), 0.05,
                0, 0.05, 0.01, 0.01, NodeTimings.zero(), 1000, 1);
    }

    private static Map<BitcoinNodeKind, Double> classicFractions() {
        Map<BitcoinNodeKind, Double> f = new EnumMap<>(BitcoinNodeKind.class);
        f.put(BitcoinNodeKind.DEAD, 0.30);
        f.put(BitcoinNodeKind.TARPIT, 0.02);
        f.put(BitcoinNodeKind.BLACK_HOLE, 0.03);
        f.put(BitcoinNodeKind.OLD, 0.10);
        f.put(BitcoinNodeKind.SLOW, 0.02);
        f.put(BitcoinNodeKind.NEVER_ANSWERS_GETADDR, 0.05);
        f.put(BitcoinNodeKind.ODD_AGENT, 0.02);
        return f;
    }

    /** Every kind, the newer ones with generous shares, and the default timings of the public builder. */
    static NetworkSettings mixed(int nodes, long seed) {
        Map<BitcoinNodeKind, Double> f = classicFractions();
        f.put(BitcoinNodeKind.TRICKLE, 0.10);
        f.put(BitcoinNodeKind.SPLIT_ANSWER, 0.04);
        f.put(BitcoinNodeKind.GOSSIP_FIRST, 0.05);
        f.put(BitcoinNodeKind.LATE_VERSION, 0.03);
        f.put(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE, 0.02);
        NodeTimings t = new NodeTimings(Duration.ofMillis(50), Duration.ofMillis(100),
                new DelayRange(Duration.ofSeconds(1), Duration.ofSeconds(3)), Duration.ofSeconds(2), Duration.ofSeconds(30),
                new DelayRange(Duration.ofMillis(300), Duration.ofSeconds(3)),
                new DelayRange(Duration.ofMillis(200), Duration.ofSeconds(2)),
                new DelayRange(Duration.ofSeconds(6), Duration.ofSeconds(10)));
        return new NetworkSettings(nodes, seed, BitcoinNetworkParams.MAINNET.magic(), 8333, f, 0.05, 0.03, 0.05, 0.01,
                0.01, t, 1000, 1);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "3, 9", "10, 42", "200, 7", "2000, 11", "10000, 42"})
    void aCrawlFromTheSeedHearsOfEveryAddressAndReachesEveryReachableNode(int nodes, long seed) {
        NetworkPlan plan = NetworkPlan.of(settings(nodes, seed));
        boolean[] heard = crawlThroughPromptAnswers(plan);
        for (int i = 0; i < heard.length; i++) {
            assertThat(heard[i]).as("population index %d of %d", i, heard.length).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "3, 9", "10, 42", "60, 8", "200, 7", "2000, 11", "10000, 42"})
    void everyAddressIsInThePromptAnswerOfANodeReachedThroughPromptAnswersOnly(int nodes, long seed) {
        NetworkPlan plan = NetworkPlan.of(mixed(nodes, seed));
        boolean[] heard = crawlThroughPromptAnswers(plan);
        for (int i = 0; i < heard.length; i++) {
            String what = i < nodes ? plan.kinds[i].name() : "non-IP";
            assertThat(heard[i]).as("population index %d of %d (%s)", i, heard.length, what).isTrue();
        }
        for (int i = 0; i < nodes; i++) {
            long prompt = plan.scripts[i].afterGetaddr().stream()
                    .filter(step -> step.action() == NodeScript.Action.ANSWER).count();
            if (plan.kinds[i].answersPromptly()) {
                assertThat(prompt).as("%s answers in one message", plan.kinds[i]).isEqualTo(1);
            }
        }
    }

    /**
     * A breadth-first crawl from node 0 that takes only the answers of prompt answerers (every other node is heard
     * of, never asked); returns which population indices it heard of.
     */
    private static boolean[] crawlThroughPromptAnswers(NetworkPlan plan) {
        int nodes = plan.kinds.length;
        boolean[] heard = new boolean[nodes + plan.nonIp.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        heard[0] = true;
        queue.add(0);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            assertThat(plan.kinds[node].answersPromptly()).isTrue();
            for (int p : plan.announces[node]) {
                if (!heard[p]) {
                    heard[p] = true;
                    if (p < nodes && plan.kinds[p].answersPromptly()) {
                        queue.add(p); // only prompt answerers are asked for more
                    }
                }
            }
        }
        return heard;
    }

    @ParameterizedTest
    @CsvSource({"3, 1", "50, 2", "10000, 42"})
    void answersAreDistinctBoundedAndNeverLookLikeASelfAnnouncement(int nodes, long seed) {
        NetworkPlan plan = NetworkPlan.of(mixed(nodes, seed));
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
        NetworkSettings s = new NetworkSettings(10, 1, 0, 8333, f, 0, 0, 0, 0, 0, NodeTimings.zero(), 1000, 1);
        assertThatThrownBy(() -> NetworkPlan.of(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fractions give 10 special nodes out of 10, leaving none for the seed (a reachable node)");
    }

    @Test
    void rejectsFractionsOverOneAndHostileKindsSetOneByOne() {
        Map<BitcoinNodeKind, Double> over = new EnumMap<>(BitcoinNodeKind.class);
        over.put(BitcoinNodeKind.DEAD, 0.9);
        assertThatThrownBy(() -> new NetworkSettings(10, 1, 0, 8333, over, 0.1, 0.1, 0, 0, 0, NodeTimings.zero(), 1000,
                1)).hasMessageStartingWith("the fractions of node kinds add up to 1.1");
        Map<BitcoinNodeKind, Double> hostile = Map.of(BitcoinNodeKind.HOSTILE_BAD_MAGIC, 0.1);
        assertThatThrownBy(() -> new NetworkSettings(10, 1, 0, 8333, hostile, 0, 0, 0, 0, 0, NodeTimings.zero(), 1000,
                1)).hasMessage("HOSTILE_BAD_MAGIC is hostile: set hostileFraction instead");
        Map<BitcoinNodeKind, Double> after = Map.of(BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_TRUNCATED, 0.1);
        assertThatThrownBy(() -> new NetworkSettings(10, 1, 0, 8333, after, 0, 0, 0, 0, 0, NodeTimings.zero(), 1000,
                1)).hasMessage("HOSTILE_AFTER_HANDSHAKE_TRUNCATED is hostile: set hostileAfterHandshakeFraction instead");
        assertThatThrownBy(() -> DelayRange.named("lateVersionDelay", Duration.ofSeconds(10), Duration.ofSeconds(6)))
                .hasMessage("lateVersionDelay: min PT10S exceeds max PT6S");
    }

    @Test
    void theNewerKindsFollowTheirFractions() {
        NetworkPlan plan = NetworkPlan.of(mixed(1000, 3));
        Map<BitcoinNodeKind, Integer> counts = new EnumMap<>(BitcoinNodeKind.class);
        for (BitcoinNodeKind k : plan.kinds) {
            counts.merge(k, 1, Integer::sum);
        }
        assertThat(plan.kinds[0]).isEqualTo(BitcoinNodeKind.REACHABLE);
        assertThat(counts).containsEntry(BitcoinNodeKind.TRICKLE, 100).containsEntry(BitcoinNodeKind.SPLIT_ANSWER, 40)
                .containsEntry(BitcoinNodeKind.GOSSIP_FIRST, 50).containsEntry(BitcoinNodeKind.LATE_VERSION, 30)
                .containsEntry(BitcoinNodeKind.BAD_CHECKSUM_AFTER_HANDSHAKE, 20)
                .containsEntry(BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_OVERSIZED, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_TRUNCATED, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_AFTER_HANDSHAKE_MALFORMED, 10)
                .containsEntry(BitcoinNodeKind.HOSTILE_ADDR_COUNT, 10)
                .containsEntry(BitcoinNodeKind.REACHABLE, 1000 - 540 - 50 - 240 - 30);
    }

    @Test
    void trickleAnswersWaitAnExponentialDelayOfThirtySecondsOnAverage() {
        NetworkPlan plan = NetworkPlan.of(mixed(10_000, 4));
        long latency = Duration.ofMillis(50).toNanos();
        int count = 0;
        int over70 = 0;
        double sumSeconds = 0;
        for (int i = 0; i < plan.kinds.length; i++) {
            if (plan.kinds[i] != BitcoinNodeKind.TRICKLE) {
                continue;
            }
            var steps = plan.scripts[i].afterGetaddr();
            assertThat(steps).extracting(NodeScript.Step::action).containsExactly(NodeScript.Action.SELF,
                    NodeScript.Action.ANSWER);
            assertThat(steps.get(0).delayNanos()).isEqualTo(latency);
            assertThat(steps.get(1).entries()).isEqualTo(plan.announces[i]);
            double seconds = (steps.get(1).delayNanos() - latency) / 1e9;
            sumSeconds += seconds;
            over70 += seconds > 70 ? 1 : 0;
            count++;
        }
        assertThat(count).isEqualTo(1000);
        assertThat(sumSeconds / count).isBetween(27.0, 33.0);
        assertThat(over70 / (double) count).as("exp(-70/30) = 9.7%%").isBetween(0.07, 0.125);
    }

    @Test
    void splitAnswersComeInTwoToFourPartsOfMoreThanTenEntriesSecondsApart() {
        NetworkPlan plan = NetworkPlan.of(mixed(2000, 5));
        Set<Integer> partCounts = new HashSet<>();
        for (int i = 0; i < plan.kinds.length; i++) {
            if (plan.kinds[i] != BitcoinNodeKind.SPLIT_ANSWER) {
                continue;
            }
            var steps = plan.scripts[i].afterGetaddr();
            assertThat(steps).allMatch(step -> step.action() == NodeScript.Action.ANSWER).hasSizeBetween(2, 4);
            partCounts.add(steps.size());
            assertThat(steps.get(0).delayNanos()).isEqualTo(Duration.ofMillis(150).toNanos());
            int[] joined = steps.stream().flatMapToInt(step -> Arrays.stream(step.entries())).toArray();
            assertThat(joined).isEqualTo(plan.announces[i]);
            for (int p = 0; p < steps.size(); p++) {
                assertThat(steps.get(p).entries().length).isGreaterThan(NodeScript.GOSSIP_MAX_ENTRIES);
                if (p > 0) {
                    assertThat(steps.get(p).delayNanos() - steps.get(p - 1).delayNanos())
                            .isBetween(Duration.ofMillis(300).toNanos(), Duration.ofSeconds(3).toNanos());
                }
            }
        }
        assertThat(partCounts).containsExactlyInAnyOrder(2, 3, 4);
    }

    @Test
    void splitCutsInOrderAndKeepsEveryPartOverTenEntriesWhenItCan() {
        int[] answer = new int[1000];
        Arrays.setAll(answer, i -> i);
        assertThat(sizes(NodeScript.split(answer, 4))).containsExactly(250, 250, 250, 250);
        assertThat(sizes(NodeScript.split(Arrays.copyOf(answer, 22), 4))).containsExactly(11, 11);
        assertThat(sizes(NodeScript.split(Arrays.copyOf(answer, 35), 3))).containsExactly(12, 12, 11);
        assertThat(sizes(NodeScript.split(Arrays.copyOf(answer, 21), 3))).containsExactly(11, 10);
        assertThat(sizes(NodeScript.split(Arrays.copyOf(answer, 1), 3))).containsExactly(1);
        assertThat(NodeScript.split(Arrays.copyOf(answer, 35), 3)[2]).containsExactly(24, 25, 26, 27, 28, 29, 30, 31,
                32, 33, 34);
    }

    @Test
    void gossipFirstNodesSendAFewOtherAddressesOrThemselvesThenTheirAnswer() {
        NetworkPlan plan = NetworkPlan.of(mixed(2000, 6));
        Set<Integer> gossipSizes = new HashSet<>();
        for (int i = 0; i < plan.kinds.length; i++) {
            if (plan.kinds[i] != BitcoinNodeKind.GOSSIP_FIRST) {
                continue;
            }
            var steps = plan.scripts[i].afterGetaddr();
            assertThat(steps).hasSize(2);
            NodeScript.Step first = steps.get(0);
            if (first.action() == NodeScript.Action.GOSSIP) {
                assertThat(first.entries().length).isBetween(1, 3);
                assertThat(Arrays.stream(first.entries()).distinct().count()).isEqualTo(first.entries().length);
                assertThat(first.entries()).doesNotContain(i);
                assertThat(Arrays.stream(first.entries()).max().orElseThrow()).isLessThan(plan.kinds.length);
                gossipSizes.add(first.entries().length);
            } else {
                assertThat(first.action()).isEqualTo(NodeScript.Action.SELF);
                gossipSizes.add(0);
            }
            assertThat(steps.get(1).action()).isEqualTo(NodeScript.Action.ANSWER);
            assertThat(steps.get(1).entries()).isEqualTo(plan.announces[i]);
            assertThat(steps.get(1).delayNanos() - first.delayNanos())
                    .isBetween(Duration.ofMillis(200).toNanos(), Duration.ofSeconds(2).toNanos());
        }
        assertThat(gossipSizes).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void lateVersionAndSlowNodesDrawTheirDelaysPerNodeFromTheirRanges() {
        NetworkPlan plan = NetworkPlan.of(mixed(2000, 8));
        Set<Long> slow = new HashSet<>();
        for (int i = 0; i < plan.kinds.length; i++) {
            NodeScript script = plan.scripts[i];
            switch (plan.kinds[i]) {
                case LATE_VERSION -> assertThat(script.versionDelayNanos())
                        .isBetween(Duration.ofSeconds(6).toNanos(), Duration.ofSeconds(10).toNanos());
                case SLOW -> {
                    assertThat(script.latencyNanos()).isBetween(Duration.ofSeconds(1).toNanos(),
                            Duration.ofSeconds(3).toNanos()).isEqualTo(script.versionDelayNanos());
                    assertThat(script.afterGetaddr().get(1).delayNanos())
                            .isEqualTo(script.latencyNanos() + Duration.ofSeconds(2).toNanos());
                    slow.add(script.latencyNanos());
                }
                default -> assertThat(script.versionDelayNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
            }
        }
        assertThat(slow).hasSize(40); // one delay per node
    }

    @Test
    void nodesThatMisbehaveAfterTheHandshakeAdvertiseAtMostThemselvesFirst() {
        NetworkPlan plan = NetworkPlan.of(mixed(2000, 9));
        Set<Integer> shapes = new HashSet<>();
        for (int i = 0; i < plan.kinds.length; i++) {
            if (!plan.kinds[i].isHostileAfterHandshake()) {
                continue;
            }
            var actions = plan.scripts[i].afterGetaddr().stream().map(NodeScript.Step::action).toList();
            NodeScript.Action bad = actions.get(actions.size() - 1);
            assertThat(bad).isEqualTo(switch (plan.kinds[i]) {
                case HOSTILE_AFTER_HANDSHAKE_OVERSIZED -> NodeScript.Action.OVERSIZED_HEADER;
                case HOSTILE_AFTER_HANDSHAKE_TRUNCATED -> NodeScript.Action.TRUNCATED_PING;
                case HOSTILE_AFTER_HANDSHAKE_MALFORMED -> NodeScript.Action.MALFORMED_ADDR;
                default -> NodeScript.Action.ADDR_COUNT_OVER_CAP;
            });
            assertThat(actions.subList(0, actions.size() - 1)).allMatch(a -> a == NodeScript.Action.SELF);
            shapes.add(actions.size());
            assertThat(plan.announces[i]).isEmpty();
        }
        assertThat(shapes).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void sameSeedGivesTheSameScripts() {
        assertThat(describe(NetworkPlan.of(mixed(500, 99)))).isEqualTo(describe(NetworkPlan.of(mixed(500, 99))))
                .isNotEqualTo(describe(NetworkPlan.of(mixed(500, 100))));
    }

    private static int[] sizes(int[][] parts) {
        return Arrays.stream(parts).mapToInt(p -> p.length).toArray();
    }

    private static String describe(NetworkPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (NodeScript script : plan.scripts) {
            sb.append(script.latencyNanos()).append(' ').append(script.versionDelayNanos());
            script.afterGetaddr().forEach(step -> sb.append(' ').append(step.delayNanos()).append(step.action())
                    .append(Arrays.toString(step.entries())));
            sb.append('\n');
        }
        return sb.toString();
    }
}
