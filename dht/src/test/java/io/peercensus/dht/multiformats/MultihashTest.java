package io.peercensus.dht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultihashTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void sha256OfEmptyInputHasTheKnownDigest() {
        Multihash multihash = Multihash.sha2_256(new byte[0]);
        assertThat(HexFormat.of().formatHex(multihash.toBytes()))
                .isEqualTo("1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Multihash.decode(multihash.toBytes())).isEqualTo(multihash);
    }

    @Test
    void keepsUnknownCodesByteForByte() {
        byte[] md5 = hex("d50110" + "00112233445566778899aabbccddeeff");
        Multihash multihash = Multihash.decode(md5);
        assertThat(multihash.code()).isEqualTo(0xd5);
        assertThat(multihash.digest()).hasSize(16);
        assertThat(multihash.toBytes()).isEqualTo(md5);
    }

    @Test
    void readLeavesFollowingBytesInTheBuffer() {
        ByteBuffer in = ByteBuffer.wrap(hex("0003616263ff"));
        assertThat(Multihash.read(in)).isEqualTo(Multihash.identity("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(in.remaining()).isEqualTo(1);
    }

    @Test
    void rejectsTruncatedAndTrailingInput() {
        assertThatThrownBy(() -> Multihash.decode(hex("12")))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("varint: truncated after 0 bytes");
        assertThatThrownBy(() -> Multihash.decode(hex("1220aa")))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multihash: digest length 32 exceeds the 1 remaining bytes");
        assertThatThrownBy(() -> Multihash.decode(hex("0001aabb")))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multihash: 1 trailing bytes after the digest");
    }

    @Test
    void capsDigestLengthBeforeAllocating() {
        assertThatThrownBy(() -> Multihash.decode(hex("00ffffff03")))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multihash: digest length 8388607 exceeds the limit of 512");
    }

    @Test
    void rejectsSha256DigestsLongerThan32Bytes() {
        assertThatThrownBy(() -> Multihash.decode(hex("1221" + "00".repeat(33))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multihash: sha2-256 digest must be at most 32 bytes, got 33");
    }
}
