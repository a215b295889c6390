package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.wire.BitcoinWireException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A small breadth-first crawl, as our crawler does it (blocking conversations on a pool), over a whole network:
 * what it finds must be exactly the ground truth.
 */
class CrawlAgainstGroundTruthTest {

    /** What one conversation gave: the node's version (after a handshake), its answer, and how it failed. */
    private record Probe(Endpoint endpoint, Optional<AnnouncedVersion> version, List<Endpoint> answer, IOException error) {
    }

    private static Probe probe(Endpoint endpoint, int magic) {
        AnnouncedVersion version = null;
        try (TestPeer peer = TestPeer.connect(endpoint, magic, 500, 2_000)) {
            version = AnnouncedVersion.of(peer.handshake(true));
            List<Endpoint> answer = new ArrayList<>();
            try {
                answer = TestPeer.endpoints(peer.getaddr().get(1));
            } catch (SocketTimeoutException silent) {
                // a node that never answers getaddr: reachable all the same
            }
            return new Probe(endpoint, Optional.of(version), answer, null);
        } catch (IOException e) {
            return new Probe(endpoint, Optional.ofNullable(version), List.of(), e);
        }
    }

    @Test
    void crawlFromTheSeedFindsExactlyTheGroundTruth() throws InterruptedException, ExecutionException {
        // The classic mix: this probe reads exactly two address messages and drops the peer on any bad frame.
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().classicMix().nodes(160).seed(11)
                .hostileFraction(0.05).oddAgentFraction(0.05).onionFraction(0.05).i2pFraction(0.02).cjdnsFraction(0.02)
                .messageLatency(Duration.ofMillis(2)).addrReplyDelay(Duration.ofMillis(10))
                .slowLatency(Duration.ofMillis(60)).slowAddrReplyDelay(Duration.ofMillis(120)).start()) {
            BitcoinGroundTruth truth = net.groundTruth();
            ExecutorService pool = Executors.newFixedThreadPool(48);
            Map<Endpoint, Probe> probes = new HashMap<>();
            Set<Endpoint> heard = new HashSet<>(net.seedEndpoints());
            List<Endpoint> frontier = new ArrayList<>(net.seedEndpoints());
            try {
                while (!frontier.isEmpty()) {
                    List<Future<Probe>> wave = new ArrayList<>();
                    for (Endpoint e : frontier) {
                        wave.add(pool.submit(() -> probe(e, net.magic())));
                    }
                    frontier = new ArrayList<>();
                    for (Future<Probe> f : wave) {
                        Probe p = f.get();
                        probes.put(p.endpoint(), p);
                        for (Endpoint e : p.answer()) {
                            if (heard.add(e) && e.address().type() == AddressType.IPV4) {
                                frontier.add(e);
                            }
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            Set<Endpoint> reachable = new HashSet<>();
            for (Probe p : probes.values()) {
                BitcoinNodeTruth node = truth.node(p.endpoint()).orElseThrow();
                String what = node.kind() + " " + node.endpoint() + " " + p.error();
                if (p.version().isPresent()) {
                    reachable.add(p.endpoint()); // the handshake completed: reachable, whatever came after
                    assertThat(p.version()).as(what).isEqualTo(node.version());
                }
                if (p.error() == null) {
                    continue;
                }
                switch (node.kind()) {
                    case DEAD -> assertThat(p.error()).as(what).isInstanceOf(ConnectException.class);
                    case TARPIT, BLACK_HOLE -> assertThat(p.error()).as(what).isInstanceOf(SocketTimeoutException.class);
                    case HOSTILE_BAD_CHECKSUM, HOSTILE_OVERSIZED_LENGTH, HOSTILE_ADDR_COUNT, HOSTILE_TRUNCATED,
                            HOSTILE_BAD_MAGIC -> assertThat(p.error()).as(what).isInstanceOf(BitcoinWireException.class)
                            .hasMessageStartingWith(truth.expectedHostileErrors().get(p.endpoint()));
                    case REACHABLE, OLD, SLOW, NEVER_ANSWERS_GETADDR, ODD_AGENT ->
                            throw new AssertionError("a reachable node failed: " + what, p.error());
                }
            }
            assertThat(reachable).isEqualTo(truth.reachable());
            assertThat(probes.keySet()).containsExactlyInAnyOrderElementsOf(
                    truth.nodes().stream().map(BitcoinNodeTruth::endpoint).toList());
            Set<Endpoint> nonIp = new HashSet<>(heard);
            nonIp.removeIf(e -> e.address().type() == AddressType.IPV4);
            assertThat(nonIp).isEqualTo(truth.nonIpAddresses()).isNotEmpty();
        }
    }

    @Test
    void aSlowNodeWithDefaultDelaysAnswersEachMessageWithinSeconds() throws IOException {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(4).seed(2).deadFraction(0)
                .tarpitFraction(0).blackHoleFraction(0).hostileFraction(0).oldNodeFraction(0)
                .neverAnswersGetaddrFraction(0).oddAgentFraction(0).slowFraction(0.75).start()) {
            BitcoinNodeTruth slow = net.groundTruth().ofKind(BitcoinNodeKind.SLOW).get(0);
            try (TestPeer peer = TestPeer.connect(slow.endpoint(), net.magic(), 1_000, 5_000)) {
                assertThat(AnnouncedVersion.of(peer.handshake(true))).isEqualTo(slow.version().orElseThrow());
                assertThat(TestPeer.endpoints(peer.getaddr().get(1))).containsExactlyElementsOf(slow.announces());
            }
        }
    }
}
