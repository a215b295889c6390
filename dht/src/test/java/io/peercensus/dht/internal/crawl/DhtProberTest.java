package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.Crawlers;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DhtProberTest {
    private static final List<String> SERVER = List.of(IdentifyMessage.PROTOCOL_ID, FakeDhtPeer.KAD);
    private static DhtProber prober() {
        return new DhtProber(FakeDhtPeer.KAD, PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(5)), UpgradedPair.seeded(6));
    }

    private static ProbeResult probe(FakeDhtPeer peer) throws Exception {
        return probe(prober(), peer);
    }

    private static ProbeResult probe(DhtProber prober, FakeDhtPeer peer) throws Exception {
        ProbeTarget target = new ProbeTarget(peer.id.toString(), List.of(peer.address().toString()),
                PeerAddresses.tcpEndpoints(List.of(peer.address())), null);
        try (DirectContext context = new DirectContext(Duration.ofSeconds(10), Duration.ofSeconds(30))) {
            return prober.probe(target, context);
        } finally {
            prober.close();
        }
    }

    @ParameterizedTest(name = "{0} peers, seed {1}")
    @CsvSource({"0, 1", "3, 2", "25, 3", "60, 4", "150, 5", "400, 6"})
    void walksTheWholeTableWithAtMostNonEmptyBucketsPlusThreeRequests(int size, long seed) throws Exception {
        byte[] remote = FakeDhtPeer.KAD_ID;
        List<KadPeer> table = FakeDhtPeer.table(remote, size, cpl -> true, seed);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER)) {
            ProbeResult result = probe(peer);
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.neighbours()).extracting(ProbeTarget::peerID)
                    .containsExactlyInAnyOrderElementsOf(table.stream().map(p -> p.peerId().toString()).toList());
            assertThat(result.observation().neighbours()).isEqualTo(table.size());
            assertThat(peer.findNodes.get()).as("FIND_NODE requests for %d non-empty buckets", peer.nonEmptyBuckets())
                    .isLessThanOrEqualTo(peer.nonEmptyBuckets() + RoutingTableWalk.MAX_EMPTY);
            System.out.printf("routing table of %d peers in %d buckets: %d FIND_NODE requests%n", table.size(), peer.nonEmptyBuckets(),
                    peer.findNodes.get());
        }
    }

    @Test
    void findsBucketsBeyondAnEmptyOneWithinTheBound() throws Exception {
        byte[] remote = FakeDhtPeer.KAD_ID;
        List<KadPeer> table = FakeDhtPeer.table(remote, 200, cpl -> cpl != 1 && cpl != 3, 9);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER)) {
            ProbeResult result = probe(peer);
            assertThat(result.neighbours()).hasSize(table.size());
            assertThat(peer.findNodes.get()).isLessThanOrEqualTo(peer.nonEmptyBuckets() + RoutingTableWalk.MAX_EMPTY);
        }
    }

    @Test
    void recordsIdentifyAndNeighbourTargets() throws Exception {
        byte[] remote = FakeDhtPeer.KAD_ID;
        List<KadPeer> table = FakeDhtPeer.table(remote, 5, cpl -> true, 10);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER)) {
            ProbeResult result = probe(peer);
            Peer observation = result.observation();
            assertThat(observation.agentVersion()).isEqualTo(FakeDhtPeer.AGENT);
            assertThat(observation.protocols()).containsExactlyElementsOf(SERVER);
            assertThat(observation.addresses()).containsExactly(peer.address().toString());
            assertThat(observation.latencyMs()).isNotNull();
            ProbeTarget first = result.neighbours().stream().filter(t -> t.peerID().equals(table.get(0).peerId().toString())).findFirst()
                    .orElseThrow();
            assertThat(first.source()).isEqualTo(peer.id.toString());
            assertThat(first.addresses()).containsExactly("/ip4/127.0.0.1/tcp/1000");
            assertThat(first.endpoints()).extracting(Endpoint::port).containsExactly(1000);
        }
    }

    @Test
    void answersThePeersIdentifyWithoutKadAndRefusesItsPingSoTheWalkSurvives() throws Exception {
        byte[] remote = FakeDhtPeer.KAD_ID;
        List<KadPeer> table = FakeDhtPeer.table(remote, 40, cpl -> true, 11);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER, true)) {
            ProbeResult result = probe(peer);
            assertThat(peer.crawlerPing.get(30, TimeUnit.SECONDS)).isEqualTo("refused");
            IdentifyMessage ours = peer.crawlerIdentify.get(30, TimeUnit.SECONDS);
            assertThat(ours.protocols()).containsExactly(IdentifyMessage.PROTOCOL_ID);
            assertThat(ours.agentVersion()).startsWith("peercensus/");
            assertThat(ours.protocolVersion()).isEqualTo("ipfs/0.1.0");
            assertThat(ours.listenAddrs()).isEmpty();
            assertThat(Multiaddr.read(ours.observedAddr()).toString()).isEqualTo(peer.address().toString());
            assertThat(PeerId.fromPublicKey(PublicKey.fromProtobuf(ours.publicKey()))).isEqualTo(prober().self()); // same seeded key
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.observation().neighbours()).isEqualTo(table.size());
        }
    }

    @Test
    void aPeerWithoutTheKadProtocolIsReachableAndNotAsked() throws Exception {
        try (FakeDhtPeer peer = new FakeDhtPeer(List.of(), null, List.of(IdentifyMessage.PROTOCOL_ID))) {
            ProbeResult result = probe(peer);
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.observation().neighbours()).isZero();
            assertThat(peer.findNodes.get()).isZero();
        }
    }

    @Test
    void aGarbageFindNodeAnswerEndsTheConversationEarlyKeepingIdentifyAndThePeerReachable() throws Exception {
        try (FakeDhtPeer peer = new FakeDhtPeer(List.of(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, SERVER)) {
            ProbeResult result = probe(peer);
            Peer observation = result.observation();
            assertThat(observation.status()).as("Noise and yamux were up").isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(observation.error().detail()).startsWith("kad: ");
            assertThat(observation.agentVersion()).isEqualTo(FakeDhtPeer.AGENT);
            assertThat(result.neighbours()).isEmpty();
        }
    }

    @Test
    void aPeerProvingAnotherIdentityIsAHandshakeErrorInTheCrawl() throws Exception {
        try (FakeDhtPeer peer = new FakeDhtPeer(List.of(), null, SERVER)) {
            PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(99)).publicKey());
            List<Peer> observed;
            try (Stream<Peer> peers = Crawlers.dht().seed(peer.address() + "/p2p/" + someoneElse).loopbackOnly(true)
                    .timeout(Duration.ofSeconds(10)).stream()) {
                observed = peers.toList();
            }
            assertThat(observed).singleElement().satisfies(p -> {
                assertThat(p.peerID()).isEqualTo(someoneElse.toString());
                assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
                assertThat(p.error().errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
            });
        }
    }

    @Test
    void aGarbageAnswerIsAProtocolErrorOfAReachablePeerInTheCrawl() throws Exception {
        try (FakeDhtPeer peer = new FakeDhtPeer(List.of(), new byte[] {0x42, 0x05, 0x01}, SERVER)) {
            List<Peer> observed;
            try (Stream<Peer> peers = Crawlers.dht().seed(peer.address() + "/p2p/" + peer.id).loopbackOnly(true)
                    .timeout(Duration.ofSeconds(10)).stream()) {
                observed = peers.toList();
            }
            assertThat(observed).singleElement().satisfies(p -> {
                assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
                assertThat(p.agentVersion()).isEqualTo(FakeDhtPeer.AGENT);
                assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
                assertThat(p.error().detail())
                        .isEqualTo("kad: closerPeers entry of 5 bytes overruns the message (1 bytes left) (0 of 3 requests answered)");
            });
        }
    }
}
