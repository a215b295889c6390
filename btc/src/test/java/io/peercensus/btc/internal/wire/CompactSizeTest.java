package io.peercensus.btc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompactSizeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static long read(String hex) throws BitcoinWireException {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(hex));
        long v = new WireReader(in, "test").compactSize("n");
        assertThat(in.hasRemaining()).as("consumed every byte").isFalse();
        return v;
    }

    private static String write(long v) {
        ByteBuffer out = ByteBuffer.allocate(CompactSize.size(v));
        new WireWriter(out).compactSize(v);
        assertThat(out.hasRemaining()).as("size() matches what write() wrote").isFalse();
        return HEX.formatHex(out.array());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "252, fc",
        "253, fdfd00",
        "65535, fdffff",
        "65536, fe00000100",
        "4294967295, feffffffff",
        "4294967296, ff0000000001000000",
        "-1, ffffffffffffffffff",
    })
    void encodesEachBoundaryCanonicallyAndReadsItBack(long value, String hex) throws Exception {
        assertThat(write(value)).isEqualTo(hex);
        assertThat(read(hex)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource({
        "fd0000, 'test: non-canonical CompactSize for n: 0 encoded with prefix 0xfd'",
        "fdfc00, 'test: non-canonical CompactSize for n: 252 encoded with prefix 0xfd'",
        "feffff0000, 'test: non-canonical CompactSize for n: 65535 encoded with prefix 0xfe'",
        "ffffffffff00000000, 'test: non-canonical CompactSize for n: 4294967295 encoded with prefix 0xff'",
    })
    void rejectsNonCanonicalEncodings(String hex, String message) {
        assertThatThrownBy(() -> read(hex)).isInstanceOf(BitcoinWireException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
        "'', 'test: n needs 1 byte, 0 remain'",
        "fd01, 'test: n needs 2 bytes, 1 remain'",
        "fe010203, 'test: n needs 4 bytes, 3 remain'",
        "ff01020304050607, 'test: n needs 8 bytes, 7 remain'",
    })
    void rejectsShortInputWithTheWireException(String hex, String message) {
        assertThatThrownBy(() -> read(hex)).isInstanceOf(BitcoinWireException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
        "fd0101, 'test: n 257 exceeds 256'",
        "ff0000000000000080, 'test: n 9223372036854775808 exceeds 256'",
    })
    void capsLengthsBeforeAllocating(String hex, String message) {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(hex));
        assertThatThrownBy(() -> new WireReader(in, "test").length("n", 256))
                .isInstanceOf(BitcoinWireException.class)
                .hasMessage(message);
    }
}
