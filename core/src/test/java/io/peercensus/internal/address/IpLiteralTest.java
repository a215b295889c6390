package io.peercensus.internal.address;

import io.peercensus.address.AddressFormatException;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpLiteralTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // RFC 5952 section 4: leading zeros dropped, longest zero run compressed, the first of equal
        // runs, a single zero group never compressed, lower case
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:0:0:2:1,                    2001:db8::2:1",
        "2001:db8:0:1:1:1:1:1,                    2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1,                      2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1,                    2001:db8::1:0:0:1",
        "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:1,     2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "0:0:0:0:0:0:0:0,                         ::",
        "0:0:0:0:0:0:0:1,                         ::1",
        "1:0:0:0:0:0:0:0,                         1::",
        "::1.2.3.4,                               ::102:304",
        "64:ff9b::192.0.2.33,                     64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4,                     1:2:3:4:5:6:102:304",
    })
    void writesRfc5952Text(String input, String canonical) {
        assertThat(IpLiteral.formatIpv6(IpLiteral.parseIpv6(input))).isEqualTo(canonical);
    }

    @Test
    void agreesWithAnIndependentRfc5952Implementation() throws Exception {
        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                IpLiteralTest.class.getResourceAsStream("rfc5952-vectors.txt"), StandardCharsets.US_ASCII))) {
            lines = reader.lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertThat(lines).hasSize(150);
        for (String line : lines) {
            String[] fields = line.split(" ");
            byte[] bytes = HEX.parseHex(fields[0]);
            assertThat(IpLiteral.formatIpv6(bytes)).as(fields[0]).isEqualTo(fields[1]);
            assertThat(IpLiteral.parseIpv6(fields[1])).as(fields[1]).isEqualTo(bytes);
        }
    }

    @Test
    void readsAndWritesDottedQuads() {
        assertThat(IpLiteral.parseIpv4("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(IpLiteral.parseIpv4("255.255.255.255")).containsExactly(-1, -1, -1, -1);
        assertThat(IpLiteral.formatIpv4(new byte[] {(byte) 203, 0, 113, (byte) 255})).isEqualTo("203.0.113.255");
    }

    @Test
    void ipv4MappedUsesTheMixedNotationOfRfc5952Section5() {
        assertThat(IpLiteral.formatIpv6(IpLiteral.parseIpv6("::ffff:7f00:1"))).isEqualTo("::ffff:127.0.0.1");
        assertThat(IpLiteral.formatIpv6(IpLiteral.parseIpv6("::fffe:7f00:1"))).isEqualTo("::fffe:7f00:1");
        assertThat(IpLiteral.formatIpv6(IpLiteral.parseIpv6("1::ffff:7f00:1"))).isEqualTo("1::ffff:7f00:1");
    }
}
