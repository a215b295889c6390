package io.peercensus.dht.crypto;

import java.security.SecureRandom;

/**
 * A libp2p private key of one of the four {@link KeyType}s: signs, knows its public key, and reads and
 * writes the protobuf {@code PrivateKey} message (the format libp2p implementations store keys in).
 * {@code toString()} never shows key material.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface PrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey, EcdsaPrivateKey, RsaPrivateKey {
    /** The longest protobuf-encoded private key accepted (an 8192-bit RSA key fits). */
    int MAX_PROTOBUF_LENGTH = 8192;

    /** The key type. */
    KeyType type();

    /** The matching public key. */
    PublicKey publicKey();

    /**
     * The signature of {@code data}: Ed25519 (RFC 8032), ECDSA over SHA-256 with RFC 6979 nonces in DER
     * (secp256k1, ECDSA), or RSASSA-PKCS1-v1_5 over SHA-256 (RSA).
     */
    byte[] sign(byte[] data);

    /** The protobuf {@code PrivateKey} message, as libp2p implementations store it. */
    byte[] toProtobuf();

    /**
     * The private key in a protobuf {@code PrivateKey} message.
     *
     * @throws MalformedKeyException on a malformed message or invalid key data
     */
    static PrivateKey fromProtobuf(byte[] encoded) {
        KeyProtobuf.Message message = KeyProtobuf.decode(encoded, MAX_PROTOBUF_LENGTH, "private key");
        byte[] data = message.data();
        return switch (message.type()) {
            case RSA -> RsaPrivateKey.decode(data);
            case ED25519 -> Ed25519PrivateKey.decode(data);
            case SECP256K1 -> Secp256k1PrivateKey.decode(data);
            case ECDSA -> EcdsaPrivateKey.decode(data);
        };
    }

    /**
     * A fresh key of {@code type} from {@code random}: RSA keys are 2048 bits, ECDSA keys are on P-256.
     */
    static PrivateKey generate(KeyType type, SecureRandom random) {
        return switch (type) {
            case RSA -> RsaPrivateKey.generate(random);
            case ED25519 -> Ed25519PrivateKey.generate(random);
            case SECP256K1 -> Secp256k1PrivateKey.generate(random);
            case ECDSA -> EcdsaPrivateKey.generate(random);
        };
    }
}
