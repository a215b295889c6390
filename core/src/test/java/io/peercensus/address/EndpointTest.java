package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {
    private static final String V3 = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd";
    private static final String I2P = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // canonical (Bitcoin peer ID),           multiaddr
        "1.2.3.4:8333,                            /ip4/1.2.3.4/tcp/8333",
        "[2001:db8::1]:8333,                      /ip6/2001:db8::1/tcp/8333",
        "6hzph5hv6337r6p2.onion:8333,             /onion/6hzph5hv6337r6p2:8333",
        "" + V3 + ".onion:8333,                   /onion3/" + V3 + ":8333",
        "" + I2P + ".b32.i2p:0,                   /garlic32/" + I2P,
        "[::1]:18444,                             /ip6/::1/tcp/18444",
        "0.0.0.0:0,                               /ip4/0.0.0.0/tcp/0",
        "255.255.255.255:65535,                   /ip4/255.255.255.255/tcp/65535",
    })
    void writesCanonicalAndMultiaddrTextAndParsesItBack(String canonical, String multiaddr) {
        Endpoint endpoint = Endpoint.parse(canonical);
        assertThat(endpoint.canonical()).isEqualTo(canonical);
        assertThat(endpoint).hasToString(canonical);
        assertThat(endpoint.multiaddr()).isEqualTo(multiaddr);
    }

    @Test
    void writesCjdnsAsBracketedIpv6() {
        Endpoint cjdns = new Endpoint(NetAddress.parse("fc00::1").toCjdns(), 8333);
        assertThat(cjdns.canonical()).isEqualTo("[fc00::1]:8333");
        assertThat(cjdns.multiaddr()).isEqualTo("/ip6/fc00::1/tcp/8333");
        Endpoint back = Endpoint.parse(cjdns.canonical());
        assertThat(back.address().type()).isEqualTo(AddressType.IPV6);
        assertThat(new Endpoint(back.address().toCjdns(), back.port())).isEqualTo(cjdns);
    }

    @Test
    void normalisesWhatItParses() {
        assertThat(Endpoint.parse("[2001:0DB8:0:0::1]:08333").canonical()).isEqualTo("[2001:db8::1]:8333");
        assertThat(Endpoint.parse("[::ffff:1.2.3.4]:8333").canonical()).isEqualTo("1.2.3.4:8333");
        assertThat(Endpoint.parse(V3.toUpperCase(java.util.Locale.ROOT) + ".ONION:9050").canonical())
                .isEqualTo(V3 + ".onion:9050");
    }

    @Test
    void roundTripsRandomEndpointsOfEveryType() {
        Random random = new Random(8333);
        for (AddressType type : AddressType.values()) {
            for (int i = 0; i < 200; i++) {
                byte[] bytes = new byte[type.addressLength()];
                random.nextBytes(bytes);
                bytes[0] = type == AddressType.CJDNS ? (byte) 0xfc : type == AddressType.IPV6 ? 0x2a : bytes[0];
                Endpoint endpoint = new Endpoint(NetAddress.of(type, bytes), random.nextInt(65_536));
                Endpoint parsed = Endpoint.parse(endpoint.canonical());
                NetAddress address = type == AddressType.CJDNS ? parsed.address().toCjdns() : parsed.address();
                assertThat(new Endpoint(address, parsed.port())).isEqualTo(endpoint);
            }
        }
    }

    @Test
    void convertsToAndFromInetSocketAddressWithoutLookups() {
        Endpoint endpoint = Endpoint.parse("[2001:db8::7]:8333");
        InetSocketAddress socketAddress = endpoint.toInetSocketAddress();
        assertThat(socketAddress.isUnresolved()).isFalse();
        assertThat(socketAddress.getPort()).isEqualTo(8333);
        assertThat(Endpoint.of(socketAddress)).isEqualTo(endpoint);
        assertThat(Endpoint.of(InetSocketAddress.createUnresolved(V3 + ".onion", 8333)))
                .isEqualTo(Endpoint.parse(V3 + ".onion:8333"));
        assertThatThrownBy(() -> Endpoint.of(InetSocketAddress.createUnresolved("seed.bitcoin.sipa.be", 8333)))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("host 'seed.bitcoin.sipa.be': not an IP address, .onion or .b32.i2p name (hostnames are not resolved)");
        assertThatThrownBy(() -> Endpoint.parse("6hzph5hv6337r6p2.onion:8333").toInetSocketAddress())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsPortsOutOfRange() {
        NetAddress address = NetAddress.parse("1.2.3.4");
        assertThatThrownBy(() -> new Endpoint(address, 65_536))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("port 65536 is out of range 0..65535");
        assertThatThrownBy(() -> new Endpoint(address, -1))
                .hasMessage("port -1 is out of range 0..65535");
        assertThatThrownBy(() -> new Endpoint(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4                        | endpoint '1.2.3.4': missing port",
        "1.2.3.4:                       | endpoint '1.2.3.4:': missing port",
        "[2001:db8::1]                  | endpoint '[2001:db8::1]': missing port",
        "[2001:db8::1                   | endpoint '[2001:db8::1': missing ']'",
        "[2001:db8::1]8333              | endpoint '[2001:db8::1]8333': expected ':' and a port after ']'",
        "2001:db8::1:8333               | endpoint '2001:db8::1:8333': an IPv6 host must be in brackets, as in [2001:db8::1]:8333",
        ":8333                          | endpoint ':8333': missing host",
        "1.2.3.4:65536                  | endpoint '1.2.3.4:65536': port 65536 is out of range 0..65535",
        "1.2.3.4:99999999999999999999   | endpoint '1.2.3.4:99999999999999999999': port 99999999999999999999 is out of range 0..65535",
        "1.2.3.4:-1                     | endpoint '1.2.3.4:-1': port '-1' is not a decimal number",
        "1.2.3.4:+80                    | endpoint '1.2.3.4:+80': port '+80' is not a decimal number",
        "1.2.3.4:http                   | endpoint '1.2.3.4:http': port 'http' is not a decimal number",
        "1.2.3:8333                     | endpoint '1.2.3:8333': IPv4 address '1.2.3': expected 4 parts, got 3",
        "example.com:8333               | endpoint 'example.com:8333': host 'example.com': not an IP address, .onion or .b32.i2p name (hostnames are not resolved)",
        "6hzph5hv6337r6p.onion:8333     | endpoint '6hzph5hv6337r6p.onion:8333': onion name '6hzph5hv6337r6p.onion': expected 16 (Tor v2) or 56 (Tor v3) base32 characters before .onion, got 15",
    })
    void rejectsBadEndpointsWithExactMessages(String hostPort, String message) {
        assertThatThrownBy(() -> Endpoint.parse(hostPort))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage(message);
    }
}
