package io.peercensus.address;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scope of IP addresses, from one table of special-purpose blocks taken from the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs that updated them), plus the IPv4
 * multicast block and the IPv6 space outside 2000::/3 (the IANA IPv6 Address Space registry marks it
 * "Reserved by IETF", save the blocks listed here). The most specific block containing an address
 * decides; an address in no block is {@link AddressScope#PUBLIC}.
 *
 * <p>Decisions where the registry leaves room, recorded here once:
 * <ul>
 *   <li>0.0.0.0/32 is {@code UNSPECIFIED}; the rest of 0.0.0.0/8 ("this network") is {@code RESERVED}.
 *   <li>Inside 192.0.0.0/24 and 2001::/23, the sub-blocks the registry marks globally reachable
 *       (anycast services, AMT, AS112) are {@code PUBLIC}.
 *   <li>Teredo 2001::/32 (registry: "N/A") is {@code PUBLIC}: it tunnels to real hosts, and Bitcoin Core
 *       also treats it as routable.
 *   <li>ORCHIDv2 2001:20::/28 and drone DETs 2001:30::/28 are marked globally reachable, but they are
 *       cryptographic host identifiers, not locators (RFC 7343 section 2, RFC 9374): nothing is dialed
 *       there, so they are {@code RESERVED} (Bitcoin Core agrees for ORCHIDv2).
 *   <li>192.88.99.0/24, the 6to4 relay anycast prefix, is deprecated (RFC 7526): {@code RESERVED}.
 *   <li>6to4 2002::/16 and NAT64 64:ff9b::/96 take the scope of the IPv4 address they embed.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class SpecialPurposeRegistry {

    /**
     * One row: a block and either its scope or, for translation prefixes, where the embedded IPv4
     * address starts ({@code -1} when it embeds none).
     */
    record Block(Cidr cidr, AddressScope scope, int embeddedIpv4At, String name) {
        boolean embedsIpv4() {
            return embeddedIpv4At >= 0;
        }
    }

    private static final List<Block> BLOCKS = Stream.of(
            // IPv4 Special-Purpose Address Registry
            block("0.0.0.0/8", AddressScope.RESERVED, "\"This network\" (RFC 791)"),
            block("0.0.0.0/32", AddressScope.UNSPECIFIED, "\"This host on this network\" (RFC 1122)"),
            block("10.0.0.0/8", AddressScope.PRIVATE, "Private-Use (RFC 1918)"),
            block("100.64.0.0/10", AddressScope.SHARED, "Shared Address Space (RFC 6598)"),
            block("127.0.0.0/8", AddressScope.LOOPBACK, "Loopback (RFC 1122)"),
            block("169.254.0.0/16", AddressScope.LINK_LOCAL, "Link Local (RFC 3927)"),
            block("172.16.0.0/12", AddressScope.PRIVATE, "Private-Use (RFC 1918)"),
            block("192.0.0.0/24", AddressScope.RESERVED, "IETF Protocol Assignments (RFC 6890)"),
            block("192.0.0.9/32", AddressScope.PUBLIC, "Port Control Protocol Anycast (RFC 7723)"),
            block("192.0.0.10/32", AddressScope.PUBLIC, "Traversal Using Relays around NAT Anycast (RFC 8155)"),
            block("192.0.2.0/24", AddressScope.DOCUMENTATION, "Documentation TEST-NET-1 (RFC 5737)"),
            block("192.88.99.0/24", AddressScope.RESERVED, "Deprecated 6to4 Relay Anycast (RFC 7526)"),
            block("192.168.0.0/16", AddressScope.PRIVATE, "Private-Use (RFC 1918)"),
            block("198.18.0.0/15", AddressScope.RESERVED, "Benchmarking (RFC 2544)"),
            block("198.51.100.0/24", AddressScope.DOCUMENTATION, "Documentation TEST-NET-2 (RFC 5737)"),
            block("203.0.113.0/24", AddressScope.DOCUMENTATION, "Documentation TEST-NET-3 (RFC 5737)"),
            block("224.0.0.0/4", AddressScope.MULTICAST, "Multicast (RFC 5771)"),
            block("240.0.0.0/4", AddressScope.RESERVED, "Reserved (RFC 1112)"),
            block("255.255.255.255/32", AddressScope.RESERVED, "Limited Broadcast (RFC 8190)"),
            // IPv6 Address Space: everything outside 2000::/3 is reserved unless listed below
            block("::/3", AddressScope.RESERVED, "Reserved by IETF (RFC 4291)"),
            block("4000::/2", AddressScope.RESERVED, "Reserved by IETF (RFC 4291)"),
            block("8000::/1", AddressScope.RESERVED, "Reserved by IETF (RFC 4291)"),
            // IPv6 Special-Purpose Address Registry
            block("::/128", AddressScope.UNSPECIFIED, "Unspecified Address (RFC 4291)"),
            block("::1/128", AddressScope.LOOPBACK, "Loopback Address (RFC 4291)"),
            embedsIpv4("64:ff9b::/96", 12, "IPv4-IPv6 Translation (RFC 6052)"),
            block("64:ff9b:1::/48", AddressScope.RESERVED, "IPv4-IPv6 Translation, local use (RFC 8215)"),
            block("100::/64", AddressScope.RESERVED, "Discard-Only Address Block (RFC 6666)"),
            block("100:0:0:1::/64", AddressScope.RESERVED, "Dummy IPv6 Prefix (RFC 9780)"),
            block("2001::/23", AddressScope.RESERVED, "IETF Protocol Assignments (RFC 2928)"),
            block("2001::/32", AddressScope.PUBLIC, "TEREDO (RFC 4380)"),
            block("2001:1::1/128", AddressScope.PUBLIC, "Port Control Protocol Anycast (RFC 7723)"),
            block("2001:1::2/128", AddressScope.PUBLIC, "Traversal Using Relays around NAT Anycast (RFC 8155)"),
            block("2001:1::3/128", AddressScope.PUBLIC, "DNS-SD Service Registration Protocol Anycast (RFC 9665)"),
            block("2001:2::/48", AddressScope.RESERVED, "Benchmarking (RFC 5180)"),
            block("2001:3::/32", AddressScope.PUBLIC, "Automatic Multicast Tunneling (RFC 7450)"),
            block("2001:4:112::/48", AddressScope.PUBLIC, "AS112-v6 (RFC 7535)"),
            block("2001:10::/28", AddressScope.RESERVED, "Deprecated ORCHID (RFC 4843)"),
            block("2001:20::/28", AddressScope.RESERVED, "ORCHIDv2 (RFC 7343)"),
            block("2001:30::/28", AddressScope.RESERVED, "Drone Remote ID Protocol Entity Tags (RFC 9374)"),
            block("2001:db8::/32", AddressScope.DOCUMENTATION, "Documentation (RFC 3849)"),
            embedsIpv4("2002::/16", 2, "6to4 (RFC 3056)"),
            block("3fff::/20", AddressScope.DOCUMENTATION, "Documentation (RFC 9637)"),
            block("5f00::/16", AddressScope.RESERVED, "Segment Routing (SRv6) SIDs (RFC 9602)"),
            block("fc00::/7", AddressScope.PRIVATE, "Unique-Local (RFC 4193)"),
            block("fe80::/10", AddressScope.LINK_LOCAL, "Link-Local Unicast (RFC 4291)"),
            block("fec0::/10", AddressScope.RESERVED, "Deprecated Site-Local (RFC 3879)"),
            block("ff00::/8", AddressScope.MULTICAST, "Multicast (RFC 4291)"))
            .sorted(Comparator.comparingInt((Block b) -> b.cidr().prefixLength()).reversed())
            .toList();

    private SpecialPurposeRegistry() {
    }

    private static Block block(String cidr, AddressScope scope, String name) {
        return new Block(Cidr.parse(cidr), scope, -1, name);
    }

    private static Block embedsIpv4(String cidr, int offset, String name) {
        return new Block(Cidr.parse(cidr), null, offset, name);
    }

    /** Every block of the table, most specific first. */
    static List<Block> blocks() {
        return BLOCKS;
    }

    /** The scope of an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
    static AddressScope scopeOf(byte[] address) {
        for (Block block : BLOCKS) {
            if (block.cidr().contains(address)) {
                if (block.embedsIpv4()) {
                    byte[] ipv4 = new byte[4];
                    System.arraycopy(address, block.embeddedIpv4At(), ipv4, 0, 4);
                    return scopeOf(ipv4);
                }
                return block.scope();
            }
        }
        return AddressScope.PUBLIC;
    }
}
