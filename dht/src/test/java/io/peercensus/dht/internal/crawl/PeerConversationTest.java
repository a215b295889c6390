package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.Peer;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.address.NetAddress;
import io.peercensus.crawl.ProbeResult;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.internal.yamux.FrameType;
import io.peercensus.dht.internal.yamux.YamuxHeader;
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

/** The event-loop conversation with what the blocking stack's tests cannot easily send: raw frames, trickled bytes, silence. */
class PeerConversationTest {
    private static final List<String> SERVER = List.of(IdentifyMessage.PROTOCOL_ID, FakeDhtPeer.KAD);
    private static final PrivateKey PEER_KEY = PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(31));

    private static ProbeResult probe(PeerId id, List<Endpoint> endpoints, Duration timeout) throws Exception {
        DhtProber prober = new DhtProber(FakeDhtPeer.KAD, PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(5)), UpgradedPair.seeded(6));
        ProbeTarget target = new ProbeTarget(id.toString(), endpoints.stream().map(Endpoint::toString).toList(), endpoints, null);
        try (DirectContext context = new DirectContext(timeout, Duration.ofSeconds(30))) {
            return prober.probe(target, context);
        } finally {
            prober.close();
        }
    }

    private static Endpoint endpoint(int port) {
        return new Endpoint(NetAddress.of(InetAddress.getLoopbackAddress()), port);
    }

    private static Endpoint endpoint(Multiaddr address) {
        return PeerAddresses.tcpEndpoint(address);
    }

    @ParameterizedTest(name = "a DATA frame of {0} bytes")
    @CsvSource({"2097152, 'yamux: frame length 2097152 exceeds 1048576'", "300000, 'yamux: frame length 300000 exceeds 262144'"})
    void aFrameOverTheCapOrTheWindowIsAProtocolErrorBeforeItsPayloadArrives(long length, String detail) throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            YamuxHeader identify = frames.next(null);
            frames.send(FrameType.DATA, YamuxHeader.ACK, identify.streamId(), length, new byte[0]); // the payload never comes
            frames.next(null); // GO_AWAY: the crawler gave up at the header
        })) {
            Peer observation = probe(peer.id, List.of(endpoint(peer.address())), Duration.ofSeconds(10)).observation();
            assertThat(observation.status()).isEqualTo(PeerStatus.UNREACHABLE);
            assertThat(observation.error().errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(observation.error().detail()).isEqualTo(detail);
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
            assertThat(observation.error().errorClass()).as("the peer hung up before identify").isEqualTo(ErrorClass.RESET);
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
    void aPeerThatAcceptsAndNeverSpeaksTimesOutOnSchedule() throws Exception {
        try (ServerSocket tarpit = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> probe(PeerId.fromPublicKey(FakeDhtPeer.KEY.publicKey()), List.of(endpoint(tarpit.getLocalPort())), Duration.ofMillis(400)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no multistream reply to /noise within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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
    void aPeerSilentAfterTheUpgradeTimesOutWaitingForIdentify() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_KEY, frames -> {
            frames.next(null); // our identify request, never answered
            frames.next(null); // blocks until the crawler hangs up
        })) {
            assertThatThrownBy(() -> probe(peer.id, List.of(endpoint(peer.address())), Duration.ofMillis(500)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no identify within");
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
