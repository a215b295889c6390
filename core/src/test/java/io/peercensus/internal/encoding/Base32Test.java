package io.peercensus.internal.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
        // RFC 4648 section 10 test vectors, lower case and without padding
        "'',     ''",
        "f,      my",
        "fo,     mzxq",
        "foo,    mzxw6",
        "foob,   mzxw6yq",
        "fooba,  mzxw6ytb",
        "foobar, mzxw6ytboi",
    })
    void encodesAndDecodesTheRfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
        assertThat(Base32.decode(encoded.toUpperCase(java.util.Locale.ROOT))).isEqualTo(bytes);
    }

    @Test
    void roundTripsRandomBytesOfEveryLength() {
        Random random = new Random(4648);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base32.encode(bytes);
            assertThat(text).hasSize((length * 8 + 4) / 5).matches("[a-z2-7]*");
            assertThat(Base32.decode(text)).isEqualTo(bytes);
        }
    }

    @Test
    void rejectsInvalidCharactersLengthsAndTrailingBits() {
        assertThatThrownBy(() -> Base32.decode("mzxw1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base32: invalid character '1' at index 4");
        assertThatThrownBy(() -> Base32.decode("mzx"))
                .hasMessage("base32: 3 characters is not a valid length");
        assertThatThrownBy(() -> Base32.decode("mzxw6===")).hasMessage("base32: invalid character '=' at index 5");
        assertThatThrownBy(() -> Base32.decode("mz")).hasMessage("base32: non-zero trailing bits");
        assertThatThrownBy(() -> Base32.decode("m\u00e9")).hasMessage("base32: invalid character '\u00e9' at index 1");
    }
}
