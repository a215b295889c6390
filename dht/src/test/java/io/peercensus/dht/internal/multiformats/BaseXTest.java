package io.peercensus.dht.internal.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.multiformats.MultiformatException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseXTest {

    @ParameterizedTest
    @CsvSource({"68656c6c6f20776f726c64, StV1DL6CwTryKyV", "0000287fb4cd, 11233QC4", "48656c6c6f20576f726c6421, 2NEpo7TZRRrLZSi2U",
            "00, 1", "000001, 112"})
    void base58btcMatchesKnownVectors(String hex, String text) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(BaseX.BASE58BTC.encode(bytes)).isEqualTo(text);
        assertThat(BaseX.BASE58BTC.decode(text)).isEqualTo(bytes);
    }

    @Test
    void emptyInputIsEmptyText() {
        assertThat(BaseX.BASE58BTC.encode(new byte[0])).isEmpty();
        assertThat(BaseX.BASE58BTC.decode("")).isEmpty();
    }

    @Test
    void roundTripsSeededRandomBytesInBothBases() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[random.nextInt(80)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) {
                data[0] = 0;
            }
            assertThat(BaseX.BASE58BTC.decode(BaseX.BASE58BTC.encode(data))).isEqualTo(data);
            assertThat(BaseX.BASE36.decode(BaseX.BASE36.encode(data))).isEqualTo(data);
        }
    }

    @Test
    void base36DecodesAGoMultiaddrPeerIdCid() {
        assertThat(HexFormat.of().formatHex(BaseX.BASE36.decode("2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7")))
                .isEqualTo("01721220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "O, 0", "I, 0", "l, 0", "abc0, 3"})
    void rejectsCharactersOutsideTheBitcoinAlphabet(String text, int index) {
        assertThatThrownBy(() -> BaseX.BASE58BTC.decode(text))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("base58: invalid character '" + text.charAt(index) + "' at index " + index);
    }

    @Test
    void rejectsOverLongTextBeforeDecoding() {
        String text = "2".repeat(BaseX.MAX_CHARS + 1);
        assertThatThrownBy(() -> BaseX.BASE58BTC.decode(text))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("base58: 1401 characters exceeds the limit of 1400");
    }

    @Test
    void base58DecodesUtf8TextOfTheIetfDraftVector() {
        assertThat(new String(BaseX.BASE58BTC.decode("2NEpo7TZRRrLZSi2U"), StandardCharsets.US_ASCII)).isEqualTo("Hello World!");
    }
}
