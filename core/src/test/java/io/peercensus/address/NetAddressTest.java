package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NetAddress. BIP155 vectors are from Bitcoin Core's BIP155 tests (src/test/net_tests.cpp). */
class NetAddressTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // BIP155 network id table: id, address length
        "IPV4,  1, 4",
        "IPV6,  2, 16",
        "TORV2, 3, 10",
        "TORV3, 4, 32",
        "I2P,   5, 32",
        "CJDNS, 6, 16",
    })
    void carriesTheBip155NetworkIdAndLength(AddressType type, int id, int length) {
        assertThat(type.bip155NetworkId()).isEqualTo(id);
        assertThat(type.addressLength()).isEqualTo(length);
        assertThat(AddressType.fromBip155NetworkId(id)).contains(type);
    }

    @Test
    void knowsNoNetworkIdOutside1To6() {
        assertThat(AddressType.fromBip155NetworkId(0)).isEmpty();
        assertThat(AddressType.fromBip155NetworkId(7)).isEmpty(); // YGGDRASIL: not modelled here
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        // the addrv2 vectors of Bitcoin Core's BIP155 tests: type, address bytes, text
        "IPV4,  01020304,                                                          1.2.3.4",
        "IPV6,  1a1b2a2b3a3b4a4b5a5b6a6b7a7b8a8b,                                  1a1b:2a2b:3a3b:4a4b:5a5b:6a6b:7a7b:8a8b",
        "TORV2, f1f2f3f4f5f6f7f8f9fa,                                              6hzph5hv6337r6p2.onion",
        "TORV3, 79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f,  pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
        "I2P,   a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87,  ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p",
        "CJDNS, fc000001000200030004000500060007,                                  fc00:1:2:3:4:5:6:7",
    })
    void readsTheBip155VectorsAndWritesTheirText(AddressType type, String hex, String text) {
        NetAddress address = NetAddress.of(type, HEX.parseHex(hex));
        assertThat(address.type()).isEqualTo(type);
        assertThat(HEX.formatHex(address.bytes())).isEqualTo(hex);
        assertThat(address.host()).isEqualTo(text);
        assertThat(address).hasToString(text);
        NetAddress parsed = NetAddress.parse(text);
        assertThat(type == AddressType.CJDNS ? parsed.toCjdns() : parsed).isEqualTo(address);
    }

    @Test
    void turnsIpv4MappedIpv6IntoIpv4() {
        NetAddress address = NetAddress.ipv6(HEX.parseHex("00000000000000000000ffff01020304"));
        assertThat(address.type()).isEqualTo(AddressType.IPV4);
        assertThat(address.bytes()).containsExactly(1, 2, 3, 4);
        assertThat(address).isEqualTo(NetAddress.ipv4(new byte[] {1, 2, 3, 4}));
        assertThat(NetAddress.parse("::ffff:1.2.3.4")).isEqualTo(address);
        assertThat(NetAddress.parse("[::ffff:102:304]")).isEqualTo(address);
    }

    @Test
    void turnsOnionCatIpv6IntoTorV2() {
        NetAddress address = NetAddress.ipv6(HEX.parseHex("fd87d87eeb43f1f2f3f4f5f6f7f8f9fa"));
        assertThat(address.type()).isEqualTo(AddressType.TORV2);
        assertThat(address.host()).isEqualTo("6hzph5hv6337r6p2.onion");
        assertThat(NetAddress.parse("fd87:d87e:eb43:f1f2:f3f4:f5f6:f7f8:f9fa")).isEqualTo(address);
    }

    @Test
    void normalisesInetAddressesTheSameWay() throws Exception {
        assertThat(NetAddress.of(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})))
                .isEqualTo(NetAddress.parse("192.0.2.1"));
        byte[] onionCat = HEX.parseHex("fd87d87eeb43f1f2f3f4f5f6f7f8f9fa");
        assertThat(NetAddress.of(Inet6Address.getByAddress(null, onionCat, -1)).type()).isEqualTo(AddressType.TORV2);
        byte[] linkLocal = HEX.parseHex("fe800000000000000000000000000001");
        NetAddress withZone = NetAddress.of(Inet6Address.getByAddress(null, linkLocal, 3));
        assertThat(withZone).isEqualTo(NetAddress.parse("fe80::1"));
    }

    @Test
    void makesInetAddressesFromBytesOnly() {
        InetAddress v4 = NetAddress.parse("198.51.100.7").toInetAddress();
        assertThat(v4).isInstanceOf(Inet4Address.class);
        assertThat(v4.getHostAddress()).isEqualTo("198.51.100.7");
        InetAddress v6 = NetAddress.parse("2001:db8::1").toInetAddress();
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(v6.getAddress()).isEqualTo(NetAddress.parse("2001:db8::1").bytes());
        assertThat(NetAddress.parse("fc00::1").toCjdns().toInetAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void refusesInetAddressForTorAndI2p() {
        NetAddress onion = NetAddress.parse("6hzph5hv6337r6p2.onion");
        assertThatThrownBy(onion::toInetAddress)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TORV2 address 6hzph5hv6337r6p2.onion has no IP address; dial it through a SOCKS5 proxy by name");
    }

    @Test
    void comparesByTypeAndBytes() {
        NetAddress ipv6 = NetAddress.parse("fc00::1");
        NetAddress cjdns = ipv6.toCjdns();
        assertThat(ipv6).isNotEqualTo(cjdns);
        assertThat(cjdns.host()).isEqualTo(ipv6.host());
        assertThat(NetAddress.parse("2001:DB8:0::1")).isEqualTo(NetAddress.parse("[2001:db8::1]"))
                .hasSameHashCodeAs(NetAddress.parse("2001:db8::1"));
    }

    @Test
    void neverSharesItsBytes() {
        byte[] input = {10, 0, 0, 1};
        NetAddress address = NetAddress.ipv4(input);
        input[0] = 11;
        address.bytes()[1] = 99;
        assertThat(address.bytes()).containsExactly(10, 0, 0, 1);
    }

    @Test
    void roundTripsEveryTypeThroughBytesAndText() {
        Random random = new Random(155);
        for (AddressType type : AddressType.values()) {
            for (int i = 0; i < 200; i++) {
                byte[] bytes = new byte[type.addressLength()];
                random.nextBytes(bytes);
                if (type == AddressType.CJDNS) {
                    bytes[0] = (byte) 0xfc;
                }
                if (type == AddressType.IPV6) {
                    bytes[0] = 0x20; // stay clear of the mapped and OnionCat prefixes
                }
                NetAddress address = NetAddress.of(type, bytes);
                assertThat(address.bytes()).isEqualTo(bytes);
                NetAddress parsed = NetAddress.parse(address.host());
                assertThat(type == AddressType.CJDNS ? parsed.toCjdns() : parsed).isEqualTo(address);
            }
        }
    }

    @Test
    void rejectsBadLengthsWithExactMessages() {
        assertThatThrownBy(() -> NetAddress.ipv4(new byte[5]))
                .isInstanceOf(AddressFormatException.class).hasMessage("IPv4 address must be 4 bytes, got 5");
        assertThatThrownBy(() -> NetAddress.ipv6(new byte[4]))
                .hasMessage("IPv6 address must be 16 bytes, got 4");
        assertThatThrownBy(() -> NetAddress.torV2(new byte[16]))
                .hasMessage("Tor v2 address must be 10 bytes, got 16");
        assertThatThrownBy(() -> NetAddress.torV3(new byte[0]))
                .hasMessage("Tor v3 public key must be 32 bytes, got 0");
        assertThatThrownBy(() -> NetAddress.i2p(new byte[31]))
                .hasMessage("I2P hash must be 32 bytes, got 31");
        assertThatThrownBy(() -> NetAddress.cjdns(new byte[10]))
                .hasMessage("CJDNS address must be 16 bytes, got 10");
        assertThatThrownBy(() -> NetAddress.of(AddressType.TORV3, new byte[33]))
                .hasMessage("Tor v3 public key must be 32 bytes, got 33");
    }

    @Test
    void rejectsCjdnsOutsideFc00() {
        byte[] bytes = HEX.parseHex("fd000000000000000000000000000001");
        assertThatThrownBy(() -> NetAddress.cjdns(bytes))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("CJDNS address must start with 0xfc, got 0xfd");
        assertThatThrownBy(() -> NetAddress.parse("fd00::1").toCjdns())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fd00::1 is not an IPv6 address in fc00::/8");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                       | host is empty",
        "example.com              | host 'example.com': not an IP address, .onion or .b32.i2p name (hostnames are not resolved)",
        "localhost                | host 'localhost': not an IP address, .onion or .b32.i2p name (hostnames are not resolved)",
        "1.2.3                    | IPv4 address '1.2.3': expected 4 parts, got 3",
        "1.2.3.4.5                | IPv4 address '1.2.3.4.5': expected 4 parts, got more",
        "1.2.3.256                | IPv4 address '1.2.3.256': part 4 is out of range 0..255",
        "01.2.3.4                 | IPv4 address '01.2.3.4': part 1 has a leading zero",
        "1..3.4                   | IPv4 address '1..3.4': part 2 is empty",
        "1.2.3.4444444444444      | IPv4 address '1.2.3.4444444444444': expected at most 15 characters, got 19",
        "[1.2.3.4]                | host '[1.2.3.4]': brackets are only for IPv6 addresses",
        "[::1                     | host '[::1': missing ']'",
        "1:2:3:4:5:6:7            | IPv6 address '1:2:3:4:5:6:7': expected 8 groups, got 7",
        "1:2:3:4:5:6:7:8:9        | IPv6 address '1:2:3:4:5:6:7:8:9': too many groups",
        "1::2::3                  | IPv6 address '1::2::3': more than one '::'",
        "1:2:3:4::5:6:7:8         | IPv6 address '1:2:3:4::5:6:7:8': expected at most 7 groups around '::', got 8",
        "12345::                  | IPv6 address '12345::': group '12345' must be 1 to 4 hex digits",
        "2001:db8::g              | IPv6 address '2001:db8::g': group 'g' must be 1 to 4 hex digits",
        ":1::                     | IPv6 address ':1::': group '' must be 1 to 4 hex digits",
        "fe80::1%eth0             | IPv6 address 'fe80::1%eth0': zone indexes are not supported",
        "::1.2.3                  | IPv4 address '1.2.3': expected 4 parts, got 3",
        "abc.onion                | onion name 'abc.onion': expected 16 (Tor v2) or 56 (Tor v3) base32 characters before .onion, got 3",
        "abc.b32.i2p              | I2P name 'abc.b32.i2p': expected 52 base32 characters before .b32.i2p, got 3",
    })
    void rejectsWhatIsNotAnAddressWithExactMessages(String host, String message) {
        assertThatThrownBy(() -> NetAddress.parse(host))
                .isInstanceOf(AddressFormatException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void cutsLongInputInMessages() {
        String host = "x".repeat(10_000);
        assertThatThrownBy(() -> NetAddress.parse(host))
                .hasMessage("host '" + "x".repeat(80) + "...': not an IP address, .onion or .b32.i2p name (hostnames are not resolved)");
    }
}
