package io.peercensus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link Socks5Address#of} reads a host: literals as addresses, everything else as a name, never resolved. */
class Socks5AddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1                 | 1 | 127.0.0.1:8333",
        "0.0.0.0                   | 1 | 0.0.0.0:8333",
        "::1                       | 4 | [0:0:0:0:0:0:0:1]:8333",
        "[2001:db8::8]             | 4 | [2001:db8:0:0:0:0:0:8]:8333",
        "::ffff:192.0.2.1          | 1 | 192.0.2.1:8333",
        "localhost                 | 3 | localhost:8333",
        "seed.bitcoin.sipa.be      | 3 | seed.bitcoin.sipa.be:8333",
        "1.2.3.4.example           | 3 | 1.2.3.4.example:8333",
    })
    void classifiesHost(String host, int type, String text) {
        Socks5Address a = Socks5Address.of(host, 8333);
        assertThat(a.type()).isEqualTo(type);
        assertThat(a).hasToString(text);
    }

    @Test
    void keepsNameBytesAsGiven() {
        assertThat(Socks5Address.of("Example.ORG.", 1).address())
                .isEqualTo("Example.ORG.".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void copiesTheAddressArray() {
        byte[] bytes = {10, 0, 0, 1};
        Socks5Address a = new Socks5Address(Socks5Address.IPV4, bytes, 80);
        bytes[0] = 11;
        a.address()[1] = 9;
        assertThat(a).isEqualTo(new Socks5Address(Socks5Address.IPV4, new byte[] {10, 0, 0, 1}, 80));
    }

    @Test
    void rejectsAddressOfWrongLengthForItsType() {
        assertThatThrownBy(() -> new Socks5Address(Socks5Address.IPV6, new byte[4], 80))
                .hasMessage("SOCKS5 address type 0x04 cannot hold 4 bytes");
        assertThatThrownBy(() -> new Socks5Address(0x02, new byte[4], 80))
                .hasMessage("unknown SOCKS5 address type 0x02");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "999.1.1.1      | not an IPv4 address: '999.1.1.1' (part '999')",
        "1.2.3          | not an IPv4 address: '1.2.3' (expected 4 dotted parts)",
        "01.2.3.4       | not an IPv4 address: '01.2.3.4' (part '01')",
        "fe80::zz       | not an IPv6 address: 'fe80::zz'",
        "[fe80::1]x     | not an IPv6 address: '[fe80::1]x'",
        "fe80::1%eth0   | IPv6 scope ids mean nothing to a proxy: 'fe80::1%eth0'",
        "bad host.onion | domain name must be printable ASCII (use java.net.IDN.toASCII), got U+0020 at index 3 in 'bad host.onion'",
        "bücher.example | domain name must be printable ASCII (use java.net.IDN.toASCII), got U+00FC at index 1 in 'bücher.example'",
        "''             | host must not be empty",
    })
    void rejectsMalformedHost(String host, String message) {
        assertThatThrownBy(() -> Socks5Address.of(host, 8333))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThatThrownBy(() -> Socks5Address.of("x.onion", -1)).hasMessage("port must be 0..65535, got -1");
        assertThatThrownBy(() -> Socks5Address.of("x.onion", 65536)).hasMessage("port must be 0..65535, got 65536");
    }
}
