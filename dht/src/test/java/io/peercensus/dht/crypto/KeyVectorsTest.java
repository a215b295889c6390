package io.peercensus.dht.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyVectorsTest {
    private static final byte[] MESSAGE = "noise-libp2p-static-key:0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(SpecKeys.class)
    void specPrivateKeysYieldTheSpecPublicKeys(SpecKeys vector) {
        PrivateKey key = PrivateKey.fromProtobuf(vector.privateKey);
        assertThat(key.type()).isEqualTo(vector.type);
        assertThat(key.publicKey().toProtobuf()).isEqualTo(vector.publicKey);
        assertThat(key.toProtobuf()).isEqualTo(vector.privateKey);
    }

    @ParameterizedTest
    @EnumSource(SpecKeys.class)
    void specPublicKeysRoundTripTheirProtobuf(SpecKeys vector) {
        PublicKey key = PublicKey.fromProtobuf(vector.publicKey);
        assertThat(key.type()).isEqualTo(vector.type);
        assertThat(key.toProtobuf()).isEqualTo(vector.publicKey);
        assertThat(PublicKey.of(key.type(), key.data())).isEqualTo(key).hasSameHashCodeAs(key);
    }

    @ParameterizedTest
    @EnumSource(SpecKeys.class)
    void signaturesVerifyAndFailOnAnyFlippedBit(SpecKeys vector) {
        PrivateKey key = PrivateKey.fromProtobuf(vector.privateKey);
        PublicKey publicKey = PublicKey.fromProtobuf(vector.publicKey);
        byte[] signature = key.sign(MESSAGE);
        assertThat(publicKey.verify(MESSAGE, signature)).isTrue();
        for (int bit : new int[] {0, 7, 8 * signature.length / 2 + 3, 8 * signature.length - 1}) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(publicKey.verify(MESSAGE, flipped)).as("signature bit %d flipped", bit).isFalse();
        }
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[5] ^= 1;
        assertThat(publicKey.verify(otherMessage, signature)).isFalse();
        assertThat(publicKey.verify(MESSAGE, new byte[0])).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SpecKeys.class)
    void aSignatureDoesNotVerifyUnderAnotherKeyOfTheSameType(SpecKeys vector) throws NoSuchAlgorithmException {
        byte[] signature = PrivateKey.fromProtobuf(vector.privateKey).sign(MESSAGE);
        PublicKey other = PrivateKey.generate(vector.type, seeded(vector.ordinal())).publicKey();
        assertThat(other.verify(MESSAGE, signature)).isFalse();
    }

    @Test
    void ed25519SignsTheRfc8032TestVector() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] data = new byte[64];
        System.arraycopy(seed, 0, data, 0, 32);
        System.arraycopy(pub, 0, data, 32, 32);
        PrivateKey key = PrivateKey.fromProtobuf(KeyProtobuf.encode(KeyType.ED25519, data));
        assertThat(HexFormat.of().formatHex(key.sign(new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void ecdsaSignaturesAreDeterministicDer() {
        for (SpecKeys vector : new SpecKeys[] {SpecKeys.SECP256K1, SpecKeys.ECDSA}) {
            PrivateKey key = PrivateKey.fromProtobuf(vector.privateKey);
            byte[] signature = key.sign(MESSAGE);
            assertThat(key.sign(MESSAGE)).isEqualTo(signature);
            assertThat(signature[0]).isEqualTo((byte) 0x30);
            assertThat(signature[1] & 0xff).isEqualTo(signature.length - 2);
        }
    }

    @Test
    void rejectsBerSignaturesThatAreNotStrictDer() {
        PrivateKey key = PrivateKey.fromProtobuf(SpecKeys.SECP256K1.privateKey);
        byte[] der = key.sign(MESSAGE);
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(der, 1, ber, 2, der.length - 1);
        assertThat(key.publicKey().verify(MESSAGE, der)).isTrue();
        assertThat(key.publicKey().verify(MESSAGE, ber)).isFalse();
        assertThat(key.publicKey().verify(MESSAGE, new byte[] {0x30, 0x00})).isFalse();
        assertThat(key.publicKey().verify(MESSAGE, new byte[200])).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatedKeysSignVerifyAndRoundTrip(KeyType type) throws NoSuchAlgorithmException {
        PrivateKey key = PrivateKey.generate(type, seeded(99));
        assertThat(key.type()).isEqualTo(type);
        byte[] signature = key.sign(MESSAGE);
        assertThat(key.publicKey().verify(MESSAGE, signature)).isTrue();
        PrivateKey decoded = PrivateKey.fromProtobuf(key.toProtobuf());
        assertThat(decoded.publicKey()).isEqualTo(key.publicKey());
        assertThat(decoded.toProtobuf()).isEqualTo(key.toProtobuf());
        assertThat(PublicKey.fromProtobuf(key.publicKey().toProtobuf())).isEqualTo(key.publicKey());
        assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.toProtobuf()).substring(8, 40));
    }

    @Test
    void seededGenerationIsRepeatable() throws NoSuchAlgorithmException {
        assertThat(PrivateKey.generate(KeyType.ED25519, seeded(5)).publicKey())
                .isEqualTo(PrivateKey.generate(KeyType.ED25519, seeded(5)).publicKey())
                .isNotEqualTo(PrivateKey.generate(KeyType.ED25519, seeded(6)).publicKey());
    }

    static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }
}
