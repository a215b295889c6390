package io.peercensus.dht.internal.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.multiformats.MultiformatException;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
        "::1, 00000000000000000000000000000001, ::1",
        "::, 00000000000000000000000000000000, ::",
        "2601:9:4f81:9700:803e:ca65:66e8:c21, 260100094f819700803eca6566e80c21, 2601:9:4f81:9700:803e:ca65:66e8:c21",
        "2001:DB8::, 20010db8000000000000000000000000, 2001:db8::",
        "::ffff:127.0.0.1, 00000000000000000000ffff7f000001, ::ffff:127.0.0.1",
        "1:0:0:1:0:0:0:1, 00010000000000010000000000000001, 1:0:0:1::1",
        "1:0:1:0:1:0:1:0, 00010000000100000001000000010000, 1:0:1:0:1:0:1:0",
        "2001:db8:0:0:1:0:0:1, 20010db8000000000001000000000001, 2001:db8::1:0:0:1",
        "fe80::1:2.3.4.5, fe800000000000000000000102030405, fe80::1:203:405"})
    void parsesIpv6AndPrintsRfc5952(String text, String hex, String canonical) {
        byte[] bytes = IpLiteral.parseIpv6(text);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
        assertThat(IpLiteral.formatIpv6(bytes)).isEqualTo(canonical);
    }

    @Test
    void ipv6TextAgreesWithTheJdkOnSeededRandomAddresses() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] address = new byte[16];
            random.nextBytes(address);
            for (int g = 0; g < 8; g++) {
                if (random.nextInt(3) == 0) {
                    address[2 * g] = 0;
                    address[2 * g + 1] = 0;
                }
            }
            String text = IpLiteral.formatIpv6(address);
            assertThat(IpLiteral.parseIpv6(text)).isEqualTo(address);
            assertThat(InetAddress.getByName(text).getAddress()).hasSize(16).isEqualTo(address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":::", "1::2::3", "12345::", "::ffff:1.2.3", "g::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1::2:3:4:5:6:7:8", ":1::", "1:", "::1%eth0", "1.2.3.4", "::1.2.3.4:5"})
    void rejectsMalformedIpv6(String text) {
        assertThatThrownBy(() -> IpLiteral.parseIpv6(text))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("invalid IPv6 address '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.0.0.1", "1..2.3", "a.b.c.d", "-1.2.3.4", "1.2.3.4 "})
    void rejectsMalformedIpv4(String text) {
        assertThatThrownBy(() -> IpLiteral.parseIpv4(text))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("invalid IPv4 address '" + text + "'");
    }

    @Test
    void parsesAndPrintsIpv4() {
        assertThat(IpLiteral.parseIpv4("192.0.2.255")).isEqualTo(new byte[] {(byte) 192, 0, 2, (byte) 255});
        assertThat(IpLiteral.formatIpv4(new byte[] {0, 0, 0, 0})).isEqualTo("0.0.0.0");
    }
}
