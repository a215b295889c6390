package io.peercensus.address;

import io.peercensus.internal.address.IpLiteral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void containsAddressesUpToItsLastAndNotPast() {
        Cidr block = Cidr.parse("100.64.0.0/10");
        assertThat(block.contains(IpLiteral.parseIpv4("100.64.0.0"))).isTrue();
        assertThat(block.contains(IpLiteral.parseIpv4("100.127.255.255"))).isTrue();
        assertThat(block.contains(IpLiteral.parseIpv4("100.128.0.0"))).isFalse();
        assertThat(block.contains(IpLiteral.parseIpv4("100.63.255.255"))).isFalse();
    }

    @Test
    void neverContainsAnAddressOfTheOtherFamily() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(new byte[16])).isFalse();
        assertThat(Cidr.parse("::/0").contains(new byte[4])).isFalse();
        assertThat(Cidr.parse("::/0").contains(new byte[16])).isTrue();
    }

    @Test
    void matchesOddPrefixLengthsBitByBit() {
        Cidr block = Cidr.parse("fc00::/7");
        assertThat(block.contains(IpLiteral.parseIpv6("fd00::"))).isTrue();
        assertThat(block.contains(IpLiteral.parseIpv6("fe00::"))).isFalse();
        assertThat(block.contains(IpLiteral.parseIpv6("fb00::"))).isFalse();
    }

    @Test
    void rejectsANetworkWithBitsPastThePrefix() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CIDR network has bits set past /8");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .hasMessage("CIDR prefix length must be 0..32, got 33");
    }

    @Test
    void comparesByValueAndPrintsCanonically() {
        assertThat(Cidr.parse("2001:0DB8::/32")).isEqualTo(Cidr.parse("2001:db8::/32"))
                .hasSameHashCodeAs(Cidr.parse("2001:db8::/32"));
        assertThat(Cidr.parse("2001:0DB8::/32")).hasToString("2001:db8::/32");
        assertThat(Cidr.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
    }
}
