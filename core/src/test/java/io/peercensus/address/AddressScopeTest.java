package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scope classification against the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890
 * and updates): for each block its first and last address, and one address just outside it.
 */
class AddressScopeTest {

    @ParameterizedTest(name = "{0}: {1}..{2} is {4}, {3} is {5}")
    @CsvSource({
        // block,            first,            last,              just outside,      scope,         outside scope
        "0.0.0.0/32,         0.0.0.0,          0.0.0.0,           0.0.0.1,           UNSPECIFIED,   RESERVED",
        "0.0.0.0/8,          0.0.0.1,          0.255.255.255,     1.0.0.0,           RESERVED,      PUBLIC",
        "10.0.0.0/8,         10.0.0.0,         10.255.255.255,    9.255.255.255,     PRIVATE,       PUBLIC",
        "10.0.0.0/8 (after), 10.0.0.0,         10.255.255.255,    11.0.0.0,          PRIVATE,       PUBLIC",
        "100.64.0.0/10,      100.64.0.0,       100.127.255.255,   100.128.0.0,       SHARED,        PUBLIC",
        "127.0.0.0/8,        127.0.0.0,        127.255.255.255,   128.0.0.0,         LOOPBACK,      PUBLIC",
        "169.254.0.0/16,     169.254.0.0,      169.254.255.255,   169.255.0.0,       LINK_LOCAL,    PUBLIC",
        "172.16.0.0/12,      172.16.0.0,       172.31.255.255,    172.32.0.0,        PRIVATE,       PUBLIC",
        "192.0.0.0/24,       192.0.0.0,        192.0.0.255,       192.0.1.0,         RESERVED,      PUBLIC",
        "192.0.0.9/32,       192.0.0.9,        192.0.0.9,         192.0.0.8,         PUBLIC,        RESERVED",
        "192.0.0.10/32,      192.0.0.10,       192.0.0.10,        192.0.0.11,        PUBLIC,        RESERVED",
        "192.0.2.0/24,       192.0.2.0,        192.0.2.255,       192.0.3.0,         DOCUMENTATION, PUBLIC",
        "192.88.99.0/24,     192.88.99.0,      192.88.99.255,     192.88.100.0,      RESERVED,      PUBLIC",
        "192.168.0.0/16,     192.168.0.0,      192.168.255.255,   192.169.0.0,       PRIVATE,       PUBLIC",
        "198.18.0.0/15,      198.18.0.0,       198.19.255.255,    198.20.0.0,        RESERVED,      PUBLIC",
        "198.51.100.0/24,    198.51.100.0,     198.51.100.255,    198.51.101.0,      DOCUMENTATION, PUBLIC",
        "203.0.113.0/24,     203.0.113.0,      203.0.113.255,     203.0.114.0,       DOCUMENTATION, PUBLIC",
        "224.0.0.0/4,        224.0.0.0,        239.255.255.255,   223.255.255.255,   MULTICAST,     PUBLIC",
        "240.0.0.0/4,        240.0.0.0,        255.255.255.254,   239.255.255.255,   RESERVED,      MULTICAST",
        "255.255.255.255/32, 255.255.255.255,  255.255.255.255,   255.255.255.254,   RESERVED,      RESERVED",
    })
    void classifiesIpv4SpecialPurposeBlocks(String block, String first, String last, String outside,
            AddressScope scope, AddressScope outsideScope) {
        assertThat(NetAddress.parse(first).scope()).as(first).isEqualTo(scope);
        assertThat(NetAddress.parse(last).scope()).as(last).isEqualTo(scope);
        assertThat(NetAddress.parse(outside).scope()).as(outside).isEqualTo(outsideScope);
    }

