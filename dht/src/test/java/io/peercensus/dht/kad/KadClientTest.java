package io.peercensus.dht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KadClientTest {
    private static final String KAD = KadMessage.IPFS_PROTOCOL_ID;
    private static final PeerId PEER = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

    private static List<KadPeer> answer(byte[] key) {
        return List.of(KadPeer.of(PEER, List.of(Multiaddr.parse("/ip4/127.0.0." + (key[0] & 0xff) + "/tcp/4001")),
                KadPeer.ConnectionType.NOT_CONNECTED));
    }

    @Test
    void findNodeGetsTheResponderAnswerOnParallelStreams() throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD),
                inbound -> served.addAndGet(KadResponder.serveFindNode(inbound.stream(), KadClientTest::answer, UpgradedPair.deadline())))) {
            List<Future<KadMessage>> answers = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                byte[] key = {(byte) i, 1, 2};
                answers.add(pair.loopback.run(() -> KadClient.findNode(pair.client, KAD, key, UpgradedPair.deadline())));
            }
            for (int i = 1; i <= 8; i++) {
                KadMessage response = answers.get(i - 1).get();
                assertThat(response.type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
                assertThat(response.key()).containsExactly(i, 1, 2);
                assertThat(response.closerPeers()).singleElement().extracting(KadPeer::peerId).isEqualTo(PEER);
                assertThat(response.closerPeers().get(0).multiaddrs().get(0).toString()).isEqualTo("/ip4/127.0.0." + i + "/tcp/4001");
            }
        }
    }

    @Test
    void severalRequestsSentAtOnceAreAnsweredInTheirOrder() throws Exception {
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD),
                inbound -> KadResponder.serveFindNode(inbound.stream(), KadClientTest::answer, UpgradedPair.deadline()))) {
            List<KadClient.PendingRequest> pending = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                pending.add(KadClient.send(pair.client, KAD, KadMessage.findNode(new byte[] {(byte) i}), UpgradedPair.deadline()));
            }
            for (int i = 1; i <= 8; i++) {
                assertThat(pending.get(i - 1).response().key()).containsExactly(i);
            }
        }
    }

    @Test
    void aCancelledRequestIsReset() throws Exception {
        java.util.concurrent.CompletableFuture<Exception> serverSaw = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD), inbound -> {
            KadResponder.readRequest(inbound.stream(), UpgradedPair.deadline());
            read.countDown();
            try {
                inbound.stream().await("more", UpgradedPair.deadline());
                inbound.stream().input().read();
                serverSaw.complete(null);
            } catch (java.io.IOException e) {
                serverSaw.complete(e);
            }
        })) {
            KadClient.PendingRequest request = KadClient.send(pair.client, KAD, KadMessage.findNode(new byte[] {1}), UpgradedPair.deadline());
            read.await();
            request.cancel();
            assertThatThrownBy(request::response).isInstanceOf(java.io.IOException.class).hasMessage("yamux: stream 1 was reset locally");
            assertThat(serverSaw.get(20, java.util.concurrent.TimeUnit.SECONDS)).hasMessage("yamux: stream 1 reset by peer");
        }
    }

    @Test
    void aResponseOfAnotherTypeIsAProtocolError() throws Exception {
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD), inbound -> {
            KadResponder.readRequest(inbound.stream(), UpgradedPair.deadline());
            KadResponder.reply(inbound.stream(), new KadMessage(KadMessage.MessageType.PING, 0, new byte[0], null, List.of(), List.of()),
                    UpgradedPair.deadline());
        })) {
            assertThatThrownBy(() -> KadClient.findNode(pair.client, KAD, new byte[] {1}, UpgradedPair.deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("kad: FIND_NODE answered with PING")
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        }
    }

    @Test
    void garbageIsAProtocolError() throws Exception {
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD), inbound -> {
            KadResponder.readRequest(inbound.stream(), UpgradedPair.deadline());
            inbound.stream().await("test", UpgradedPair.deadline());
            LengthPrefixed.write(inbound.stream().output(), new byte[] {(byte) 0xff, (byte) 0xff});
        })) {
            assertThatThrownBy(() -> KadClient.findNode(pair.client, KAD, new byte[] {1}, UpgradedPair.deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("kad: truncated or invalid field tag");
        }
    }

    @Test
    void aPeerWithoutTheProtocolRefusesIt() throws Exception {
        try (UpgradedPair pair = new UpgradedPair(Set.of("/other/1.0.0"), inbound -> { })) {
            assertThatThrownBy(() -> KadClient.findNode(pair.client, "/fil/kad/testnetnet/kad/1.0.0", new byte[] {1}, UpgradedPair.deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("multistream: peer does not support /fil/kad/testnetnet/kad/1.0.0");
        }
    }

    @Test
    void serveFindNodeRejectsOtherRequests() throws Exception {
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (UpgradedPair pair = new UpgradedPair(Set.of(KAD), inbound -> {
            try {
                KadResponder.serveFindNode(inbound.stream(), KadClientTest::answer, UpgradedPair.deadline());
            } catch (ProbeException e) {
                failures.add(e);
                inbound.stream().reset();
            }
        })) {
            KadMessage ping = new KadMessage(KadMessage.MessageType.PING, 0, new byte[0], null, List.of(), List.of());
            assertThatThrownBy(() -> KadClient.request(pair.client, KAD, ping, UpgradedPair.deadline()))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("kad: cannot answer PING");
        }
    }
}
