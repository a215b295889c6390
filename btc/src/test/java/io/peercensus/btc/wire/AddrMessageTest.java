package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddrMessageTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Bitcoin Core's {@code stream_addrv1_hex} (src/test/netbase_tests.cpp): three entries, all ::1. */
    static final String CORE_ADDR_V1 = "03"
            + "61bc6649" + "0000000000000000" + "00000000000000000000000000000001" + "0000"
            + "79627683" + "0100000000000000" + "00000000000000000000000000000001" + "00f1"
            + "ffffffff" + "4804000000000000" + "00000000000000000000000000000001" + "f1f2";

    private static final byte[] LOOPBACK = HEX.parseHex("00000000000000000000000000000001");

    @Test
    void decodesBitcoinCoresAddrVectorAndWritesItBack() throws Exception {
        AddrMessage m = AddrMessage.read(ByteBuffer.wrap(HEX.parseHex(CORE_ADDR_V1)));
        assertThat(m.entries()).containsExactly(
                new AddrEntry(0x4966bc61L, new NetAddr(0, LOOPBACK, 0)),
                new AddrEntry(0x83766279L, new NetAddr(ServiceFlag.NODE_NETWORK.mask(), LOOPBACK, 0x00f1)),
                new AddrEntry(0xffffffffL, new NetAddr(
                        ServiceFlag.NODE_WITNESS.mask() | ServiceFlag.NODE_COMPACT_FILTERS.mask()
                                | ServiceFlag.NODE_NETWORK_LIMITED.mask(), LOOPBACK, 0xf1f2)));
        assertThat(HEX.formatHex(m.toPayload())).isEqualTo(CORE_ADDR_V1);
    }

    @Test
    void mapsIpv4IntoIpv6() throws Exception {
        NetAddr a = NetAddr.of(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}), 8333, 9);
        assertThat(HEX.formatHex(a.ip())).isEqualTo("00000000000000000000ffff01020304");
        assertThat(a.isIpv4Mapped()).isTrue();
        assertThat(a.inetAddress().getHostAddress()).isEqualTo("1.2.3.4");
    }

    @Test
    void acceptsOneThousandEntriesAndRejects1001BeforeAllocating() throws Exception {
        AddrMessage full = new AddrMessage(Collections.nCopies(1000, new AddrEntry(1, new NetAddr(1, LOOPBACK, 8333))));
        assertThat(AddrMessage.read(ByteBuffer.wrap(full.toPayload()))).isEqualTo(full);

        // count 1001 with no entries after it: the cap fails, not the missing bytes
        assertThatThrownBy(() -> AddrMessage.read(ByteBuffer.wrap(HEX.parseHex("fde903"))))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("addr: count 1001 exceeds 1000");
        assertThatThrownBy(() -> AddrMessage.read(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff"))))
                .hasMessage("addr: count 18446744073709551615 exceeds 1000");
        assertThatThrownBy(() -> new AddrMessage(Collections.nCopies(1001, full.entries().get(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addr count 1001 exceeds 1000");
    }

    @Test
    void rejectsNonCanonicalCount() {
        assertThatThrownBy(() -> AddrMessage.read(ByteBuffer.wrap(HEX.parseHex("fd0100"))))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("addr: non-canonical CompactSize for count: 1 encoded with prefix 0xfd");
    }

    @Test
    void namesTheEntryWhereInputEnds() {
        String oneEntry = CORE_ADDR_V1.substring(2, 2 + 60);
        assertThatThrownBy(() -> AddrMessage.read(ByteBuffer.wrap(HEX.parseHex("02" + oneEntry + "6162"))))
                .hasMessage("addr: entry 1 time needs 4 bytes, 2 remain");
    }

    @Test
    void scanHandsOverV1EntriesAsSixteenBytesInPlace() throws Exception {
        NetAddr a = NetAddr.of(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}), 8333, 9);
        byte[] payload = new AddrMessage(List.of(new AddrEntry(1_700_000_000L, a))).toPayload();
        List<String> seen = new ArrayList<>();
        int count = AddrMessage.scan(ByteBuffer.wrap(payload), (time, services, networkId, in, offset, length, port) -> {
            byte[] ip = new byte[length];
            in.get(offset, ip);
            seen.add(time + " " + services + " " + networkId + " " + offset + " " + HEX.formatHex(ip) + " " + port);
        });
        assertThat(count).isEqualTo(1);
        assertThat(seen).containsExactly("1700000000 9 " + AddrEntryConsumer.V1 + " 13 00000000000000000000ffff01020304 8333");
    }
}
