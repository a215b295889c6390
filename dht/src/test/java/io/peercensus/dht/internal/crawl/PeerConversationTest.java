package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ConversationEnd;
import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Waits;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.internal.yamux.FrameType;
import io.peercensus.dht.internal.yamux.YamuxHeader;
import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event-loop conversation with what the blocking stack's tests cannot easily send: raw frames, trickled bytes,
 * silence; and the rule that a peer is reachable once Noise and yamux are up, whatever happens afterwards.
 */
class PeerConversationTest {
    private static final List<String> SERVER = List.of(IdentifyMessage.PROTOCOL_ID, FakeDhtPeer.KAD);
    private static final PrivateKey PEER_KEY = PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(31));
    private static final String AGENT = "scripted/1.0";
    /** The peers the scripted peer names in its one FIND_NODE answer. */
    private static final List<KadPeer> TABLE = FakeDhtPeer.table(KadKey.kadId(PeerId.fromPublicKey(PEER_KEY.publicKey()).toBytes()), 5,
            cpl -> true, 41);

    private static ProbeResult probe(PeerId id, List<Endpoint> endpoints, Duration timeout) throws Exception {
        try (DirectContext context = new DirectContext(timeout, Duration.ofSeconds(30))) {
            return probe(id, endpoints, context);
        }
    }

    private static ProbeResult probe(PeerId id, List<Endpoint> endpoints, DirectContext context) throws Exception {
        DhtProber prober = new DhtProber(FakeDhtPeer.KAD, PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(5)), UpgradedPair.seeded(6));
        ProbeTarget target = new ProbeTarget(id.toString(), endpoints.stream().map(Endpoint::toString).toList(), endpoints, null);
        try {
            return prober.probe(target, context);
        } finally {
            prober.close();
        }
    }

    /** Waits of {@code connect}, {@code message} and {@code answer} milliseconds. */
    private static DirectContext context(long connect, long message, long answer) {
        return new DirectContext(new Waits(Duration.ofMillis(connect), Duration.ofMillis(message), Duration.ofMillis(answer)),
                Duration.ofSeconds(60));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The multistream agreement to {@code protocol} on a stream the crawler opened lazily, then {@code message}. */
    private static byte[] agreed(String protocol, byte[] message) {
        return concat(Multistream.encode(Multistream.PROTOCOL_ID), Multistream.encode(protocol), LengthPrefixed.encode(message));
    }

    /** Answers our identify request on {@code stream}: the scripted peer announces {@code protocols}. */
    private static void answerIdentify(ScriptedPeer.Frames frames, long stream, List<String> protocols) throws IOException {
        byte[] payload = agreed(IdentifyMessage.PROTOCOL_ID,
                IdentifyMessage.of(PEER_KEY.publicKey(), List.of(), protocols, null, "ipfs/0.1.0", AGENT).write());
        frames.send(FrameType.DATA, YamuxHeader.ACK | YamuxHeader.FIN, stream, payload.length, payload);
    }

    /** Answers a FIND_NODE request on {@code stream} with {@link #TABLE}. */
    private static void answerFindNode(ScriptedPeer.Frames frames, long stream) throws IOException {
        answerFindNode(frames, stream, TABLE);
    }

    /** Answers a FIND_NODE request on {@code stream} with {@code peers}. */
    private static void answerFindNode(ScriptedPeer.Frames frames, long stream, List<KadPeer> peers) throws IOException {
        byte[] payload = agreed(FakeDhtPeer.KAD, KadMessage.findNodeResponse(new byte[32], peers).write());
        frames.send(FrameType.DATA, YamuxHeader.ACK, stream, payload.length, payload);
    }

    /** Reads frames until the crawler's GO_AWAY; {@code onRequest} sees each stream the crawler opens after identify. */
    private static void untilGoAway(ScriptedPeer.Frames frames, RequestHandler onRequest) throws Exception {
        int requests = 0;
        while (true) {
            YamuxHeader h = frames.next(null);
            if (h.type() == FrameType.GO_AWAY) {
                return;
            }
            if (h.type() == FrameType.DATA && h.has(YamuxHeader.SYN)) {
                onRequest.handle(frames, requests++, h.streamId());
            }
        }
    }

    /** What a scripted peer does with the {@code n}th FIND_NODE request (from 0), on {@code stream}. */
    private interface RequestHandler {
        void handle(ScriptedPeer.Frames frames, int n, long stream) throws IOException;
    }

    /** A peer that completes Noise and yamux, answers identify as a DHT server, then runs {@code onRequest}. */
    private static ScriptedPeer server(RequestHandler onRequest) throws IOException {
        return new ScriptedPeer(PEER_KEY, frames -> {
            YamuxHeader identify = frames.next(null); // our identify request
            answerIdentify(frames, identify.streamId(), SERVER);
            untilGoAway(frames, onRequest);
        });
    }

    @Test
    void aPeerThatStallsIdentifyAfterTheMuxerIsReachableWithTheTimeoutRecorded() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> untilGoAway(frames, (f, n, stream) -> { })); // never answers
                DirectContext context = context(10_000, 1_000, 20_000)) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), context).observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(observation.error().detail()).isEqualTo("no identify within 1000 ms");
            assertThat(observation.agentVersion()).as("identify never came").isEmpty();
            assertThat(observation.latencyMs()).isNotNull();
            assertThat(context.reached).hasValue(1);
            assertThat(context.end).hasValue(ConversationEnd.MESSAGE_WAIT);
            assertThat(context.endings).hasValue(1);
            peer.done.get(30, TimeUnit.SECONDS); // the crawler said GO_AWAY
        }
    }

    @Test
    void aPeerThatStallsFindNodeKeepsIdentifyAndTheNeighboursFoundSoFar() throws Exception {
        try (ScriptedPeer peer = server((frames, n, stream) -> {
            if (n == 0) {
                answerFindNode(frames, stream);
            }
        }); DirectContext context = context(10_000, 1_000, 20_000)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(peer.address())), context);
            Peer observation = result.observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.agentVersion()).isEqualTo(AGENT);
            assertThat(observation.protocols()).containsExactlyElementsOf(SERVER);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
            // bucket 0 was asked first and answered; bucket 1, asked with it, is the oldest left
            assertThat(observation.error().detail()).startsWith("no FIND_NODE answer for bucket 1 within 1000 ms (1 of ");
            assertThat(result.neighbours()).extracting(ProbeTarget::peerID)
                    .containsExactlyInAnyOrderElementsOf(TABLE.stream().map(p -> p.peerId().toString()).toList());
            assertThat(observation.neighbours()).isEqualTo(TABLE.size());
            assertThat(context.reached).hasValue(1);
            assertThat(context.end).hasValue(ConversationEnd.MESSAGE_WAIT);
        }
    }

    private static Endpoint endpoint(int port) {
        return new Endpoint(NetAddress.of(InetAddress.getLoopbackAddress()), port);
    }

    private static Endpoint endpoint(Multiaddr address) {
        return PeerAddresses.tcpEndpoint(address);
    }

    @Test
    void theAnswerWaitBoundsIdentifyAndTheWholeWalkWhateverTheMessageWait() throws Exception {
        try (ScriptedPeer peer = server((frames, n, stream) -> {
            if (n == 0) {
                answerFindNode(frames, stream);
            }
        }); DirectContext context = context(10_000, 60_000, 2_000)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(peer.address())), context);
            Peer observation = result.observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(observation.error().detail()).startsWith("FIND_NODE walk not done within 2000 ms (1 of ");
            assertThat(observation.neighbours()).isEqualTo(TABLE.size());
            assertThat(context.end).hasValue(ConversationEnd.ANSWER_WAIT);
        }
    }

    @Test
    void aFindNodeStreamResetMidWalkLeavesThePeerReachableWithTheReset() throws Exception {
        try (ScriptedPeer peer = server((frames, n, stream) -> {
            if (n == 0) {
                answerFindNode(frames, stream);
            } else if (n == 1) {
                frames.send(FrameType.WINDOW_UPDATE, YamuxHeader.RST, stream, 0, new byte[0]);
            }
        }); DirectContext context = context(10_000, 20_000, 20_000)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(peer.address())), context);
            Peer observation = result.observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.agentVersion()).isEqualTo(AGENT);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.RESET);
            assertThat(observation.error().detail()).startsWith("yamux: stream 5 reset by peer (1 of ");
            assertThat(observation.neighbours()).isEqualTo(TABLE.size());
            assertThat(context.end).hasValue(ConversationEnd.CLOSED);
        }
    }

    @Test
    void aGoAwayBeforeTheWalkEndsTheConversationKeepingIdentify() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            YamuxHeader identify = frames.next(null);
            frames.send(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_NORMAL, new byte[0]);
            answerIdentify(frames, identify.streamId(), SERVER); // open streams may still be answered
            untilGoAway(frames, (f, n, stream) -> {
                throw new AssertionError("a request after GO_AWAY on stream " + stream);
            });
        }); DirectContext context = context(10_000, 20_000, 20_000)) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), context).observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.agentVersion()).isEqualTo(AGENT);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.RESET);
            assertThat(observation.error().detail()).isEqualTo("yamux: peer sent GO_AWAY (code 0) before the FIND_NODE walk");
            assertThat(context.end).hasValue(ConversationEnd.CLOSED);
            peer.done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGoAwayDuringTheWalkEndsItOnceTheOpenRequestsAreAnsweredKeepingTheirPeers() throws Exception {
        List<KadPeer> many = FakeDhtPeer.table(KadKey.kadId(PeerId.fromPublicKey(PEER_KEY.publicKey()).toBytes()), 60, cpl -> true, 43);
        try (ScriptedPeer peer = server((frames, n, stream) -> {
            if (n == 0) {
                frames.send(FrameType.GO_AWAY, 0, 0, YamuxHeader.GO_AWAY_NORMAL, new byte[0]);
            }
            if (n > 2) {
                throw new AssertionError("request " + n + " after GO_AWAY");
            }
            // the three sent before GO_AWAY are answered; the first names peers of deeper buckets, still to ask
            answerFindNode(frames, stream, n == 0 ? many : List.of());
        }); DirectContext context = context(10_000, 20_000, 20_000)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(peer.address())), context);
            Peer observation = result.observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.RESET);
            assertThat(observation.error().detail())
                    .isEqualTo("yamux: peer sent GO_AWAY (code 0) during the FIND_NODE walk (3 of 3 requests answered)");
            assertThat(observation.neighbours()).isEqualTo(many.size());
            assertThat(context.end).hasValue(ConversationEnd.CLOSED);
            peer.done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerThatEndsTheWalkNormallyIsAnsweredWithoutError() throws Exception {
        List<KadPeer> table = FakeDhtPeer.table(FakeDhtPeer.KAD_ID, 30, cpl -> true, 42);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER); DirectContext context = context(10_000, 10_000, 20_000)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(peer.address())), context);
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.observation().error()).isNull();
            assertThat(result.neighbours()).hasSize(table.size());
            assertThat(context.reached).hasValue(1);
            assertThat(context.end).hasValue(ConversationEnd.ANSWERED);
            assertThat(context.endings).hasValue(1);
        }
    }

    @ParameterizedTest(name = "a DATA frame of {0} bytes")
    @CsvSource({"2097152, 'yamux: frame length 2097152 exceeds 1048576'", "300000, 'yamux: frame length 300000 exceeds 262144'"})
    void aFrameOverTheCapOrTheWindowIsAProtocolErrorOfAReachablePeerBeforeItsPayloadArrives(long length, String detail) throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            YamuxHeader identify = frames.next(null);
            frames.send(FrameType.DATA, YamuxHeader.ACK, identify.streamId(), length, new byte[0]); // the payload never comes
            frames.next(null); // GO_AWAY: the crawler gave up at the header
        }); DirectContext context = context(10_000, 10_000, 10_000)) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), context).observation();
            assertThat(observation.status()).as("yamux was up").isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(observation.error().detail()).isEqualTo(detail);
            assertThat(context.end).hasValue(ConversationEnd.PROTOCOL);
            peer.done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersYamuxPingsAndTheStreamsThePeerOpensBeyondTheLimitAreReset() throws Exception {
        CompletableFuture<Long> pong = new CompletableFuture<>();
        CompletableFuture<Long> resetStream = new CompletableFuture<>();
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            frames.next(null); // our identify request
            frames.send(FrameType.PING, YamuxHeader.SYN, 0, 4242, new byte[0]);
            for (int i = 0; i <= PeerConversation.MAX_INBOUND_STREAMS; i++) {
                frames.send(FrameType.WINDOW_UPDATE, YamuxHeader.SYN, 2 + 2L * i, 0, new byte[0]);
            }
            while (!pong.isDone() || !resetStream.isDone()) {
                YamuxHeader h = frames.next(null);
                if (h.type() == FrameType.PING && h.has(YamuxHeader.ACK)) {
                    pong.complete(h.length());
                }
                if (h.has(YamuxHeader.RST)) {
                    resetStream.complete(h.streamId());
                }
            }
        })) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), Duration.ofSeconds(10)).observation();
            assertThat(pong.get(30, TimeUnit.SECONDS)).isEqualTo(4242L);
            assertThat(resetStream.get(30, TimeUnit.SECONDS)).isEqualTo(2 + 2L * PeerConversation.MAX_INBOUND_STREAMS);
            assertThat(observation.status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(observation.error().errorClass()).as("the peer hung up before identify").isEqualTo(ErrorClass.RESET);
            assertThat(observation.error().detail()).isEqualTo("closed by the peer before its identify answer");
        }
    }

    @Test
    void aPeerThatFloodsPingsAndReadsNoneOfThePongsCostsOneConnection() throws Exception {
        byte[] pings = new byte[4000 * YamuxHeader.LENGTH];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pings);
        for (int i = 0; i < 4000; i++) {
            new YamuxHeader(FrameType.PING, YamuxHeader.SYN, 0, i).write(b);
        }
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            frames.next(null); // our identify request; from here on the peer reads nothing
            for (int i = 0; i < 2000; i++) { // 96 MB at most: far more than any socket buffers
                frames.send(pings);
            }
        })) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), Duration.ofSeconds(20)).observation();
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(observation.error().detail()).isEqualTo("peer reads nothing: more than " + PeerConversation.MAX_UNSENT + " bytes unsent");
        }
    }

    @Test
    void bytesTrickledOneSegmentAtATimeMakeTheSameWalk() throws Exception {
        List<KadPeer> table = FakeDhtPeer.table(FakeDhtPeer.KAD_ID, 150, cpl -> true, 12);
        try (FakeDhtPeer peer = new FakeDhtPeer(table, null, SERVER); TricklingRelay relay = new TricklingRelay(peer.address().tcpPort().orElseThrow())) {
            ProbeResult result = probe(peer.id, List.of(endpoint(relay.port())), Duration.ofSeconds(20));
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.observation().agentVersion()).isEqualTo(FakeDhtPeer.AGENT);
            assertThat(result.neighbours()).extracting(ProbeTarget::peerID)
                    .containsExactlyInAnyOrderElementsOf(table.stream().map(p -> p.peerId().toString()).toList());
            assertThat(relay.segments).as("the peer's bytes went out one at a time").isGreaterThan(1000);
        }
    }

    @Test
    void aPeerThatAcceptsAndNeverSpeaksRunsOutOfTheMessageWaitNotTheConnectWait() throws Exception {
        try (ServerSocket tarpit = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                DirectContext context = context(30_000, 400, 30_000)) {
            assertThatThrownBy(() -> probe(PeerId.fromPublicKey(FakeDhtPeer.KEY.publicKey()), List.of(endpoint(tarpit.getLocalPort())), context))
                    .isInstanceOf(SocketTimeoutException.class).hasMessage("no multistream reply to /noise within 400 ms");
            assertThat(context.reached).hasValue(0);
            assertThat(context.end).hasValue(ConversationEnd.MESSAGE_WAIT);
        }
    }

    @Test
    void aRefusedPeerIsNotReachedAndEndsClosed() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (DirectContext context = context(10_000, 10_000, 10_000)) {
            assertThatThrownBy(() -> probe(PeerId.fromPublicKey(FakeDhtPeer.KEY.publicKey()), List.of(endpoint(dead)), context))
                    .isInstanceOf(java.net.ConnectException.class);
            assertThat(context.reached).hasValue(0);
            assertThat(context.end).hasValue(ConversationEnd.CLOSED);
        }
    }

    @Test
    void noiseMessageOneGoesOutWithTheProposalBeforeTheAgreement() throws Exception {
        byte[] proposal = Multistream.lazyProposal(NoiseHandshake.PROTOCOL_ID);
        CompletableFuture<byte[]> heard = new CompletableFuture<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread listener = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    byte[] bytes = new byte[proposal.length + 2 + 32];
                    new DataInputStream(s.getInputStream()).readFully(bytes); // never answers the proposal
                    heard.complete(bytes);
                    s.getInputStream().read(); // until the crawler gives up
                } catch (IOException e) {
                    heard.completeExceptionally(e);
                }
            }, "silent-listener");
            listener.setDaemon(true);
            listener.start();
            assertThatThrownBy(() -> probe(PeerId.fromPublicKey(FakeDhtPeer.KEY.publicKey()), List.of(endpoint(silent.getLocalPort())),
                    Duration.ofMillis(700))).isInstanceOf(SocketTimeoutException.class);
            byte[] bytes = heard.get(30, TimeUnit.SECONDS);
            assertThat(Arrays.copyOf(bytes, proposal.length)).isEqualTo(proposal);
            assertThat(Arrays.copyOfRange(bytes, proposal.length, proposal.length + 2)).as("a 32-byte Noise message 1").containsExactly(0, 32);
        }
    }

    @Test
    void aRefusedEndpointIsFollowedByTheNext() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (FakeDhtPeer peer = new FakeDhtPeer(FakeDhtPeer.table(FakeDhtPeer.KAD_ID, 10, cpl -> true, 13), null, SERVER)) {
            ProbeResult result = probe(peer.id, List.of(endpoint(dead), endpoint(peer.address())), Duration.ofSeconds(10));
            assertThat(result.observation().status()).isEqualTo(PeerStatus.REACHABLE);
            assertThat(result.neighbours()).hasSize(10);
        }
    }

    /** Relays one connection to a local port, passing the peer's bytes on one per write, each its own segment. */
    private static final class TricklingRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        volatile int segments;

        TricklingRelay(int target) throws IOException {
            Thread thread = new Thread(() -> {
                try (Socket client = server.accept(); Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
                    client.setTcpNoDelay(true);
                    Thread up = new Thread(() -> copy(client, upstream, false), "relay-up");
                    up.setDaemon(true);
                    up.start();
                    copy(upstream, client, true);
                } catch (IOException e) {
                    // one side hung up
                }
            }, "relay");
            thread.setDaemon(true);
            thread.start();
        }

        private void copy(Socket from, Socket to, boolean trickle) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!trickle) {
                        out.write(buffer, 0, n);
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        out.write(buffer[i]);
                        out.flush();
                        segments++;
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side hung up
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
