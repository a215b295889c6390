package io.peercensus.dht.crypto;

/**
 * A libp2p public key of one of the four {@link KeyType}s: its {@code Data} bytes in the spec's encoding,
 * the deterministic protobuf wrapper, and signature checks. Equal when type and data are equal.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface PublicKey permits Ed25519PublicKey, Secp256k1PublicKey, EcdsaPublicKey, RsaPublicKey {
    /** The longest protobuf-encoded public key accepted (an 8192-bit RSA key fits). */
    int MAX_PROTOBUF_LENGTH = 2048;

    /** The key type. */
    KeyType type();

    /**
     * The {@code Data} field: 32 raw bytes (Ed25519), 33 compressed bytes (secp256k1) or PKIX DER (RSA, ECDSA).
     * A copy.
     */
    byte[] data();

    /**
     * Whether {@code signature} is this key's valid signature of {@code data} under the key type's scheme.
     * A malformed signature is simply not valid.
     */
    boolean verify(byte[] data, byte[] signature);

    /** The deterministic protobuf {@code PublicKey} message: {@code Type} then {@code Data}. */
    default byte[] toProtobuf() {
        return KeyProtobuf.encode(type(), data());
    }

    /**
     * The public key in a protobuf {@code PublicKey} message.
     *
     * @throws MalformedKeyException on a malformed message or invalid key data
     */
    static PublicKey fromProtobuf(byte[] encoded) {
        KeyProtobuf.Message message = KeyProtobuf.decode(encoded, MAX_PROTOBUF_LENGTH, "public key");
        return of(message.type(), message.data());
    }

    /**
     * The public key of {@code type} whose {@code Data} field is {@code data}.
     *
     * @throws MalformedKeyException when {@code data} is not a valid key of that type
     */
    static PublicKey of(KeyType type, byte[] data) {
        return switch (type) {
            case RSA -> new RsaPublicKey(data);
            case ED25519 -> new Ed25519PublicKey(data);
            case SECP256K1 -> new Secp256k1PublicKey(data);
            case ECDSA -> new EcdsaPublicKey(data);
        };
    }
}
