package io.peercensus.dht.crypto;

/**
 * The libp2p {@code KeyType} enum, with its protobuf numbers.
 *
 * <p>Immutable and thread-safe.
 */
public enum KeyType {
    /** RSA: PKIX DER public keys, PKCS#1 DER private keys, RSASSA-PKCS1-v1_5 over SHA-256. */
    RSA(0),
    /** Ed25519: 32-byte public keys, RFC 8032 signatures. */
    ED25519(1),
    /** secp256k1: 33-byte compressed public keys, DER ECDSA signatures over SHA-256. */
    SECP256K1(2),
    /** ECDSA on a NIST curve: PKIX DER public keys, SEC 1 DER private keys, DER signatures over SHA-256. */
    ECDSA(3);

    private final int number;

    KeyType(int number) {
        this.number = number;
    }

    /** The protobuf enum number. */
    public int number() {
        return number;
    }

    /**
     * The key type with protobuf enum number {@code number}.
     *
     * @throws MalformedKeyException when no key type has that number
     */
    public static KeyType fromNumber(int number) {
        for (KeyType type : values()) {
            if (type.number == number) {
                return type;
            }
        }
        throw new MalformedKeyException("key: unknown key type " + Integer.toUnsignedString(number));
    }
}
