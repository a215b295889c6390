package io.peercensus.dht.internal.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.internal.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class YamuxHeaderTest {
    @Test
    void encodesBigEndianFields() {
        YamuxHeader header = new YamuxHeader(FrameType.WINDOW_UPDATE, YamuxHeader.SYN | YamuxHeader.FIN, 0xfffffffdL, 262144);
        assertThat(HexFormat.of().formatHex(header.encode())).isEqualTo("00010005fffffffd00040000");
    }

    @Test
    void roundTripsEveryTypeAndFlag() throws Exception {
        for (FrameType type : FrameType.values()) {
            for (int flags = 0; flags < 16; flags++) {
                YamuxHeader header = new YamuxHeader(type, flags, 3, 0xffffffffL);
                assertThat(YamuxHeader.read(ByteBuffer.wrap(header.encode()))).isEqualTo(header);
            }
        }
    }

    @Test
    void rejectsBadVersionUnknownTypeAndShortInput() {
        assertThatThrownBy(() -> YamuxHeader.read(ByteBuffer.wrap(HexFormat.of().parseHex("010000000000000100000000"))))
                .isInstanceOf(TransportException.class).hasMessage("yamux: unsupported version 1");
        assertThatThrownBy(() -> YamuxHeader.read(ByteBuffer.wrap(HexFormat.of().parseHex("000400000000000100000000"))))
                .isInstanceOf(TransportException.class).hasMessage("yamux: unknown frame type 4");
        assertThatThrownBy(() -> YamuxHeader.read(ByteBuffer.wrap(new byte[11])))
                .isInstanceOf(TransportException.class).hasMessage("yamux: header must be 12 bytes, got 11");
    }
}
