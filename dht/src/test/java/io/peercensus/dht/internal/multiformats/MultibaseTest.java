package io.peercensus.dht.internal.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.multiformats.MultiformatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MultibaseTest {
    private static final byte[] DATA = "Decentralize everything!!".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"BASE58BTC, zUXE7GvtEk8XTXs1GF8HSGbVA9FCX9SEBPe",
            "BASE32, birswgzloorzgc3djpjssazlwmvzhs5dinfxgoijb",
            "BASE36, k343ixo7d49hqj1ium15pgy1wzww5fxrid21td7l",
            "BASE64URL, uRGVjZW50cmFsaXplIGV2ZXJ5dGhpbmchIQ"})
    void encodesAndDecodesTheMultibaseSpecExample(Multibase.Base base, String text) {
        assertThat(Multibase.encode(base, DATA)).isEqualTo(text);
        assertThat(Multibase.decode(text)).isEqualTo(DATA);
    }

    @Test
    void rejectsUnsupportedPrefixesAndBadBodies() {
        assertThatThrownBy(() -> Multibase.decode("mRGVj"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multibase: unsupported prefix 'm'");
        assertThatThrownBy(() -> Multibase.decode(""))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multibase: empty text");
        assertThatThrownBy(() -> Multibase.decode("b1"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multibase: base32: 1 characters is not a valid length");
        assertThatThrownBy(() -> Multibase.decode("uRGVj=="))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multibase: base64url text must not be padded");
    }
}
