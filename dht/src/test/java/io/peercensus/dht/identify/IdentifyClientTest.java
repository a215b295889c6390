package io.peercensus.dht.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.protobuf.LengthPrefixed;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.Multiaddr;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifyClientTest {
    private static final String ID = IdentifyMessage.PROTOCOL_ID;

    private static IdentifyMessage message(UpgradedPair pair) {
        return IdentifyMessage.of(pair.serverKey.publicKey(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
                List.of(ID, "/ipfs/kad/1.0.0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/50000"), "ipfs/0.1.0", "test/1.0");
    }

    @Test
    void readsTheResponderMessage() throws Exception {
        UpgradedPair[] self = new UpgradedPair[1];
        try (UpgradedPair pair = new UpgradedPair(Set.of(ID), inbound -> IdentifyResponder.respond(inbound.stream(), message(self[0])))) {
            self[0] = pair;
            IdentifyMessage got = IdentifyClient.request(pair.client, UpgradedPair.deadline());
            assertThat(got).isEqualTo(message(pair));
            assertThat(got.agentVersion()).isEqualTo("test/1.0");
        }
    }

    @Test
    void mergesAMessageSplitInTwo() throws Exception {
        IdentifyMessage first = new IdentifyMessage(null, List.of(), List.of("/a"), null, null, "agent");
        IdentifyMessage second = new IdentifyMessage(null, List.of(), List.of("/b"), null, "ipfs/0.1.0", null);
        try (UpgradedPair pair = new UpgradedPair(Set.of(ID), inbound -> {
            inbound.stream().await("test", UpgradedPair.deadline());
            LengthPrefixed.write(inbound.stream().output(), first.write());
            LengthPrefixed.write(inbound.stream().output(), second.write());
            inbound.stream().close();
        })) {
            IdentifyMessage got = IdentifyClient.request(pair.client, UpgradedPair.deadline());
            assertThat(got.protocols()).containsExactly("/a", "/b");
            assertThat(got.agentVersion()).isEqualTo("agent");
            assertThat(got.protocolVersion()).isEqualTo("ipfs/0.1.0");
        }
    }

    @Test
    void anEmptyAnswerIsAProtocolError() throws Exception {
        try (UpgradedPair pair = new UpgradedPair(Set.of(ID), inbound -> inbound.stream().close())) {
            assertThatThrownBy(() -> IdentifyClient.request(pair.client, UpgradedPair.deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("identify: peer closed the stream without a message")
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        }
    }

    @Test
    void messagesTogetherOver64KiBAreRejected() throws Exception {
        IdentifyMessage big = new IdentifyMessage(null, List.of(), List.of("/" + "x".repeat(500)), null, null, "a".repeat(1000));
        try (UpgradedPair pair = new UpgradedPair(Set.of(ID), inbound -> {
            inbound.stream().await("test", UpgradedPair.deadline());
            for (int i = 0; i < 70; i++) {
                LengthPrefixed.write(inbound.stream().output(), big.write());
            }
            inbound.stream().close();
        })) {
            int frame = big.write().length;
            int left = IdentifyMessage.MAX_MESSAGE_LENGTH - (IdentifyMessage.MAX_MESSAGE_LENGTH / frame) * frame;
            assertThatThrownBy(() -> IdentifyClient.request(pair.client, UpgradedPair.deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("identify: message of " + frame + " bytes exceeds the limit of " + left);
        }
    }
}
