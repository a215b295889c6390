package io.peercensus.dht.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyDecodingTest {
    private static final String ED25519_KEY = "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0807120100| key: unknown key type 7",
        "0801| key: public key lacks the Data field",
        "120100| key: public key lacks the Type field",
        "08011201aa1801| key: public key has unexpected field 3 (wire type 0)",
        "080108011201aa| key: public key repeats field 1",
        "08011220aa| key: public key is truncated or malformed protobuf",
        "0801121f" + "00000000000000000000000000000000000000000000000000000000000000| key: Ed25519 public key must be 32 bytes, got 31",
        "0802122104" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798| "
            + "key: secp256k1 public key must be 33 bytes starting 02 or 03, got 33 bytes starting 04",
        "08021221020000000000000000000000000000000000000000000000000000000000000005| key: secp256k1 public key is not a point on the curve",
        "080312020102| key: ECDSA public key is not PKIX DER",
        "08011220ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f| key: Ed25519 public key is not a point on the curve"})
    void rejectsMalformedPublicKeysWithExactMessages(String encoded, String message) {
        assertThatThrownBy(() -> PublicKey.fromProtobuf(hex(encoded))).isInstanceOf(MalformedKeyException.class).hasMessage(message);
    }

    @Test
    void acceptsFieldsInEitherOrderAndWritesThemCanonically() {
        PublicKey key = PublicKey.fromProtobuf(hex("1220" + ED25519_KEY + "0801"));
        assertThat(HexFormat.of().formatHex(key.toProtobuf())).isEqualTo("08011220" + ED25519_KEY);
    }

    @Test
    void capsProtobufLengthBeforeDecoding() {
        assertThatThrownBy(() -> PublicKey.fromProtobuf(new byte[2049])).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: public key of 2049 bytes exceeds the limit of 2048");
        assertThatThrownBy(() -> PrivateKey.fromProtobuf(new byte[8193])).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: private key of 8193 bytes exceeds the limit of 8192");
    }

    @Test
    void rejectsEcdsaKeysOnOtherCurves() throws Exception {
        byte[] point = PrivateKey.fromProtobuf(SpecKeys.SECP256K1.privateKey).publicKey().data();
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
                point).getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> PublicKey.of(KeyType.ECDSA, spki)).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: ECDSA curve 1.3.132.0.10 is not P-256, P-384 or P-521");
    }

    @Test
    void rejectsRsaKeysUnderTheMinimumSizeAndKeysOfTheWrongAlgorithm() {
        byte[] small = RsaPublicKey.encode(BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE), BigInteger.valueOf(65537));
        assertThatThrownBy(() -> PublicKey.of(KeyType.RSA, small)).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: RSA modulus of 1024 bits is outside 2048..8192");
        byte[] rsa = PublicKey.fromProtobuf(SpecKeys.RSA.publicKey).data();
        assertThatThrownBy(() -> PublicKey.of(KeyType.ECDSA, rsa)).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: ECDSA public key has algorithm 1.2.840.113549.1.1.1, expected id-ecPublicKey");
    }

    /** Fuzzing found the peer ID 0004 0803 1200: an identity multihash of an ECDSA key with no data threw a NullPointerException. */
    @Test
    void rejectsAnEcdsaKeyWithNoData() {
        assertThatThrownBy(() -> PublicKey.of(KeyType.ECDSA, new byte[0])).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: ECDSA public key is not PKIX DER: no bytes");
        assertThatThrownBy(() -> PublicKey.fromProtobuf(hex("08031200"))).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: ECDSA public key is not PKIX DER: no bytes");
        assertThatThrownBy(() -> PublicKey.of(KeyType.RSA, new byte[0])).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: RSA public key is not PKIX DER");
    }

    /** Fuzzing found a Noise payload whose RSA key had a small prime factor: Bouncy Castle's exception escaped. */
    @Test
    void rejectsRsaKeysThatBouncyCastleRefusesWithItsOwnException() {
        BigInteger e = BigInteger.valueOf(65537);
        byte[] divisibleByThree = RsaPublicKey.encode(BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE), e);
        assertThatThrownBy(() -> PublicKey.of(KeyType.RSA, divisibleByThree)).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: RSA public key is not usable: RSA modulus has a small prime factor");
        byte[] even = RsaPublicKey.encode(BigInteger.ONE.shiftLeft(2047).add(BigInteger.TWO), e);
        assertThatThrownBy(() -> PublicKey.of(KeyType.RSA, even)).isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: RSA public key is not usable: RSA modulus is even");
    }

    @Test
    void readsLegacyNinetySixByteEd25519PrivateKeysAndRejectsMismatchedHalves() {
        byte[] spec = PrivateKey.fromProtobuf(SpecKeys.ED25519.privateKey).toProtobuf();
        String seedAndPublic = HexFormat.of().formatHex(spec, 4, 68);
        PrivateKey legacy = PrivateKey.fromProtobuf(hex("08011260" + seedAndPublic + ED25519_KEY));
        assertThat(legacy.toProtobuf()).isEqualTo(SpecKeys.ED25519.privateKey);
        String wrongSecondCopy = ED25519_KEY.substring(0, 62) + "00";
        assertThatThrownBy(() -> PrivateKey.fromProtobuf(hex("08011260" + seedAndPublic + wrongSecondCopy)))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: Ed25519 private key's public half does not match its seed");
        assertThatThrownBy(() -> PrivateKey.fromProtobuf(hex("08011220" + ED25519_KEY)))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: Ed25519 private key must be 64 or 96 bytes, got 32");
    }

    @Test
    void rejectsOutOfRangeSecp256k1Scalars() {
        assertThatThrownBy(() -> PrivateKey.fromProtobuf(hex("08021220" + "00".repeat(32))))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: secp256k1 private key is not in 1..n-1");
        assertThatThrownBy(() -> PrivateKey.fromProtobuf(hex("08021220" + "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessage("key: secp256k1 private key is not in 1..n-1");
    }
}
