package io.peercensus.dht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.multiformats.MultiformatException;
import io.peercensus.dht.multiformats.PeerId;

/**
 * Coverage-guided fuzz test of the Kademlia DHT protobuf (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays
 * the seed corpus under {@code KadFuzzTestInputs/}.
 */
class KadFuzzTest {

    /**
     * A message decodes or is refused with {@link ProbeException}; a decoded one writes to bytes that decode to an
     * equal message, and each peer in it names a peer ID or is refused with {@link MultiformatException}.
     */
    @FuzzTest(maxDuration = "10m")
    void kadDecodesOrRefuses(byte[] encoded) throws ProbeException {
        KadMessage message;
        try {
            message = KadMessage.read(encoded);
        } catch (ProbeException e) {
            assertThat(e.getMessage()).startsWith("kad: ");
            return;
        }
        assertThat(message.closerPeers()).hasSizeLessThanOrEqualTo(KadMessage.MAX_PEERS);
        assertThat(message.providerPeers()).hasSizeLessThanOrEqualTo(KadMessage.MAX_PEERS);
        KadMessage back = KadMessage.read(message.write());
        assertThat(back).isEqualTo(message);
        assertThat(back.hashCode()).isEqualTo(message.hashCode());
        for (KadPeer peer : message.closerPeers()) {
            assertThat(peer.addrs()).hasSizeLessThanOrEqualTo(KadPeer.MAX_ADDRS);
            assertThat(peer.multiaddrs()).hasSizeLessThanOrEqualTo(peer.addrs().size());
            try {
                PeerId id = peer.peerId();
                assertThat(id.toBytes()).isEqualTo(peer.id());
            } catch (MultiformatException e) {
                // not a peer ID: the crawler skips such a peer
            }
        }
        assertThat(message.toString()).startsWith("KadMessage[");
    }
}
