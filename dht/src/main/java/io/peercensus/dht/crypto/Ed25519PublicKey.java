package io.peercensus.dht.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key: 32 bytes, RFC 8032 signatures. Immutable and thread-safe. */
final class Ed25519PublicKey implements PublicKey {
    static final int LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;

    private final byte[] data;
    private final Ed25519PublicKeyParameters parameters;

    Ed25519PublicKey(byte[] data) {
        if (data.length != LENGTH) {
            throw new MalformedKeyException("key: Ed25519 public key must be 32 bytes, got " + data.length);
        }
        this.data = data.clone();
        try {
            this.parameters = new Ed25519PublicKeyParameters(this.data, 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedKeyException("key: Ed25519 public key is not a point on the curve", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(k.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + HexFormat.of().formatHex(data) + "]";
    }
}
