package io.peercensus.dht.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.multiformats.Multiaddr;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz test of the identify protobuf (docs/FUZZING.md). Without {@code JAZZER_FUZZ} it replays the
 * seed corpus under {@code IdentifyFuzzTestInputs/}.
 */
class IdentifyFuzzTest {

    /**
     * A message decodes or is refused with {@link ProbeException}; a decoded one writes to bytes that decode to an
     * equal message, and its listen addresses that are multiaddrs write back to the bytes announced, in order.
     */
    @FuzzTest(maxDuration = "10m")
    void identifyDecodesOrRefuses(byte[] encoded) throws ProbeException {
        IdentifyMessage message;
        try {
            message = IdentifyMessage.read(encoded);
        } catch (ProbeException e) {
            assertThat(e.getMessage()).startsWith("identify: ");
            return;
        }
        assertThat(message.listenAddrs()).hasSizeLessThanOrEqualTo(IdentifyMessage.MAX_ENTRIES);
        assertThat(message.protocols()).hasSizeLessThanOrEqualTo(IdentifyMessage.MAX_ENTRIES);
        IdentifyMessage back = IdentifyMessage.read(message.write());
        assertThat(back).isEqualTo(message);
        assertThat(back.hashCode()).isEqualTo(message.hashCode());
        List<byte[]> announced = message.listenAddrs();
        int at = 0;
        for (Multiaddr m : message.listenMultiaddrs()) { // in order, each the bytes of one announced address
            byte[] bytes = m.toBytes();
            while (at < announced.size() && !Arrays.equals(announced.get(at), bytes)) {
                at++;
            }
            assertThat(at).as("%s is not among the announced addresses, in order", m).isLessThan(announced.size());
            at++;
        }
        assertThat(message.toString()).startsWith("IdentifyMessage[");
    }
}
