package io.peercensus.btc.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.CrawlListener;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.NetworkId;
import io.peercensus.btc.wire.PingMessage;
import io.peercensus.btc.wire.PongMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.UnknownMessage;
import io.peercensus.btc.wire.VerackMessage;
import io.peercensus.btc.wire.VersionMessage;
import io.peercensus.crawl.CrawlEngine;
import io.peercensus.crawl.CrawlSettings;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Route;
import io.peercensus.crawl.WaitPolicy;
import io.peercensus.crawl.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitcoinProberTest {
    private static final byte[] AGENT = "/Satoshi:27.0.0/".getBytes(StandardCharsets.US_ASCII);

    private static VersionMessage nodeVersion(byte[] agent) {
        return new VersionMessage(70016, 1033, 1_700_000_000L, new NetAddr(0, new byte[16], 0),
                new NetAddr(1033, new byte[16], 8333), 0x1234_5678_9abc_def0L, agent, 870_123, Optional.of(true));
    }

    /**
     * Runs a one-peer crawl against the node, every wait capped at 1.5 s, and returns its observations: the peer's
     * first, then those of the peers it named, which reach the crawl while it still talks.
     */
    private static List<Peer> crawl(ScriptedNode node) {
        Endpoint e = Endpoint.parse("127.0.0.1:" + node.port());
        List<Peer> seen = new ArrayList<>();
        PeerSink sink = seen::add;
        summary = new CrawlEngine(Network.BITCOIN, new BitcoinProber(BitcoinNetworkParams.MAINNET, "/peercensus:test/", new Random(1)),
                CrawlSettings.builder().loopbackOnly(true).maxPeers(1).timeout(Duration.ofMillis(1500)).build(),
                WaitPolicy.BITCOIN, CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(e.canonical(), List.of(e.multiaddr()), List.of(e), null)), List.of(sink));
        List<Peer> peerFirst = new ArrayList<>(seen.stream().filter(p -> p.peerID().equals(e.canonical())).toList());
        assertThat(peerFirst).as("one observation of the peer dialed").hasSize(1);
        seen.stream().filter(p -> !p.peerID().equals(e.canonical())).forEach(peerFirst::add);
        return peerFirst;
    }

    /** Runs a one-peer crawl with {@code waits}, returning the observations in the order the crawl recorded them. */
    private static List<Peer> crawlInOrder(ScriptedNode node, Waits waits) {
        Endpoint e = Endpoint.parse("127.0.0.1:" + node.port());
        List<Peer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeerSink sink = seen::add;
        summary = new CrawlEngine(Network.BITCOIN, new BitcoinProber(BitcoinNetworkParams.MAINNET, "/peercensus:test/", new Random(1)),
                CrawlSettings.builder().loopbackOnly(true).maxPeers(1).waits(Route.IP, waits).build(),
                WaitPolicy.BITCOIN, CrawlListener.NONE, Clock.systemUTC())
                .run(() -> List.of(new ProbeTarget(e.canonical(), List.of(e.multiaddr()), List.of(e), null)), List.of(sink));
        return seen;
    }

    private static Peer dialed(List<Peer> observations) {
        return observations.stream().filter(p -> p.status() != PeerStatus.DISCOVERED).findFirst().orElseThrow();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the pace of the node under test, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void gossipBeforeTheAnswerNeitherShortensNorEndsTheWait() throws IOException {
        int[] port = new int[1];
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(List.of(self(port[0]))));
            List<AddrV2Entry> gossip = entries(53).subList(50, 53);
            c.send(new AddrV2Message(gossip)); // three entries of gossip
            pause(1500);
            c.send(new AddrV2Message(entries(50))); // the answer, well after the gossip
        })) {
            port[0] = node.port();
            Peer p = dialed(crawlInOrder(node, Waits.ofSeconds(2, 2, 6)));
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error()).isNull();
            assertThat(p.neighbours()).isEqualTo(53);
            assertThat(summary.endings(io.peercensus.ConversationEnd.ANSWERED)).isEqualTo(1);
        }
    }

    @Test
    void anAnswerSplitOverSeveralMessagesIsCollectedWhole() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            List<AddrV2Entry> all = entries(90);
            for (int part = 0; part < 3; part++) {
                c.send(new AddrV2Message(all.subList(part * 30, part * 30 + 30)));
                pause(700);
            }
        })) {
            List<Peer> seen = crawlInOrder(node, Waits.ofSeconds(2, 2, 20));
            Peer p = dialed(seen);
            assertThat(p.neighbours()).isEqualTo(90);
            assertThat(p.bitcoin().addrCount()).isEqualTo(90);
            assertThat(p.error()).isNull();
            assertThat(seen).hasSize(91);
        }
    }

    @Test
    void theAddressesOfEachMessageReachTheCrawlBeforeTheConversationEnds() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(entries(40)));
        })) {
            List<Peer> seen = crawlInOrder(node, Waits.ofSeconds(2, 2, 3));
            assertThat(seen).hasSize(41);
            assertThat(seen.subList(0, 40)).as("the neighbours, recorded while the node's answer wait still ran")
                    .allSatisfy(n -> assertThat(n.status()).isEqualTo(PeerStatus.DISCOVERED));
            assertThat(seen.get(40).status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(seen.get(40).neighbours()).isEqualTo(40);
        }
    }

    @Test
    void aThousandDistinctAddressesCompleteTheAnswerAtOnce() throws Exception {
        java.util.concurrent.CompletableFuture<String> howItEnded = new java.util.concurrent.CompletableFuture<>();
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(entries(600)));
            c.send(new AddrV2Message(entries(1000).subList(600, 1000)));
            c.socket.setSoTimeout(4_000); // shorter than the quiet moment: only the count can have ended it
            try {
                howItEnded.complete(c.socket.getInputStream().read() < 0 ? "a FIN" : "more bytes");
            } catch (java.net.SocketTimeoutException e) {
                howItEnded.complete("still open");
            } catch (java.net.SocketException e) {
                howItEnded.complete("a reset");
            }
        })) {
            Peer p = dialed(crawlInOrder(node, Waits.ofSeconds(2, 2, 60)));
            assertThat(p.neighbours()).isEqualTo(1000);
            assertThat(howItEnded.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("a reset");
            assertThat(summary.endings(io.peercensus.ConversationEnd.ANSWERED)).isEqualTo(1);
        }
    }

    /** The summary of the last {@link #crawl}. */
    private static io.peercensus.CrawlSummary summary;

    private static void handshake(ScriptedNode.Conversation c, byte[] agent) throws IOException {
        c.await(VersionMessage.class);
        c.send(nodeVersion(agent));
        c.send(SendAddrV2Message.INSTANCE);
        c.send(VerackMessage.INSTANCE);
        c.await(VerackMessage.class);
    }

    private static List<AddrV2Entry> entries(int n) {
        List<AddrV2Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new AddrV2Entry(1_700_000_000L, 1033, NetworkId.IPV4, new byte[] {127, 99, (byte) (i >> 8), (byte) i}, 8333));
        }
        return entries;
    }

    private static AddrV2Entry self(int port) {
        return new AddrV2Entry(1_700_000_000L, 1033, NetworkId.IPV4, new byte[] {127, 0, 0, 1}, port);
    }

    @Test
    void waitsPastTheSelfAnnouncementForTheRealAnswer() throws IOException {
        int[] port = new int[1];
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(List.of(self(port[0]))));
            c.send(new UnknownMessage("feefilter", new byte[8]));
            c.send(PingMessage.of(77));
            c.await(PongMessage.class);
            c.send(new AddrV2Message(entries(50)));
        })) {
            port[0] = node.port();
            List<Peer> peers = crawl(node);
            Peer p = peers.get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.agentVersion()).isEqualTo("/Satoshi:27.0.0/");
            assertThat(p.neighbours()).isEqualTo(50);
            assertThat(p.bitcoin().version()).isEqualTo(70016);
            assertThat(p.bitcoin().services()).isEqualTo(1033);
            assertThat(p.bitcoin().serviceFlags()).containsExactly("NODE_NETWORK", "NODE_WITNESS", "NODE_NETWORK_LIMITED");
            assertThat(p.bitcoin().startHeight()).isEqualTo(870_123);
            assertThat(p.bitcoin().relay()).isTrue();
            assertThat(p.bitcoin().nonce()).isEqualTo(0x1234_5678_9abc_def0L);
            assertThat(p.bitcoin().addrCount()).isEqualTo(51);
            assertThat(p.bitcoin().userAgentRaw()).isNull();
            assertThat(peers).hasSize(51); // maxPeers(1): the 50 neighbours are recorded as discovered, never dialed
            assertThat(peers.subList(1, 51)).allSatisfy(n -> {
                assertThat(n.status()).isEqualTo(PeerStatus.DISCOVERED);
                assertThat(n.source()).isEqualTo(p.peerID());
            });
            assertThat(node.received).filteredOn(m -> m instanceof PongMessage)
                    .containsExactly(new PongMessage(77));
        }
    }

    @Test
    void aNodeThatFloodsPingsAndReadsNoneOfThePongsIsAProtocolError() throws IOException {
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            burst.writeBytes(Frame.of(PingMessage.of(i)).encode(ScriptedNode.MAGIC));
        }
        byte[] pings = burst.toByteArray();
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class); // from here on the node reads nothing
            for (int i = 0; i < 3000; i++) { // 6 million pings at most: far more than any socket buffers hold
                c.sendRaw(pings);
            }
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).as("the flood came after the handshake").isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(p.error().detail()).isEqualTo("peer reads nothing: more than " + NodeConversation.MAX_UNSENT + " bytes unsent");
            assertThat(p.agentVersion()).isEqualTo("/Satoshi:27.0.0/");
        }
    }

    @Test
    void sendsVersionThenSendaddrv2BeforeVerackAndGetaddrAfterTheHandshake() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.neighbours()).isZero(); // it never answered getaddr: the wait ended, the peer is still reachable
            assertThat(p.error().toJson()).isEqualTo("timeout: no getaddr answer within 1500 ms");
            assertThat(summary.endings(io.peercensus.ConversationEnd.ANSWER_WAIT)).isEqualTo(1);
            List<String> order = node.received.stream().map(m -> m.command()).toList();
            assertThat(order).containsExactly("version", "sendaddrv2", "verack", "getaddr");
            VersionMessage ours = (VersionMessage) node.received.get(0);
            assertThat(ours.version()).isEqualTo(70016);
            assertThat(new String(ours.userAgent(), StandardCharsets.UTF_8)).isEqualTo("/peercensus:test/");
            assertThat(ours.relay()).contains(false);
        }
    }

    @Test
    void oldNodesAnswerWithV1Addr() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.await(VersionMessage.class);
            c.send(new VersionMessage(70001, 1, 1_600_000_000L, new NetAddr(0, new byte[16], 0),
                    new NetAddr(1, new byte[16], 8333), 5, "/Satoshi:0.9.3/".getBytes(StandardCharsets.US_ASCII), 300_000,
                    Optional.empty()));
            c.send(VerackMessage.INSTANCE);
            c.await(GetAddrMessage.class);
            List<AddrEntry> v1 = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                v1.add(new AddrEntry(1_600_000_000L, NetAddr.of(InetAddress.getByAddress(new byte[] {127, 98, 4, (byte) i}), 8333, 1)));
            }
            c.send(new AddrMessage(v1));
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.bitcoin().relay()).isNull();
            assertThat(p.neighbours()).isEqualTo(20);
        }
    }

    @Test
    void aFrameWithABadChecksumIsDroppedAndTheConversationGoesOn() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            byte[] bad = Frame.of(new AddrV2Message(entries(30))).encode(ScriptedNode.MAGIC);
            bad[20] ^= 1; // checksum byte
            c.sendRaw(bad);
            c.send(PingMessage.of(99)); // the peer answers what follows: the frame was dropped, not the peer
            c.await(PongMessage.class);
            c.send(new AddrV2Message(entries(20)));
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error()).isNull();
            assertThat(p.neighbours()).as("only the intact answer's addresses").isEqualTo(20);
            assertThat(p.bitcoin().addrCount()).isEqualTo(20);
            assertThat(node.received).filteredOn(m -> m instanceof PongMessage).containsExactly(new PongMessage(99));
        }
    }

    @Test
    void aVersionWithABadChecksumIsDroppedAndTheWaitForAnIntactOneRunsOutAsAProtocolError() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.await(VersionMessage.class);
            byte[] bad = Frame.of(nodeVersion(AGENT)).encode(ScriptedNode.MAGIC);
            bad[20] ^= 1;
            c.sendRaw(bad);
            c.await(PingMessage.class); // never comes: the node waits until the crawler gives up
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.UNREACHABLE);
            assertThat(p.error().toJson()).isEqualTo("protocol: no version within 1500 ms after dropping 1 frame(s) with"
                    + " a bad checksum: 'version' of " + (Frame.of(nodeVersion(AGENT)).encode(ScriptedNode.MAGIC).length - 24)
                    + " bytes");
        }
    }

    @Test
    void anOversizedLengthBeforeTheHandshakeIsAProtocolError() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.await(VersionMessage.class);
            byte[] header = Frame.of(nodeVersion(AGENT)).encode(ScriptedNode.MAGIC);
            header[16] = 0x01; // length 4,000,001 and more
            header[17] = 0x09;
            header[18] = 0x3d;
            header[19] = 0x00;
            c.sendRaw(java.util.Arrays.copyOf(header, 24));
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.error().toJson()).isEqualTo("protocol: payload length 4000001 exceeds 4000000");
            assertThat(p.bitcoin()).isNull();
        }
    }

    @Test
    void aSilentNodeIsATimeoutNamingTheVersion() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> c.await(VersionMessage.class))) {
            Peer p = crawl(node).get(0);
            assertThat(p.error().toJson()).isEqualTo("timeout: no version within 1500 ms");
        }
    }

    @Test
    void invalidUtf8UserAgentKeepsTheRawBytes() throws IOException {
        byte[] odd = {'/', 'x', (byte) 0xff, 0, '\n', '/'};
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, odd);
            c.await(GetAddrMessage.class);
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.agentVersion()).isEqualTo("/x\ufffd\u0000\n/");
            assertThat(p.bitcoin().userAgentRaw()).isEqualTo("2f78ff000a2f");
        }
    }

    @Test
    void framesArrivingInPiecesAreReassembledAndABigAnswerGrowsTheBuffer() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.socket.setTcpNoDelay(true);
            c.await(VersionMessage.class);
            byte[] greeting = concat(Frame.of(nodeVersion(AGENT)).encode(ScriptedNode.MAGIC),
                    Frame.of(VerackMessage.INSTANCE).encode(ScriptedNode.MAGIC));
            for (byte b : greeting) {
                c.sendRaw(new byte[] {b}); // one byte per write: headers and payloads cut anywhere
            }
            c.await(GetAddrMessage.class);
            byte[] answer = Frame.of(new AddrV2Message(entries(1000))).encode(ScriptedNode.MAGIC);
            for (int at = 0; at < answer.length; at += 997) {
                c.sendRaw(java.util.Arrays.copyOfRange(answer, at, Math.min(answer.length, at + 997)));
            }
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.agentVersion()).isEqualTo("/Satoshi:27.0.0/");
            assertThat(p.neighbours()).isEqualTo(1000);
        }
    }

    @Test
    void aFrameCutShortByTheCloseIsAProtocolErrorNamingWhatArrived() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            byte[] frame = Frame.of(new AddrV2Message(entries(20))).encode(ScriptedNode.MAGIC);
            c.sendRaw(java.util.Arrays.copyOf(frame, 30));
            c.socket.shutdownOutput();
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.status()).as("cut short after the handshake").isEqualTo(PeerStatus.REACHABLE);
            assertThat(p.error().toJson()).isEqualTo("protocol: stream ended inside the payload of 'addrv2': got 6 of "
                    + (frame(20) - 24) + " bytes");
            assertThat(p.agentVersion()).isEqualTo("/Satoshi:27.0.0/");
        }
    }

    @Test
    void aCloseBeforeTheVersionIsAReset() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.await(VersionMessage.class);
            c.socket.shutdownOutput();
        })) {
            Peer p = crawl(node).get(0);
            assertThat(p.error().toJson()).isEqualTo("reset: closed by the peer before the version");
        }
    }

    @Test
    void aPeerTricklingItsVersionCannotStretchTheWait() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            c.socket.setTcpNoDelay(true);
            c.await(VersionMessage.class);
            byte[] version = Frame.of(nodeVersion(AGENT)).encode(ScriptedNode.MAGIC);
            for (int i = 0; i < version.length - 1; i++) {
                c.sendRaw(new byte[] {version[i]});
                try {
                    Thread.sleep(40); // the pace of the peer under test, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        })) {
            long started = System.nanoTime();
            Peer p = crawl(node).get(0);
            assertThat(p.error().toJson()).isEqualTo("timeout: no version within 1500 ms");
            assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3000);
        }
    }

    @Test
    void theConversationLoopEndsWithTheCrawl() throws IOException {
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(entries(20)));
        })) {
            assertThat(crawl(node).get(0).status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(io.peercensus.testing.Await.until(java.time.Duration.ofSeconds(2), () -> Thread.getAllStackTraces()
                    .keySet().stream().noneMatch(t -> t.getName().equals("peercensus-btc-conversations") && t.isAlive())))
                    .as("the loop's thread is gone after the crawl").isTrue();
        }
    }

    @Test
    void aConversationThatGotItsAnswerEndsWithAResetNotAFin() throws Exception {
        java.util.concurrent.CompletableFuture<String> howItEnded = new java.util.concurrent.CompletableFuture<>();
        try (ScriptedNode node = new ScriptedNode(c -> {
            handshake(c, AGENT);
            c.await(GetAddrMessage.class);
            c.send(new AddrV2Message(entries(20)));
            c.socket.setSoTimeout(10_000);
            try {
                howItEnded.complete(c.socket.getInputStream().read() < 0 ? "a FIN" : "more bytes");
            } catch (java.net.SocketException e) {
                howItEnded.complete("a reset (" + e.getMessage() + ")");
            }
        })) {
            assertThat(crawl(node).get(0).status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(howItEnded.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("a reset");
        }
    }

    private static int frame(int entries) {
        return Frame.of(new AddrV2Message(entries(entries))).encode(ScriptedNode.MAGIC).length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
