package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coverage-guided fuzz tests of the Bitcoin message decoders (docs/FUZZING.md): each payload either decodes, and
 * then writes back byte for byte, or is refused with {@link BitcoinWireException}; anything else escaping is a
 * finding. Without {@code JAZZER_FUZZ} each test replays its seed corpus under {@code MessageFuzzTestInputs/}.
 */
class MessageFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void versionDecodesOrRefuses(byte[] payload) {
        VersionMessage message;
        try {
            message = VersionMessage.read(ByteBuffer.wrap(payload));
        } catch (BitcoinWireException e) {
            return;
        }
        assertThat(message.toPayload()).isEqualTo(payload);
        assertThat(message.userAgent()).hasSizeLessThanOrEqualTo(VersionMessage.MAX_USER_AGENT_LENGTH);
        assertThat(message.toString()).isNotEmpty();
        assertThat(message).isEqualTo(roundTrip(message, VersionMessage.class));
    }

    @FuzzTest(maxDuration = "10m")
    void addrDecodesOrRefuses(byte[] payload) {
        AddrMessage message;
        try {
            message = AddrMessage.read(ByteBuffer.wrap(payload));
        } catch (BitcoinWireException e) {
            assertScanRefuses(payload, false);
            return;
        }
        assertThat(message.toPayload()).isEqualTo(payload);
        assertThat(message.entries()).hasSizeLessThanOrEqualTo(AddrMessage.MAX_ENTRIES);
        assertThat(scanCount(payload, false)).isEqualTo(message.entries().size());
        assertThat(message).isEqualTo(roundTrip(message, AddrMessage.class));
    }

    @FuzzTest(maxDuration = "10m")
    void addrV2DecodesOrRefuses(byte[] payload) {
        AddrV2Message message;
        try {
            message = AddrV2Message.read(ByteBuffer.wrap(payload));
        } catch (BitcoinWireException e) {
            assertScanRefuses(payload, true);
            return;
        }
        assertThat(message.toPayload()).isEqualTo(payload);
        assertThat(message.entries()).hasSizeLessThanOrEqualTo(AddrMessage.MAX_ENTRIES);
        for (AddrV2Entry entry : message.entries()) {
            assertThat(entry.address()).hasSizeLessThanOrEqualTo(AddrV2Entry.MAX_ADDRESS_LENGTH);
            entry.networkId().addressLength().ifPresent(n -> assertThat(entry.address()).hasSize(n));
        }
        assertThat(scanCount(payload, true)).isEqualTo(message.entries().size());
        assertThat(message).isEqualTo(roundTrip(message, AddrV2Message.class));
    }

    /** Decodes what {@code message} writes, through the command dispatch a frame's payload takes. */
    private static <T extends BitcoinMessage> T roundTrip(T message, Class<T> type) {
        try {
            return type.cast(BitcoinMessage.decode(message.command(), ByteBuffer.wrap(message.toPayload())));
        } catch (BitcoinWireException e) {
            throw new AssertionError("a written " + message.command() + " does not decode: " + e.getMessage(), e);
        }
    }

    private static int scanCount(byte[] payload, boolean v2) {
        AtomicInteger entries = new AtomicInteger();
        AddrEntryConsumer count = (time, services, networkId, buffer, offset, length, port) -> entries.incrementAndGet();
        try {
            int declared = v2 ? AddrV2Message.scan(ByteBuffer.wrap(payload), count)
                    : AddrMessage.scan(ByteBuffer.wrap(payload), count);
            assertThat(entries.get()).isEqualTo(declared);
            return declared;
        } catch (BitcoinWireException e) {
            throw new AssertionError("scan refuses what read decodes: " + e.getMessage(), e);
        }
    }

    private static void assertScanRefuses(byte[] payload, boolean v2) {
        AddrEntryConsumer ignore = (time, services, networkId, buffer, offset, length, port) -> { };
        try {
            if (v2) {
                AddrV2Message.scan(ByteBuffer.wrap(payload), ignore);
            } else {
                AddrMessage.scan(ByteBuffer.wrap(payload), ignore);
            }
        } catch (BitcoinWireException e) {
            return;
        }
        throw new AssertionError("scan accepts what read refuses");
    }
}
