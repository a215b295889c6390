package io.peercensus.dht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the multiaddr spec and go-multiaddr's tests, plus our unknown-code and cap rules. */
class MultiaddrTest {
    private static final String GARLIC64 = "jT~IyXaoauTni6N4517EG8mrFUKpy0IlgZh-EY9csMAk82Odatmzr~YTZy8Hv7u~wvkg75EFNOyqb~nAPg-khyp2TS~ObUz8WlqYAM2VlEzJ7wJB91P-cUlKF18zSzVoJFmsrcQHZCirSbWoOknS6iNmsGRh5KVZsBEfp1Dg3gwTipTRIx7Vl5Vy~1OSKQVjYiGZS9q8RL0MF~7xFiKxZDLbPxk0AK9TzGGqm~wMTI2HS0Gm4Ycy8LYPVmLvGonIBYndg2bJC7WLuF6tVjVquiokSVDKFwq70BCUU5AU-EvdOD5KEOAM7mPfw-gJUG4tm1TtvcobrObqoRnmhXPTBTN5H7qDD12AvlwFGnfAlBXjuP4xOUAISL5SRLiulrsMSiT4GcugSI80mF6sdB0zWRgL1yyvoVWeTBn1TqjO27alr95DGTluuSqrNAxgpQzCKEWAyzrQkBfo2avGAmmz2NaHaAvYbOg0QSJz1PLjv2jdPW~ofiQmrGWM1cd~1cCqAAAA";
    private static final String GARLIC64_HEX = "be0383038d3fc8c976a86ae4e78ba378e75ec41bc9ab1542a9cb422581987e118f5cb0c024f3639d6ad9b3aff613672f07bfbbbfc2f920ef910534ecaa6ff9c03e0fa4872a764d2fce6d4cfc5a5a9800cd95944cc9ef0241f753fe71494a175f334b35682459acadc4076428ab49b5a83a49d2ea2366b06461e4a559b0111fa750e0de0c138a94d1231ed5979572ff53922905636221994bdabc44bd0c17fef11622b16432db3f193400af53cc61aa9bfc0c4c8d874b41a6e18732f0b60f5662ef1a89c80589dd8366c90bb58bb85ead56356aba2a244950ca170abbd01094539014f84bdd383e4a10e00cee63dfc3e809506e2d9b54edbdca1bace6eaa119e68573d30533791fba830f5d80be5c051a77c09415e3b8fe3139400848be5244b8ae96bb0c4a24f819cba0488f34985eac741d3359180bd72cafa1559e4c19f54ea8cedbb6a5afde4319396eb92aab340c60a50cc2284580cb3ad09017e8d9abc60269b3d8d687680bd86ce834412273d4f2e3bf68dd3d6fe87e2426ac658cd5c77fd5c0aa000000";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
        "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
        "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
        "/onion/aaimaq4ygg2iegci:80, bc030010c0439831b48218480050",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234, "
            + "bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e30304d2",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq, bf0320efbcd45d0c5dc79781ac6f20ea5055a036afb48d45a52e7d68ec7d4338919e69",
        "/ip6zone/eth0/ip6/::1, 2a04657468302900000000000000000000000000000001",
        "/dns4/example.com/tcp/443/wss, 360b6578616d706c652e636f6d0601bbde03",
        "/ip4/1.2.3.4/udp/4001/quic-v1, 040102030491020fa1cd03"})
    void convertsBetweenTextAndSpecBytes(String text, String bytes) {
        Multiaddr fromText = Multiaddr.parse(text);
        assertThat(HexFormat.of().formatHex(fromText.toBytes())).isEqualTo(bytes);
        Multiaddr fromBytes = Multiaddr.read(hex(bytes));
        assertThat(fromBytes).hasToString(text).isEqualTo(fromText);
    }

    @Test
    void convertsGarlic64BothWays() {
        Multiaddr multiaddr = Multiaddr.parse("/garlic64/" + GARLIC64);
        assertThat(HexFormat.of().formatHex(multiaddr.toBytes())).isEqualTo(GARLIC64_HEX);
        assertThat(Multiaddr.read(hex(GARLIC64_HEX))).hasToString("/garlic64/" + GARLIC64);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/1.2.3.4", "/ip4/0.0.0.0", "/ip4/192.0.2.0/ipcidr/24", "/ip6/::1", "/ip6/2001:db8::/ipcidr/32",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic", "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1",
        "/ip6zone/x/ip6/fe80::1", "/ip6zone/x%y/ip6/fe80::1", "/ip6/::ffff:127.0.0.1/tcp/111", "/ip4/127.0.0.1/udp/123/ip6/::",
        "/onion/timaq4ygg2iegci7:1234", "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80/http",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuqzwas",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq/tcp/8080",
        "/udp/0", "/tcp/65535", "/sctp/1234", "/dccp/1", "/udp/1234/udt", "/udp/1234/utp", "/tcp/1234/tls/http", "/tcp/1234/https",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
        "/ip4/127.0.0.1/tcp/127/tls/ws", "/ip4/127.0.0.1/tcp/127/noise", "/ip4/127.0.0.1/tcp/127/wss",
        "/ip4/127.0.0.1/udp/127/webrtc-direct", "/ip4/127.0.0.1/tcp/127/webrtc",
        "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
        "/dns6/example.com/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq/p2p-circuit/p2p/"
            + "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY",
        "/dns/bücher.example/tcp/1"})
    void roundTripsCanonicalTextThroughBytes(String text) {
        Multiaddr multiaddr = Multiaddr.parse(text);
        assertThat(multiaddr).hasToString(text);
        assertThat(Multiaddr.read(multiaddr.toBytes())).isEqualTo(multiaddr).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource({
        "/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC, /p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs, /p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
        "/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm, /p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
        "/ip6/2001:DB8:0:0:0:0:0:1, /ip6/2001:db8::1",
        "/certhash/zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41, /certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
        "/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy, /certhash/u1QEQOFj2IjCsPJFfMAxmQxLGPw",
        "/tcp/0080, /tcp/80"})
    void normalisesEquivalentText(String text, String canonical) {
        assertThat(Multiaddr.parse(text)).hasToString(canonical).isEqualTo(Multiaddr.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/ip4| multiaddr: ip4 needs a value",
        "/ip4/::1| multiaddr: ip4: IPv4 address '::1': part 1 is not a decimal number",
        "/ip6/1::2::3| multiaddr: ip6: IPv6 address '1::2::3': more than one '::'",
        "/ip4/1.2.3.4/ipcidr/256| multiaddr: ipcidr: value must be a number 0..255, got '256'",
        "/tcp/65536| multiaddr: tcp: value must be a number 0..65535, got '65536'",
        "/tcp/-1| multiaddr: tcp: value must be a number 0..65535, got '-1'",
        "/udp/1234/udt/1234| multiaddr: unknown protocol '1234'",
        "/ip4/127.0.0.1/quic/1234| multiaddr: unknown protocol '1234'",
        "/ip4/127.0.0.1/p2p| multiaddr: p2p needs a value",
        "/ip4/127.0.0.1/p2p/tcp| multiaddr: p2p: multibase: unsupported prefix 't'",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:0| multiaddr: onion3: port must be 1..65535, got 0",
        "/onion3/9ww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80| multiaddr: onion3: base32: invalid character '9' at index 0",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd| "
            + "multiaddr: onion3: value must be 56 base32 characters, ':' and a port, got 'vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd'",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzu| multiaddr: garlic32: base32: 51 characters is not a valid length",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuqa| multiaddr: garlic32: value must be 32 or at least 35 bytes, got 33",
        "/dns4//tcp/1| multiaddr: dns4: value must not be empty",
        "/| multiaddr: empty",
        "ip4/1.2.3.4| multiaddr: text must start with '/', got 'ip4/1.2.3.4'",
        "/ip4/1.2.3.4//tcp/1| multiaddr: empty protocol name in '/ip4/1.2.3.4//tcp/1'",
        "/p2p/bafybeibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe| multiaddr: p2p: peer ID: CID codec 0x70 is not libp2p-key (0x72)",
        "/unknown-6/00| multiaddr: unknown-6 names the known protocol tcp",
        "/unknown-99999/00/tcp/1| multiaddr: unknown protocol code 99999 must be the last component",
        "/unknown-x/00| multiaddr: unknown protocol 'unknown-x'",
        "/unknown-99999/zz| multiaddr: unknown-99999 value must be hex, got 'zz'"})
    void rejectsMalformedTextWithExactMessages(String text, String message) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(MultiformatException.class).hasMessage(message);
    }

    @Test
    void rejectsEmptyTextAndOverLongText() {
        assertThatThrownBy(() -> Multiaddr.parse("")).isInstanceOf(MultiformatException.class)
                .hasMessage("multiaddr: text must start with '/', got ''");
        assertThatThrownBy(() -> Multiaddr.parse("/dns/" + "a".repeat(9000))).isInstanceOf(MultiformatException.class)
                .hasMessage("multiaddr: text of 9005 characters exceeds the limit of 8192");
        assertThatThrownBy(() -> Multiaddr.parse("/dns/" + "a".repeat(256))).isInstanceOf(MultiformatException.class)
                .hasMessage("multiaddr: dns: value of 256 bytes exceeds the limit of 255");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "047f00| multiaddr: ip4 value needs 4 bytes, 2 remain",
        "3505616263| multiaddr: dns value length 5 exceeds the 3 remaining bytes",
        "35ffffffff0f| multiaddr: dns value length 4294967295 exceeds the limit of 1024",
        "3503612f62| multiaddr: dns: value must not contain '/', got 'a/b'",
        "3502c328| multiaddr: dns: value is not valid UTF-8",
        "3500| multiaddr: dns: value must not be empty",
        "8600| varint: not minimally encoded",
        "0601| multiaddr: tcp value needs 2 bytes, 1 remain",
        "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6| "
            + "multiaddr: p2p: multihash: digest length 33 exceeds the 32 remaining bytes",
        "bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e3030000| multiaddr: onion3: port must be 1..65535, got 0"})
    void rejectsMalformedBytesWithExactMessages(String bytes, String message) {
        assertThatThrownBy(() -> Multiaddr.read(hex(bytes))).isInstanceOf(MultiformatException.class).hasMessage(message);
    }

    @Test
    void rejectsEmptyAndOversizedBytesBeforeParsing() {
        assertThatThrownBy(() -> Multiaddr.read(new byte[0])).isInstanceOf(MultiformatException.class).hasMessage("multiaddr: empty");
        assertThatThrownBy(() -> Multiaddr.read(new byte[1025])).isInstanceOf(MultiformatException.class)
                .hasMessage("multiaddr: 1025 bytes exceeds the limit of 1024");
    }

    /** Fuzzing found 995 bytes of ipcidr components whose text, 4,874 characters, was refused by the text cap. */
    @Test
    void theTextOfEveryMultiaddrUpToTheByteCapParsesBack() {
        String ipcidrs = "/ip4/1.2.2.45" + "/ipcidr/255".repeat(495);
        Multiaddr longIpcidr = Multiaddr.parse(ipcidrs);
        assertThat(longIpcidr.toBytes()).hasSize(5 + 495 * 2);
        assertThat(Multiaddr.read(longIpcidr.toBytes()).toString()).hasSize(5458).isEqualTo(ipcidrs);
        byte[] webrtcDirects = new byte[Multiaddr.MAX_BYTES - 1];
        for (int i = 0; i < webrtcDirects.length - 1; i += 2) {
            webrtcDirects[i] = (byte) 0x98; // 0x0118, /webrtc-direct: the most text a byte
            webrtcDirects[i + 1] = 0x02;
        }
        webrtcDirects[webrtcDirects.length - 1] = 0x01; // and an unknown code 1 at the end
        Multiaddr longest = Multiaddr.read(webrtcDirects);
        assertThat(longest.toString()).hasSize(511 * 14 + 10).endsWith("/webrtc-direct/unknown-1");
        assertThat(Multiaddr.parse(longest.toString())).isEqualTo(longest);
    }

    @Test
    void keepsAnUnknownCodeWithTheRestOfTheBytesAndWritesItBack() {
        byte[] bytes = hex("047f000001" + "c27e" + "deadbeef");
        Multiaddr multiaddr = Multiaddr.read(bytes);
        assertThat(multiaddr.components()).hasSize(2);
        Multiaddr.Component unknown = multiaddr.components().get(1);
        assertThat(unknown.code()).isEqualTo(0x3f42);
        assertThat(unknown.protocol()).isEmpty();
        assertThat(unknown.value()).isEqualTo(hex("deadbeef"));
        assertThat(multiaddr.toBytes()).isEqualTo(bytes);
        assertThat(multiaddr).hasToString("/ip4/127.0.0.1/unknown-16194/deadbeef");
        assertThat(Multiaddr.parse(multiaddr.toString())).isEqualTo(multiaddr);
        assertThat(Multiaddr.read(hex("047f000001c27e"))).hasToString("/ip4/127.0.0.1/unknown-16194");
    }

    @Test
    void exposesTheFirstIpPortAndPeerId() throws Exception {
        Multiaddr multiaddr = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        assertThat(multiaddr.ip()).contains(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}));
        assertThat(multiaddr.tcpPort()).hasValue(4001);
        assertThat(multiaddr.udpPort()).isEmpty();
        assertThat(multiaddr.peerId()).contains(PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq"));
        Multiaddr quic = Multiaddr.parse("/ip6/2001:db8::1/udp/443/quic-v1");
        assertThat(quic.ip().orElseThrow().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(quic.udpPort()).hasValue(443);
        assertThat(Multiaddr.parse("/dns4/example.com/tcp/1").ip()).isEmpty();
    }

    @Test
    void encapsulatesAndBuildsFromComponents() {
        Multiaddr base = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        Multiaddr full = base.encapsulate(Multiaddr.parse("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"));
        assertThat(full).hasToString("/ip4/127.0.0.1/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
        assertThat(Multiaddr.of(List.of(Multiaddr.Component.of(MultiaddrProtocol.IP4, "127.0.0.1"),
                Multiaddr.Component.of(MultiaddrProtocol.TCP, "4001")))).isEqualTo(base);
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.TCP.code(), new byte[3]))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multiaddr: tcp: value must be 2 bytes, got 3");
    }

    @Test
    void survivesSeededRandomAndMutatedBytesWithOnlyItsOwnException() {
        Random random = new Random(1234);
        byte[][] seeds = {
            Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq").toBytes(),
            Multiaddr.parse("/dns4/example.com/udp/443/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g").toBytes(),
            Multiaddr.parse("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80/http").toBytes()};
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(48)];
                random.nextBytes(input);
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                input = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                if (input.length > 0) {
                    input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            Multiaddr multiaddr;
            try {
                multiaddr = Multiaddr.read(input);
            } catch (MultiformatException expected) {
                continue;
            }
            parsed++;
            assertThat(multiaddr.toBytes()).isEqualTo(input);
            assertThat(Multiaddr.parse(multiaddr.toString())).isEqualTo(multiaddr);
        }
        assertThat(parsed).isGreaterThan(100);
    }
}
