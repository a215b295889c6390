package io.peercensus.dht.internal.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.multiformats.MultiformatException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnsignedVarintTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest
    @CsvSource({"1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001", "0, 00",
            "9223372036854775807, ffffffffffffffff7f"})
    void encodesAndDecodesSpecVectors(long value, String encoded) {
        assertThat(UnsignedVarint.encode(value)).isEqualTo(hex(encoded));
        assertThat(UnsignedVarint.size(value)).isEqualTo(encoded.length() / 2);
        ByteBuffer in = ByteBuffer.wrap(hex(encoded + "aa"));
        assertThat(UnsignedVarint.read(in)).isEqualTo(value);
        assertThat(in.remaining()).isEqualTo(1);
    }

    @Test
    void roundTripsSeededRandomValues() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >>> (1 + random.nextInt(63));
            assertThat(UnsignedVarint.read(ByteBuffer.wrap(UnsignedVarint.encode(value)))).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @CsvSource({"8000", "ff00", "818000", "ffffffffffffffff00"})
    void rejectsNonMinimalEncodings(String encoded) {
        assertThatThrownBy(() -> UnsignedVarint.read(ByteBuffer.wrap(hex(encoded))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: not minimally encoded");
    }

    @Test
    void rejectsEncodingsLongerThanNineBytes() {
        assertThatThrownBy(() -> UnsignedVarint.read(ByteBuffer.wrap(hex("ffffffffffffffffff01"))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: longer than 9 bytes");
    }

    @Test
    void rejectsTruncatedInput() {
        assertThatThrownBy(() -> UnsignedVarint.read(ByteBuffer.wrap(new byte[0])))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: truncated after 0 bytes");
        assertThatThrownBy(() -> UnsignedVarint.read(ByteBuffer.wrap(hex("80"))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: truncated after 1 byte");
    }

    @Test
    void readIntEnforcesTheCallersCap() {
        assertThatThrownBy(() -> UnsignedVarint.readInt(ByteBuffer.wrap(hex("808001")), 1024, "frame length"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("frame length 16384 exceeds the limit of 1024");
    }

    @Test
    void refusesToEncodeValuesOverSixtyThreeBits() {
        assertThatThrownBy(() -> UnsignedVarint.encode(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("varint: 18446744073709551615 needs more than 9 bytes");
    }

    @Test
    void readsFromStreamsAndReportsEarlyEnd() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(hex("ac02808001"));
        assertThat(UnsignedVarint.read(in)).isEqualTo(300);
        assertThat(UnsignedVarint.read(in)).isEqualTo(16384);
        assertThatThrownBy(() -> UnsignedVarint.read(new ByteArrayInputStream(hex("ff"))))
                .isInstanceOf(EOFException.class)
                .hasMessage("varint: stream ended after 1 byte");
        assertThatThrownBy(() -> UnsignedVarint.read(new ByteArrayInputStream(hex("8000"))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: not minimally encoded");
    }
}
