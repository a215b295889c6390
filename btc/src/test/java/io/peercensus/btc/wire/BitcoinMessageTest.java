package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BitcoinMessageTest {

    private static BitcoinMessage decode(String command, byte[] payload) throws BitcoinWireException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        BitcoinMessage m = BitcoinMessage.decode(command, in);
        assertThat(in.hasRemaining()).as("decode consumes the whole payload").isFalse();
        return m;
    }

    @Test
    void everyMessageRoundTripsByteForByte() throws Exception {
        for (BitcoinMessage m : Samples.all(42)) {
            byte[] payload = m.toPayload();
            assertThat(payload).as("encodedSize of %s", m).hasSize(m.encodedSize());
            BitcoinMessage back = decode(m.command(), payload);
            assertThat(back).isEqualTo(m);
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(back.toPayload()).as("write(read(x)) == x for %s", m).isEqualTo(payload);
        }
    }

    @Test
    void writeAppendsAtThePositionWithoutTouchingByteOrder() {
        PongMessage pong = new PongMessage(0x0102030405060708L);
        ByteBuffer out = ByteBuffer.allocate(10).put((byte) 0xaa);
        pong.write(out);
        assertThat(out.position()).isEqualTo(9);
        assertThat(out.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo("aa080706050403020100");
    }

    @Test
    void everyTruncationFailsWithTheWireExceptionNeverABufferUnderflow() {
        for (BitcoinMessage m : Samples.all(7)) {
            byte[] payload = m.toPayload();
            // every cut for small payloads; for the 1000-entry ones, cuts at a prime stride (keeps the test fast)
            int step = payload.length > 2000 ? 97 : 1;
            for (int len = 0; len < payload.length; len += step) {
                byte[] prefix = Arrays.copyOf(payload, len);
                Throwable t = catchThrowable(() -> decode(m.command(), prefix));
                boolean validShorterForm = m instanceof UnknownMessage
                        || (m instanceof PingMessage && len == 0)
                        || (m instanceof VersionMessage v && v.relay().isPresent() && len == payload.length - 1);
                if (validShorterForm) {
                    assertThat(t).as("%s cut to %d bytes is itself valid", m.command(), len).isNull();
                } else {
                    assertThat(t).as("%s cut to %d bytes", m.command(), len).isInstanceOf(BitcoinWireException.class);
                    assertThat(t.getMessage()).startsWith(m.command() + ": ");
                }
            }
        }
    }

    @Test
    void rejectsTrailingBytes() {
        for (BitcoinMessage m : Samples.all(9)) {
            if (m instanceof UnknownMessage || m instanceof PingMessage p && p.nonce().isEmpty()
                    || m instanceof VersionMessage v && v.relay().isEmpty()) {
                continue; // for these one more byte is a different valid message (or, for ping, a short nonce)
            }
            byte[] longer = Arrays.copyOf(m.toPayload(), m.encodedSize() + 1);
            assertThatThrownBy(() -> decode(m.command(), longer))
                    .as(m.command())
                    .isInstanceOf(BitcoinWireException.class)
                    .hasMessage(m.command() + ": 1 unexpected trailing byte");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "verack, 00, 'verack: 1 unexpected trailing byte'",
        "getaddr, 0000, 'getaddr: 2 unexpected trailing bytes'",
        "sendaddrv2, 01, 'sendaddrv2: 1 unexpected trailing byte'",
        "ping, 010203, 'ping: nonce needs 8 bytes, 3 remain'",
        "ping, 010203040506070809, 'ping: 1 unexpected trailing byte'",
        "pong, '', 'pong: nonce needs 8 bytes, 0 remain'",
        "addr, '', 'addr: count needs 1 byte, 0 remain'",
        "addr, 01ffffffff, 'addr: entry 0 address services needs 8 bytes, 0 remain'",
        "addrv2, 02, 'addrv2: entry 0 time needs 4 bytes, 0 remain'",
    })
    void reportsWhatWasExpectedAndWhatArrived(String command, String hex, String message) {
        assertThatThrownBy(() -> decode(command, HexFormat.of().parseHex(hex)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage(message);
    }

    @Test
    void decodesEachCommandToItsOwnRecord() throws Exception {
        assertThat(decode("verack", new byte[0])).isSameAs(VerackMessage.INSTANCE);
        assertThat(decode("getaddr", new byte[0])).isEqualTo(new GetAddrMessage());
        assertThat(decode("sendaddrv2", new byte[0])).isEqualTo(new SendAddrV2Message());
        assertThat(decode("ping", new byte[0])).isEqualTo(PingMessage.empty());
        assertThat(decode("pong", new byte[8])).isEqualTo(new PongMessage(0));
        assertThat(decode("addr", new byte[1])).isEqualTo(new AddrMessage(List.of()));
        assertThat(decode("addrv2", new byte[1])).isEqualTo(new AddrV2Message(List.of()));
        assertThat(decode("sendheaders", new byte[0])).isEqualTo(new UnknownMessage("sendheaders", new byte[0]));
        // commands are case-sensitive: "Ping" is not ping
        assertThat(decode("Ping", new byte[3])).isEqualTo(new UnknownMessage("Ping", new byte[3]));
    }

    @Test
    void keepsUnknownMessagesWhole() throws Exception {
        byte[] feefilter = HexFormat.of().parseHex("e803000000000000");
        BitcoinMessage m = decode("feefilter", feefilter);
        assertThat(m).isInstanceOf(UnknownMessage.class);
        assertThat(((UnknownMessage) m).payload()).isEqualTo(feefilter);
        assertThat(m.command()).isEqualTo("feefilter");
        assertThat(m.toPayload()).isEqualTo(feefilter);
    }

    @Test
    void unknownMessageRefusesCommandsThatHaveTheirOwnRecord() {
        assertThatThrownBy(() -> new UnknownMessage("version", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'version' has its own message record");
        assertThatThrownBy(() -> new UnknownMessage("bad\ncommand", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command character 3 is not printable ASCII: U+000A");
    }

    @Test
    void pingAnswersWithPongOfTheSameNonce() {
        assertThat(PingMessage.of(-5).pong()).contains(new PongMessage(-5));
        assertThat(PingMessage.empty().pong()).isEmpty();
        assertThat(PingMessage.empty().toPayload()).isEmpty();
        assertThat(PingMessage.of(1).nonce()).hasValue(1);
        assertThat(PingMessage.empty().nonce()).isEmpty();
    }

    @Test
    void recordsCopyTheirArraysInAndOut() {
        byte[] payload = {1, 2, 3};
        UnknownMessage m = new UnknownMessage("inv", payload);
        payload[0] = 9;
        m.payload()[1] = 9;
        assertThat(m.payload()).containsExactly(1, 2, 3);
    }
}
