package io.peercensus.dht.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key. Its protobuf {@code Data} is seed then public key (64 bytes); the legacy
 * 96-byte form with the public key twice is read too. Immutable and thread-safe.
 */
final class Ed25519PrivateKey implements PrivateKey {
    private static final int SEED_LENGTH = 32;

    private final Ed25519PrivateKeyParameters parameters;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters parameters) {
        this.parameters = parameters;
        this.publicKey = new Ed25519PublicKey(parameters.generatePublicKey().getEncoded());
    }

    static Ed25519PrivateKey generate(SecureRandom random) {
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
    }

    static Ed25519PrivateKey decode(byte[] data) {
        if (data.length != 64 && data.length != 96) {
            throw new MalformedKeyException("key: Ed25519 private key must be 64 or 96 bytes, got " + data.length);
        }
        Ed25519PrivateKey key = new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(data, 0));
        byte[] expected = key.publicKey.data();
        for (int offset = SEED_LENGTH; offset < data.length; offset += Ed25519PublicKey.LENGTH) {
            if (!Arrays.equals(data, offset, offset + Ed25519PublicKey.LENGTH, expected, 0, expected.length)) {
                throw new MalformedKeyException("key: Ed25519 private key's public half does not match its seed");
            }
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, parameters);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public byte[] toProtobuf() {
        byte[] data = new byte[SEED_LENGTH + Ed25519PublicKey.LENGTH];
        parameters.encode(data, 0);
        System.arraycopy(publicKey.data(), 0, data, SEED_LENGTH, Ed25519PublicKey.LENGTH);
        return KeyProtobuf.encode(KeyType.ED25519, data);
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + publicKey + "]";
    }
}
