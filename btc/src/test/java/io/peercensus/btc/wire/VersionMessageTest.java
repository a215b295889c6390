package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameReader;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionMessageTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAIN = BitcoinNetworkParams.MAINNET.magic();

    /** The Bitcoin wiki's version frame from a Satoshi 0.7.2 node: protocol 60002, no relay byte. */
    private static final String SATOSHI_0_7_2_FRAME =
            "f9beb4d976657273696f6e0000000000" + "64000000358d4932" // header: version, 100 bytes, checksum
            + "62ea0000" + "0100000000000000" + "11b2d05000000000"    // version, services, timestamp
            + "0100000000000000" + "00000000000000000000ffff00000000" + "0000" // addr_recv
            + "0000000000000000" + "00000000000000000000ffff00000000" + "0000" // addr_from
            + "3b2eb35d8ce61765" + "0f2f5361746f7368693a302e372e322f" // nonce, user agent
            + "c03e0300";                                            // start_height 212672

    /** A version frame a Bitcoin Core 23.0 node sent: protocol 70016, relay byte present. */
    private static final String CORE_23_FRAME =
            "f9beb4d976657273696f6e0000000000" + "66000000bdcad498"
            + "80110100" + "0d04000000000000" + "5083506300000000"
            + "0000000000000000" + "00000000000000000000000000000000" + "0000"
            + "0d04000000000000" + "00000000000000000000000000000000" + "0000"
            + "ff0ae91284bdd3e2" + "102f5361746f7368693a32332e302e302f"
            + "8e960b00" + "01";

    private static VersionMessage readFrame(String hex) throws Exception {
        Frame f = new FrameReader(new ByteArrayInputStream(HEX.parseHex(hex)), MAIN).read();
        assertThat(f.command()).isEqualTo("version");
        return (VersionMessage) f.decode();
    }

    @Test
    void decodesAnOldVersionWithoutRelayAndWritesItBackExactly() throws Exception {
        VersionMessage v = readFrame(SATOSHI_0_7_2_FRAME);
        assertThat(v.version()).isEqualTo(60002);
        assertThat(v.services()).isEqualTo(1);
        assertThat(v.timestamp()).isEqualTo(0x50d0b211L);
        assertThat(v.addrRecv().services()).isEqualTo(1);
        assertThat(v.addrRecv().isIpv4Mapped()).isTrue();
        assertThat(v.addrRecv().inetAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(v.addrFrom().port()).isZero();
        assertThat(v.nonce()).isEqualTo(0x6517e68c5db32e3bL);
        assertThat(v.userAgentString()).isEqualTo("/Satoshi:0.7.2/");
        assertThat(v.startHeight()).isEqualTo(212672);
        assertThat(v.relay()).isEmpty();
        assertThat(HEX.formatHex(Frame.of(v).encode(MAIN))).isEqualTo(SATOSHI_0_7_2_FRAME);
    }

    @Test
    void decodesACoreVersionWithRelayAndWritesItBackExactly() throws Exception {
        VersionMessage v = readFrame(CORE_23_FRAME);
        assertThat(v.version()).isEqualTo(70016);
        assertThat(ServiceFlag.names(v.services()))
                .containsExactly("NODE_NETWORK", "NODE_BLOOM", "NODE_WITNESS", "NODE_NETWORK_LIMITED");
        assertThat(v.timestamp()).isEqualTo(0x63508350L);
        assertThat(v.addrFrom().services()).isEqualTo(0x40d);
        assertThat(v.userAgentString()).isEqualTo("/Satoshi:23.0.0/");
        assertThat(v.startHeight()).isEqualTo(759438);
        assertThat(v.relay()).contains(true);
        assertThat(HEX.formatHex(Frame.of(v).encode(MAIN))).isEqualTo(CORE_23_FRAME);
    }

    private static VersionMessage withUserAgent(byte[] ua) {
        NetAddr zero = new NetAddr(0, new byte[16], 0);
        return new VersionMessage(70016, 0, 0, zero, zero, 0, ua, 0, Optional.of(false));
    }

    @Test
    void acceptsUserAgentOfExactly256BytesAndRejects257BeforeAllocating() throws Exception {
        byte[] max = "a".repeat(256).getBytes(StandardCharsets.US_ASCII);
        byte[] payload = withUserAgent(max).toPayload();
        assertThat(VersionMessage.read(ByteBuffer.wrap(payload)).userAgent()).isEqualTo(max);

        // Same prefix, but the length field says 257 (fd0101) and no bytes follow: the cap is what fails.
        byte[] prefix = new byte[4 + 8 + 8 + 26 + 26 + 8];
        byte[] over = ByteBuffer.allocate(prefix.length + 3).put(prefix).put(HEX.parseHex("fd0101")).array();
        assertThatThrownBy(() -> VersionMessage.read(ByteBuffer.wrap(over)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("version: user agent length 257 exceeds 256");
        assertThatThrownBy(() -> withUserAgent(new byte[257]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user agent length 257 exceeds 256");
    }

    @Test
    void keepsInvalidUtf8UserAgentBytesAndDecodesThemLeniently() throws Exception {
        byte[] ua = {'/', 'x', (byte) 0xff, 'y', (byte) 0xc3, '/'};
        VersionMessage v = VersionMessage.read(ByteBuffer.wrap(withUserAgent(ua).toPayload()));
        assertThat(v.userAgent()).isEqualTo(ua);
        assertThat(v.isUserAgentValidUtf8()).isFalse();
        assertThat(v.userAgentString()).isEqualTo("/x\uFFFDy\uFFFD/");
        assertThat(withUserAgent("/Satoshi:27.0.0/ ☃".getBytes(StandardCharsets.UTF_8)).isUserAgentValidUtf8()).isTrue();
    }

    @Test
    void rejectsRelayByteOtherThanZeroOrOne() {
        byte[] payload = withUserAgent(new byte[0]).toPayload();
        payload[payload.length - 1] = 2;
        assertThatThrownBy(() -> VersionMessage.read(ByteBuffer.wrap(payload)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("version: relay must be 0 or 1, got 2");
    }

    @Test
    void reportsTheFieldWhereAShortVersionEnds() {
        byte[] payload = withUserAgent(new byte[0]).toPayload();
        assertThatThrownBy(() -> VersionMessage.read(ByteBuffer.wrap(payload, 0, 40)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("version: addr_recv address needs 16 bytes, 12 remain");
        assertThatThrownBy(() -> VersionMessage.read(ByteBuffer.wrap(payload, 0, 83)))
                .hasMessage("version: start_height needs 4 bytes, 2 remain");
    }
}
