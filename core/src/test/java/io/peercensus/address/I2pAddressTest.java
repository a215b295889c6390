package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * I2P {@code .b32.i2p} names, BIP155 appendix C. The vector is Bitcoin Core's BIP155 test
 * (src/test/net_tests.cpp, addrv2 I2P).
 */
class I2pAddressTest {
    private static final String NAME = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";
    private static final byte[] HASH =
            HexFormat.of().parseHex("a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87");

    @Test
    void encodesAndDecodesTheBip155Vector() {
        assertThat(I2pAddress.b32Name(HASH)).isEqualTo(NAME);
        assertThat(I2pAddress.hash(NAME)).isEqualTo(HASH);
        assertThat(I2pAddress.hash(NAME.toUpperCase(java.util.Locale.ROOT))).isEqualTo(HASH);
    }

    @Test
    void roundTripsRandomHashes() {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            String name = I2pAddress.b32Name(hash);
            assertThat(name).matches("[a-z2-7]{52}\\.b32\\.i2p");
            assertThat(I2pAddress.hash(name)).isEqualTo(hash);
        }
    }

    @Test
    void rejectsBadLengths() {
        String b33 = "a".repeat(56) + ".b32.i2p";
        assertThatThrownBy(() -> I2pAddress.hash(b33))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("I2P name '" + b33 + "': expected 52 base32 characters before .b32.i2p, got 56");
        assertThatThrownBy(() -> I2pAddress.hash("ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.i2p"))
                .hasMessage("I2P name 'ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.i2p': must end in .b32.i2p");
        assertThatThrownBy(() -> I2pAddress.b32Name(new byte[33]))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("I2P hash must be 32 bytes, got 33");
    }

    @Test
    void rejectsBadBase32() {
        String badChar = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkd0.b32.i2p";
        assertThatThrownBy(() -> I2pAddress.hash(badChar))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("I2P name '" + badChar + "': base32: invalid character '0' at index 51");
        // 52 characters carry 260 bits: the last character's low 4 bits must be zero ('q' is 16, 'r' is 17)
        String trailingBits = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdr.b32.i2p";
        assertThatThrownBy(() -> I2pAddress.hash(trailingBits))
                .hasMessage("I2P name '" + trailingBits + "': base32: non-zero trailing bits");
    }
}