    @ParameterizedTest(name = "{0}: {1}..{2} is {4}, {3} is {5}")
    @CsvSource({
        // block,           first,                 last,                                      just outside,                             scope,         outside scope
        "::/128,            ::,                    ::,                                        ::1,                                      UNSPECIFIED,   LOOPBACK",
        "::1/128,           ::1,                   ::1,                                       ::2,                                      LOOPBACK,      RESERVED",
        "::/3 reserved,     ::2,                   1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   2000::,                                   RESERVED,      PUBLIC",
        "4000::/2 reserved, 4000::,                7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,  RESERVED,      PUBLIC",
        "8000::/1 reserved, 8000::,                fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   fc00::,                                   RESERVED,      PRIVATE",
        "64:ff9b:1::/48,    64:ff9b:1::,           64:ff9b:1:ffff:ffff:ffff:ffff:ffff,        64:ff9b:2::,                              RESERVED,      RESERVED",
        "100::/64,          100::,                 100::ffff:ffff:ffff:ffff,                  100:0:0:1::,                              RESERVED,      RESERVED",
        "100:0:0:1::/64,    100:0:0:1::,           100::1:ffff:ffff:ffff:ffff,                100:0:0:2::,                              RESERVED,      RESERVED",
        "2001::/23,         2001:4::,              2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff,    2001:200::,                               RESERVED,      PUBLIC",
        "2001::/32 Teredo,  2001::,                2001:0:ffff:ffff:ffff:ffff:ffff:ffff,      2001:1::,                                 PUBLIC,        RESERVED",
        "2001:1::1/128,     2001:1::1,             2001:1::1,                                 2001:1::,                                 PUBLIC,        RESERVED",
        "2001:1::2/128,     2001:1::2,             2001:1::2,                                 2001:1::4,                                PUBLIC,        RESERVED",
        "2001:1::3/128,     2001:1::3,             2001:1::3,                                 2001:1::4,                                PUBLIC,        RESERVED",
        "2001:2::/48,       2001:2::,              2001:2:0:ffff:ffff:ffff:ffff:ffff,         2001:2:1::,                               RESERVED,      RESERVED",
        "2001:3::/32 AMT,   2001:3::,              2001:3:ffff:ffff:ffff:ffff:ffff:ffff,      2001:4::,                                 PUBLIC,        RESERVED",
        "2001:4:112::/48,   2001:4:112::,          2001:4:112:ffff:ffff:ffff:ffff:ffff,       2001:4:113::,                             PUBLIC,        RESERVED",
        "2001:10::/28,      2001:10::,             2001:1f:ffff:ffff:ffff:ffff:ffff:ffff,     2001:f:ffff:ffff:ffff:ffff:ffff:ffff,     RESERVED,      RESERVED",
        "2001:20::/28,      2001:20::,             2001:2f:ffff:ffff:ffff:ffff:ffff:ffff,     2001:40::,                                RESERVED,      RESERVED",
        "2001:30::/28,      2001:30::,             2001:3f:ffff:ffff:ffff:ffff:ffff:ffff,     2001:40::,                                RESERVED,      RESERVED",
        "2001:db8::/32,     2001:db8::,            2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,    2001:db9::,                               DOCUMENTATION, PUBLIC",
        "2001:db8::/32 (before), 2001:db8::,       2001:db8::1,                               2001:db7:ffff:ffff:ffff:ffff:ffff:ffff,   DOCUMENTATION, PUBLIC",
        "3fff::/20,         3fff::,                3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff,    3fff:1000::,                              DOCUMENTATION, PUBLIC",
        "5f00::/16,         5f00::,                5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   5f01::,                                   RESERVED,      RESERVED",
        "fc00::/7,          fc00::,                fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   fe00::,                                   PRIVATE,       RESERVED",
        "fe80::/10,         fe80::,                febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   fec0::,                                   LINK_LOCAL,    RESERVED",
        "fec0::/10,         fec0::,                feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   ff00::,                                   RESERVED,      MULTICAST",
        "ff00::/8,          ff00::,                ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,   feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,  MULTICAST,     RESERVED",
    })
    void classifiesIpv6SpecialPurposeBlocks(String block, String first, String last, String outside,
            AddressScope scope, AddressScope outsideScope) {
        assertThat(NetAddress.parse(first).scope()).as(first).isEqualTo(scope);
        assertThat(NetAddress.parse(last).scope()).as(last).isEqualTo(scope);
        assertThat(NetAddress.parse(outside).scope()).as(outside).isEqualTo(outsideScope);
    }

    @ParameterizedTest(name = "{0} embeds {1}")
    @CsvSource({
        // 6to4 2002::/16: the IPv4 address is bytes 2..5
        "2002:808:808::,                          PUBLIC",
        "2002:a00:1::,                            PRIVATE",
        "2002:7f00:1::1,                          LOOPBACK",
        "2002:c000:201:ffff:ffff:ffff:ffff:ffff,  DOCUMENTATION",
        "2002::,                                  UNSPECIFIED",
        "2002:e000::,                             MULTICAST",
        // NAT64 64:ff9b::/96: the IPv4 address is bytes 12..15
        "64:ff9b::808:808,                        PUBLIC",
        "64:ff9b::a00:1,                          PRIVATE",
        "64:ff9b::6440:1,                         SHARED",
        "64:ff9b::a9fe:1,                         LINK_LOCAL",
        "64:ff9b::cb00:71ff,                      DOCUMENTATION",
        "64:ff9b::ffff:ffff,                      RESERVED",
    })
    void classifiesTranslationPrefixesByTheirEmbeddedIpv4Address(String address, AddressScope scope) {
        assertThat(NetAddress.parse(address).scope()).isEqualTo(scope);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",   // just before 2002::/16
        "2003::,                                  PUBLIC",   // just after 2002::/16
        "64:ff9b::1:0:0,                          RESERVED", // just after 64:ff9b::/96, in ::/3
        "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff,   RESERVED", // just before 64:ff9b::/96, in ::/3
    })
    void classifiesTheNeighboursOfTranslationPrefixesOnTheirOwn(String address, AddressScope scope) {
        assertThat(NetAddress.parse(address).scope()).isEqualTo(scope);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "8.8.8.8,               PUBLIC",
        "1.1.1.1,               PUBLIC",
        "2001:4860:4860::8888,  PUBLIC",
        "2a00:1450:4001::1,     PUBLIC",
        "::ffff:10.1.2.3,       PRIVATE",  // IPv4-mapped: classified as the IPv4 address it is
        "::ffff:8.8.4.4,        PUBLIC",
    })
    void classifiesOrdinaryAndMappedAddresses(String address, AddressScope scope) {
        assertThat(NetAddress.parse(address).scope()).isEqualTo(scope);
        assertThat(NetAddress.parse(address).isPublic()).isEqualTo(scope == AddressScope.PUBLIC);
    }

    @ParameterizedTest
    @CsvSource({
        "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
        "6hzph5hv6337r6p2.onion",
        "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p",
    })
    void classifiesTorAndI2pAsOverlay(String host) {
        NetAddress address = NetAddress.parse(host);
        assertThat(address.scope()).isEqualTo(AddressScope.OVERLAY);
        assertThat(address.isPublic()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void classifiesCjdnsAsOverlayAndTheSameBytesAsIpv6AsPrivate() {
        NetAddress ipv6 = NetAddress.parse("fc00::1");
        assertThat(ipv6.scope()).isEqualTo(AddressScope.PRIVATE);
        assertThat(ipv6.toCjdns().scope()).isEqualTo(AddressScope.OVERLAY);
    }
}
