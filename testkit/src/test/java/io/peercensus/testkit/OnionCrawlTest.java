package io.peercensus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Crawlers;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.OnionAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 3, Tor): an onion peer is dialed through the SOCKS5 proxy by name (address type
 * DOMAINNAME) and crawled like any other; a proxy that fails or never answers gives class proxy within
 * the deadline; without a proxy the peer is discovered and never dialed.
 */
class OnionCrawlTest {
    private static SimulatedBitcoinNetwork net;
    private static String onion;

    @BeforeAll
    static void start() {
        net = SimulatedBitcoinNetwork.builder().nodes(30).seed(5).start();
        byte[] key = new byte[32];
        new Random(99).nextBytes(key);
        onion = OnionAddress.v3Name(key);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    /** Crawls the onion peer alone, every wait capped at 2 s; its observation first, then the peers it named. */
    private static List<Peer> crawl(InetSocketAddress proxy) {
        return crawl(proxy, Duration.ofSeconds(2));
    }

    private static List<Peer> crawl(InetSocketAddress proxy, Duration cap) {
        List<Peer> seen = new ArrayList<>();
        PeerSink sink = seen::add;
        var builder = Crawlers.bitcoin().seed(onion + ":8333").loopbackOnly(true).maxPeers(1).timeout(cap);
        if (proxy != null) {
            builder.proxy(proxy);
        }
        builder.run(sink);
        List<Peer> onionFirst = new ArrayList<>(seen.stream().filter(p -> p.peerID().startsWith(onion)).toList());
        seen.stream().filter(p -> !p.peerID().startsWith(onion)).forEach(onionFirst::add);
        return onionFirst;
    }

    @Test
    void anOnionPeerWithSecondsOfProxyLatencyIsCrawledWithItsFullAnswerUnderTheTorWaits() throws IOException {
        Endpoint node = net.seedEndpoints().get(0);
        try (OnionProxy proxy = new OnionProxy(Map.of(onion, node.toInetSocketAddress()), OnionProxy.Mode.RELAY,
                Duration.ofSeconds(4), Duration.ofMillis(800))) {
            Peer p = crawl(proxy.address(), Duration.ofSeconds(100)).get(0); // the cap leaves the Tor waits as they are
            assertThat(p.status()).as("%s", p.error()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error()).isNull();
            assertThat(p.latencyMs()).as("the circuit's seconds count in the latency").isGreaterThanOrEqualTo(4000);
            BitcoinNodeTruth seed = net.groundTruth().seedNode();
            // Dialed by its onion name, the node's self-announced IP address is one more address it named.
            assertThat(p.neighbours()).isEqualTo(seed.advertised(true).size()).isGreaterThan(1);
        }
    }

    @Test
    void anOnionPeerIsDialedThroughTheProxyByNameAndCrawledLikeAnyOther() throws IOException {
        Endpoint node = net.seedEndpoints().get(0);
        try (OnionProxy proxy = new OnionProxy(Map.of(onion, node.toInetSocketAddress()), OnionProxy.Mode.RELAY)) {
            List<Peer> seen = crawl(proxy.address());
            Peer p = seen.get(0);
            assertThat(p.peerID()).isEqualTo(onion + ":8333");
            assertThat(p.addresses()).containsExactly("/onion3/" + onion.substring(0, 56) + ":8333");
            assertThat(p.status()).as("%s", p.error()).isEqualTo(PeerStatus.REACHABLE);
            AnnouncedVersion announced = net.groundTruth().seedNode().version().orElseThrow();
            assertThat(p.agentVersion()).isEqualTo(announced.userAgentString());
            assertThat(p.bitcoin().startHeight()).isEqualTo(announced.startHeight());
            assertThat(p.neighbours()).isPositive();
            assertThat(proxy.addressTypes).containsExactly(3); // DOMAINNAME: the proxy resolves the onion name
            assertThat(proxy.requests).containsExactly(onion + ":8333");
        }
    }

    @Test
    void aProxyFailureReplyIsClassProxy() throws IOException {
        try (OnionProxy proxy = new OnionProxy(Map.of(), OnionProxy.Mode.HOST_UNREACHABLE)) {
            Peer p = crawl(proxy.address()).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
            assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROXY);
            assertThat(p.error().detail()).contains("host unreachable");
        }
    }

    @Test
    void aProxyThatNeverAnswersIsClassProxyWithinTheDeadline() throws IOException {
        try (OnionProxy proxy = new OnionProxy(Map.of(), OnionProxy.Mode.SILENT)) {
            Peer p = crawl(proxy.address()).get(0);
            assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROXY);
            assertThat(p.error().detail()).startsWith("proxy did not answer within 2000 ms");
        }
    }

    @Test
    void withoutAProxyTheOnionPeerIsDiscoveredAndNeverDialed() throws IOException {
        try (OnionProxy proxy = new OnionProxy(Map.of(), OnionProxy.Mode.RELAY)) {
            Peer p = crawl(null).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.DISCOVERED);
            assertThat(p.peerID()).isEqualTo(onion + ":8333");
            assertThat(proxy.requests).isEmpty();
        }
    }
}
