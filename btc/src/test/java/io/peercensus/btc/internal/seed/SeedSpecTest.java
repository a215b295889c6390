package io.peercensus.btc.internal.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedSpecTest {

    private static String literal(String text) {
        SeedSpec spec = SeedSpec.parse(text, 8333);
        assertThat(spec.isName()).as(text).isFalse();
        return spec.endpoint().canonical();
    }

    private static void rejects(String text, String message) {
        assertThatThrownBy(() -> SeedSpec.parse(text, 8333))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void parsesAddressLiteralsWithAndWithoutPorts() {
        assertThat(literal("1.2.3.4:18333")).isEqualTo("1.2.3.4:18333");
        assertThat(literal("1.2.3.4")).isEqualTo("1.2.3.4:8333");
        assertThat(literal("[2001:db8::1]:18333")).isEqualTo("[2001:db8::1]:18333");
        assertThat(literal("[2001:db8::1]")).isEqualTo("[2001:db8::1]:8333");
        assertThat(literal("2001:db8::1")).isEqualTo("[2001:db8::1]:8333");
        assertThat(literal("[::ffff:1.2.3.4]:1")).isEqualTo("1.2.3.4:1");
        assertThat(literal(" 1.2.3.4:0 ")).isEqualTo("1.2.3.4:0");
        String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        assertThat(literal(onion.toUpperCase() + ":8333")).isEqualTo(onion + ":8333");
        assertThat(literal(onion)).isEqualTo(onion + ":8333");
    }

    @Test
    void parsesHostNamesWithAndWithoutPorts() {
        assertThat(SeedSpec.parse("seed.bitcoin.sipa.be", 8333))
                .isEqualTo(new SeedSpec(null, "seed.bitcoin.sipa.be", 8333));
        assertThat(SeedSpec.parse("Seed.Example.:18444", 8333)).isEqualTo(new SeedSpec(null, "seed.example", 18444));
        assertThat(SeedSpec.parse("localhost", 8333)).isEqualTo(new SeedSpec(null, "localhost", 8333));
        assertThat(SeedSpec.parse("_x-1.test", 1)).isEqualTo(new SeedSpec(null, "_x-1.test", 1));
    }

    @Test
    void rejectsBadPortsInOneLine() {
        rejects("seed.test:abc", "seed 'seed.test:abc': port 'abc' is not a decimal number");
        rejects("seed.test:", "seed 'seed.test:': missing port after ':'");
        rejects("seed.test:65536", "seed 'seed.test:65536': port '65536' is out of range 0..65535");
        rejects("1.2.3.4:99999999999999", "seed '1.2.3.4:99999999999999': port '99999999999999' is out of range 0..65535");
        rejects("1.2.3.4:-1", "seed '1.2.3.4:-1': port '-1' is not a decimal number");
        rejects("[2001:db8::1]:x", "seed '[2001:db8::1]:x': port 'x' is not a decimal number");
    }

    @Test
    void rejectsBadHostsInOneLine() {
        rejects("", "seed is empty: give host:port, [IPv6]:port, an IP address or a DNS name");
        rejects("   ", "seed is empty: give host:port, [IPv6]:port, an IP address or a DNS name");
        rejects("1.2.3.256:8333", "seed '1.2.3.256:8333': IPv4 address '1.2.3.256': part 4 is out of range 0..255");
        rejects("[2001:db8::1", "seed '[2001:db8::1': missing ']' after the IPv6 address");
        rejects("[2001:db8::1]8333", "seed '[2001:db8::1]8333': expected ':' and a port after ']'");
        rejects("[1.2.3.4]:8333", "seed '[1.2.3.4]:8333': host '[1.2.3.4]': brackets are only for IPv6 addresses");
        rejects(":8333", "seed ':8333': host is empty");
        rejects("seed..test", "seed 'seed..test': not an IP address or a DNS name: each dot-separated label must be"
                + " 1..63 characters");
        rejects("seed test:1", "seed 'seed test:1': not an IP address or a DNS name: character ' ' is not allowed"
                + " in a host name");
        rejects("s\u00e9ed.test\n", "seed 's\\u00e9ed.test': not an IP address or a DNS name: character '\\u00e9' is"
                + " not allowed in a host name");
        rejects("a".repeat(254), "seed '" + "a".repeat(80) + "...': host name must be 1..253 characters, got 254");
    }
}
