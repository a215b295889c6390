package io.peercensus.address;

import io.peercensus.internal.address.IpLiteral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tor onion names. Vectors: Tor rend-spec v3, section "Encoding onion addresses [ONIONADDRESS]"
 * (https://spec.torproject.org/rend-spec/encoding-onion-addresses.html) and Tor's own test of it
 * (src/test/test_hs_common.c, key from RFC 8032 section 7.1 test 1); Bitcoin Core's BIP155 tests
 * (src/test/net_tests.cpp) for the keys behind names and the Tor v2 / OnionCat form.
 */
class OnionAddressTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        // Tor test_hs_common.c test_build_address: the RFC 8032 test 1 ed25519 public key
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, 25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion",
        // Bitcoin Core net_tests.cpp (BIP155 addrv2 TORV3 vectors); the first is also a rend-spec example
        "79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f, pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
        "53cd5648488c4707914182655b7664034e09e66f7e8cbf1084e654eb56c5bd88, kpgvmscirrdqpekbqjsvw5teanhatztpp2gl6eee4zkowvwfxwenqaid.onion",
    })
    void encodesAndDecodesTheV3SpecVectors(String publicKeyHex, String name) {
        byte[] key = HEX.parseHex(publicKeyHex);
        assertThat(OnionAddress.v3Name(key)).isEqualTo(name);
        assertThat(OnionAddress.v3PublicKey(name)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({
        // the three example addresses of rend-spec v3 [ONIONADDRESS]
        "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
        "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion",
        "xa4r2iadxm55fbnqgwwi5mymqdcofiu3w6rpbtqn7b2dyn7mgwj64jyd.onion",
    })
    void acceptsTheRendSpecExampleAddressesAndWritesThemBackUnchanged(String name) {
        assertThat(OnionAddress.v3Name(OnionAddress.v3PublicKey(name))).isEqualTo(name);
    }

    @Test
    void acceptsUpperCaseNames() {
        String upper = "PG6MMJIYJMCRSSLVYKFWNNTLARU7P5SVN6Y2YMMJU6NUBXNDF4PSCRYD.ONION";
        assertThat(OnionAddress.v3PublicKey(upper))
                .isEqualTo(HEX.parseHex("79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f"));
    }

    @Test
    void roundTripsRandomV3Keys() {
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            String name = OnionAddress.v3Name(key);
            assertThat(name).hasSize(62).endsWith(".onion").matches("[a-z2-7]{56}\\.onion");
            assertThat(OnionAddress.v3PublicKey(name)).isEqualTo(key);
        }
    }

    @Test
    void rejectsBadChecksum() {
        // the first rend-spec example with one checksum character changed ('s' -> 't' at index 51)
        String name = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4ptcryd.onion";
        assertThatThrownBy(() -> OnionAddress.v3PublicKey(name))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v3 onion name '" + name + "': bad checksum");
    }

    @Test
    void rejectsAKeyCharacterChangedAsBadChecksum() {
        String name = "ag6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        assertThatThrownBy(() -> OnionAddress.v3PublicKey(name))
                .hasMessage("Tor v3 onion name '" + name + "': bad checksum");
    }

    @Test
    void rejectsUnsupportedVersion() {
        // the key of the first rend-spec example with version byte 4 and the checksum a version-4 name
        // would carry (SHA3-256 computed with Python's hashlib), so only the version is wrong
        String name = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pwaqae.onion";
        assertThatThrownBy(() -> OnionAddress.v3PublicKey(name))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v3 onion name '" + name + "': unsupported version 4");
    }

    @Test
    void rejectsBadLength() {
        assertThatThrownBy(() -> OnionAddress.v3PublicKey("abc.onion"))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v3 onion name 'abc.onion': expected 56 base32 characters before .onion, got 3");
        assertThatThrownBy(() -> OnionAddress.v3PublicKey("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd"))
                .hasMessage("Tor v3 onion name 'pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd': must end in .onion");
        assertThatThrownBy(() -> OnionAddress.v3Name(new byte[31]))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v3 public key must be 32 bytes, got 31");
    }

    @Test
    void rejectsBadBase32() {
        String name = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscry1.onion";
        assertThatThrownBy(() -> OnionAddress.v3PublicKey(name))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v3 onion name '" + name + "': base32: invalid character '1' at index 55");
    }

    @Test
    void escapesControlCharactersInMessages() {
        String name = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscry\n.onion";
        assertThatThrownBy(() -> OnionAddress.v3PublicKey(name))
                .hasMessage("Tor v3 onion name 'pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscry\\u000a.onion': "
                        + "base32: invalid character '\\u000a' at index 55");
    }

    @Test
    void encodesTheBip155TorV2VectorAndItsOnionCatForm() {
        // Bitcoin Core net_tests.cpp: addrv2 TORV2 "f1f2f3f4f5f6f7f8f9fa" is 6hzph5hv6337r6p2.onion
        byte[] id = HEX.parseHex("f1f2f3f4f5f6f7f8f9fa");
        assertThat(OnionAddress.v2Name(id)).isEqualTo("6hzph5hv6337r6p2.onion");
        assertThat(OnionAddress.v2Bytes("6hzph5hv6337r6p2.onion")).isEqualTo(id);
        byte[] onionCat = OnionAddress.toOnionCat(id);
        assertThat(HEX.formatHex(onionCat)).isEqualTo("fd87d87eeb43f1f2f3f4f5f6f7f8f9fa");
        assertThat(OnionAddress.fromOnionCat(onionCat)).isEqualTo(id);
    }

    @Test
    void roundTripsRandomV2IdsThroughNameAndOnionCat() {
        Random random = new Random(2);
        for (int i = 0; i < 500; i++) {
            byte[] id = new byte[10];
            random.nextBytes(id);
            assertThat(OnionAddress.v2Bytes(OnionAddress.v2Name(id))).isEqualTo(id);
            byte[] onionCat = OnionAddress.toOnionCat(id);
            assertThat(OnionAddress.isOnionCat(onionCat)).isTrue();
            assertThat(OnionAddress.fromOnionCat(onionCat)).isEqualTo(id);
        }
    }

    @Test
    void rejectsBadV2AndOnionCatInput() {
        assertThatThrownBy(() -> OnionAddress.v2Bytes("6hzph5hv6337r6p.onion"))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("Tor v2 onion name '6hzph5hv6337r6p.onion': expected 16 base32 characters before .onion, got 15");
        assertThatThrownBy(() -> OnionAddress.v2Name(new byte[11]))
                .hasMessage("Tor v2 address must be 10 bytes, got 11");
        assertThatThrownBy(() -> OnionAddress.toOnionCat(new byte[9]))
                .hasMessage("Tor v2 address must be 10 bytes, got 9");
        assertThatThrownBy(() -> OnionAddress.fromOnionCat(new byte[15]))
                .hasMessage("OnionCat address must be 16 bytes, got 15");
        assertThatThrownBy(() -> OnionAddress.fromOnionCat(IpLiteral.parseIpv6("fd87:d87e:eb44::1")))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("OnionCat address must be in fd87:d87e:eb43::/48, got fd87:d87e:eb44::1");
    }
}
