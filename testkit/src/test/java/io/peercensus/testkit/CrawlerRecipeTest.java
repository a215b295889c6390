package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.crawl.Waits;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 14: a simulated network gives a crawl of itself in one call, as the README's recipe shows. */
class CrawlerRecipeTest {

    @Test
    void aSimulatedBitcoinNetworkGivesAReadyCrawl() {
        try (SimulatedBitcoinNetwork net = SimulatedBitcoinNetwork.builder().nodes(80).seed(4).classicMix().start();
                Stream<Peer> peers = net.crawler().waits(Waits.ofSeconds(2, 5, 5)).stream()) {
            Set<String> reachable = peers.filter(p -> p.status() == PeerStatus.REACHABLE).map(Peer::peerID)
                    .collect(Collectors.toSet());
            Set<String> truth = new HashSet<>();
            net.groundTruth().reachable().forEach(e -> truth.add(e.canonical()));
            assertThat(reachable).isEqualTo(truth);
        }
    }

    @Test
    void aSimulatedDhtGivesAReadyCrawl() {
        try (SimulatedDhtNetwork net = SimulatedDhtNetwork.builder().nodes(40).seed(4).undialableFraction(0)
                .start(); Stream<Peer> peers = net.crawler().stream()) {
            Set<String> reachable = peers.filter(p -> p.status() == PeerStatus.REACHABLE).map(Peer::peerID)
                    .collect(Collectors.toSet());
            Set<String> truth = new HashSet<>();
            net.groundTruth().dialable().forEach(id -> truth.add(id.toString()));
            assertThat(reachable).containsAll(truth);
        }
    }
}
