package io.peercensus.btc.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BIP155 publishes no hex vectors; these are Bitcoin Core's ({@code netbase_tests.cpp} {@code stream_addrv2_hex} and
 * {@code net_tests.cpp} {@code cnetaddr_unserialize_v2}).
 */
class AddrV2MessageTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String CORE_ADDR_V2 = "03"
            + "61bc6649" + "00" + "02" + "10" + "00000000000000000000000000000001" + "0000"
            + "79627683" + "01" + "02" + "10" + "00000000000000000000000000000001" + "00f1"
            + "ffffffff" + "fd4804" + "02" + "10" + "00000000000000000000000000000001" + "f1f2";

    private static AddrV2Message read(String hex) throws BitcoinWireException {
        return AddrV2Message.read(ByteBuffer.wrap(HEX.parseHex(hex)));
    }

    /** One entry: time 0, services 1, then network ID, address length and address as given, port 8333. */
    private static String entry(String idLenAddr) {
        return "01" + "00000000" + "01" + idLenAddr + "208d";
    }

    @Test
    void decodesBitcoinCoresAddrV2VectorAndWritesItBack() throws Exception {
        AddrV2Message m = read(CORE_ADDR_V2);
        byte[] loopback = HEX.parseHex("00000000000000000000000000000001");
        assertThat(m.entries()).containsExactly(
                new AddrV2Entry(0x4966bc61L, 0, NetworkId.IPV6, loopback, 0),
                new AddrV2Entry(0x83766279L, 1, NetworkId.IPV6, loopback, 0xf1),
                new AddrV2Entry(0xffffffffL, 0x448, NetworkId.IPV6, loopback, 0xf1f2));
        assertThat(HEX.formatHex(m.toPayload())).isEqualTo(CORE_ADDR_V2);
    }

    @ParameterizedTest
    @CsvSource({
        "01, 04, 01020304",
        "02, 10, 0102030405060708090a0b0c0d0e0f10",
        "02, 10, fd6b88c08724ca978112ca1bbdcafac2",
        "02, 10, 00000000000000000000ffff01020304",
        "03, 0a, f1f2f3f4f5f6f7f8f9fa",
        "04, 20, 79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f",
        "05, 20, a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87",
        "06, 10, fc000001000200030004000500060007",
        "06, 10, aa000001000200030004000500060007",
        "aa, 04, 01020304",
        "aa, 00, ''",
    })
    void keepsEveryCoreAddressVectorByteForByte(String id, String len, String address) throws Exception {
        String hex = entry(id + len + address);
        AddrV2Entry e = read(hex).entries().get(0);
        assertThat(e.networkId().id()).isEqualTo(Integer.parseInt(id, 16));
        assertThat(HEX.formatHex(e.address())).isEqualTo(address);
        assertThat(e.port()).isEqualTo(8333);
        assertThat(HEX.formatHex(new AddrV2Message(List.of(e)).toPayload())).isEqualTo(hex);
    }

    @ParameterizedTest
    @CsvSource({
        "01, 05, 01020304, 'addrv2: entry 0 IPv4 address must be 4 bytes, got 5'",
        "02, 04, 00, 'addrv2: entry 0 IPv6 address must be 16 bytes, got 4'",
        "03, 09, 00, 'addrv2: entry 0 TORv2 address must be 10 bytes, got 9'",
        "04, 00, 00, 'addrv2: entry 0 TORv3 address must be 32 bytes, got 0'",
        "05, 03, 00, 'addrv2: entry 0 I2P address must be 32 bytes, got 3'",
        "06, 01, 00, 'addrv2: entry 0 CJDNS address must be 16 bytes, got 1'",
        "07, 04, 00, 'addrv2: entry 0 Yggdrasil address must be 16 bytes, got 4'",
        "01, fd0102, 01020304, 'addrv2: entry 0 address length 513 exceeds 512'",
        "aa, fe00000002, 01020304050607, 'addrv2: entry 0 address length 33554432 exceeds 512'",
        "01, 04, 0102, 'addrv2: entry 0 address needs 4 bytes, 2 remain'",
    })
    void rejectsWrongLengthsForKnownNetworksAndOverlongAddresses(String id, String len, String rest, String message) {
        assertThatThrownBy(() -> read("01" + "00000000" + "01" + id + len + rest))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage(message);
    }

    @Test
    void keepsUnknownNetworkIdsUpTo512BytesAsOpaqueEntries() throws Exception {
        byte[] address = new byte[512];
        java.util.Arrays.fill(address, (byte) 0x5a);
        AddrV2Entry e = new AddrV2Entry(7, 1L << 63, new NetworkId(0xaa), address, 0);
        AddrV2Message m = new AddrV2Message(List.of(e));
        AddrV2Message back = AddrV2Message.read(ByteBuffer.wrap(m.toPayload()));
        assertThat(back).isEqualTo(m);
        assertThat(back.entries().get(0).networkId().isKnown()).isFalse();
        assertThat(back.entries().get(0).networkId().name()).isEqualTo("UNKNOWN_170");
        assertThat(back.entries().get(0).services()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsMoreThan1000Entries() throws Exception {
        AddrV2Entry e = new AddrV2Entry(0, 0, NetworkId.IPV4, new byte[4], 0);
        AddrV2Message full = new AddrV2Message(Collections.nCopies(1000, e));
        assertThat(AddrV2Message.read(ByteBuffer.wrap(full.toPayload()))).isEqualTo(full);
        assertThatThrownBy(() -> read("fde903"))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("addrv2: count 1001 exceeds 1000");
    }

    @Test
    void rejectsNonCanonicalServices() {
        assertThatThrownBy(() -> read("01" + "00000000" + "fd0800" + "0104010203040000"))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("addrv2: entry 0 non-canonical CompactSize for services: 8 encoded with prefix 0xfd");
    }

    @Test
    void refusesToBuildEntriesItWouldRejectOnRead() {
        assertThatThrownBy(() -> new AddrV2Entry(0, 0, NetworkId.TORV3, new byte[31], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TORv3 address must be 32 bytes, got 31");
        assertThatThrownBy(() -> new AddrV2Entry(0, 0, new NetworkId(200), new byte[513], 0))
                .hasMessage("address length 513 exceeds 512");
        assertThatThrownBy(() -> new NetworkId(256)).hasMessage("network ID must be a byte (0 to 255), got 256");
    }

    @Test
    void namesKnownNetworkIdsAsBip155Does() {
        assertThat(List.of(NetworkId.IPV4, NetworkId.IPV6, NetworkId.TORV2, NetworkId.TORV3, NetworkId.I2P,
                        NetworkId.CJDNS, NetworkId.YGGDRASIL))
                .extracting(NetworkId::name)
                .containsExactly("IPV4", "IPV6", "TORV2", "TORV3", "I2P", "CJDNS", "YGGDRASIL");
        assertThat(new NetworkId(4)).isEqualTo(NetworkId.TORV3);
        assertThat(NetworkId.I2P.addressLength()).hasValue(32);
        assertThat(new NetworkId(0).addressLength()).isEmpty();
        assertThat(new NetworkId(8).toString()).isEqualTo("UNKNOWN_8(8)");
    }

    @Test
    void scanHandsOverEachEntryInPlaceWithTheSameValuesAsRead() throws Exception {
        byte[] payload = HEX.parseHex("02" + "61bc6649" + "fd4804" + "04" + "20"
                + "79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f" + "208d"
                + "00000000" + "01" + "01" + "04" + "7f000001" + "00f1");
        List<AddrV2Entry> scanned = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int count = AddrV2Message.scan(buffer, (time, services, networkId, in, offset, length, port) -> {
            byte[] address = new byte[length];
            in.get(offset, address);
            offsets.add(offset);
            scanned.add(new AddrV2Entry(time, services, new NetworkId(networkId), address, port));
        });
        assertThat(count).isEqualTo(2);
        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(scanned).isEqualTo(AddrV2Message.read(ByteBuffer.wrap(payload)).entries());
        assertThat(offsets).containsExactly(1 + 4 + 3 + 1 + 1, 1 + 43 + 4 + 1 + 1 + 1);
    }

    @Test
    void scanRejectsWhatReadRejectsAfterHandingOverTheEntriesBefore() {
        String bad = "02" + entry("01" + "04" + "01020304").substring(2) + entry("01" + "05" + "0102030405").substring(2);
        List<Integer> ports = new ArrayList<>();
        assertThatThrownBy(() -> AddrV2Message.scan(ByteBuffer.wrap(HEX.parseHex(bad)),
                (time, services, networkId, in, offset, length, port) -> ports.add(port)))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage("addrv2: entry 1 IPv4 address must be 4 bytes, got 5");
        assertThat(ports).containsExactly(8333);
    }
}
