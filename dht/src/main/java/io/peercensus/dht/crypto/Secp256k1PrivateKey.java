package io.peercensus.dht.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;

/** A secp256k1 private key; its protobuf {@code Data} is the 32-byte big-endian scalar. Immutable and thread-safe. */
final class Secp256k1PrivateKey implements PrivateKey {
    private static final int LENGTH = 32;

    private final ECPrivateKeyParameters parameters;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(BigInteger d) {
        this.parameters = new ECPrivateKeyParameters(d, Secp256k1PublicKey.DOMAIN);
        this.publicKey = new Secp256k1PublicKey(Secp256k1PublicKey.DOMAIN.getG().multiply(d).normalize());
    }

    static Secp256k1PrivateKey generate(SecureRandom random) {
        BigInteger n = Secp256k1PublicKey.DOMAIN.getN();
        return new Secp256k1PrivateKey(BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random));
    }

    static Secp256k1PrivateKey decode(byte[] data) {
        if (data.length != LENGTH) {
            throw new MalformedKeyException("key: secp256k1 private key must be 32 bytes, got " + data.length);
        }
        BigInteger d = new BigInteger(1, data);
        if (d.signum() == 0 || d.compareTo(Secp256k1PublicKey.DOMAIN.getN()) >= 0) {
            throw new MalformedKeyException("key: secp256k1 private key is not in 1..n-1");
        }
        return new Secp256k1PrivateKey(d);
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return EcdsaSha256.sign(parameters, data);
    }

    @Override
    public byte[] toProtobuf() {
        return KeyProtobuf.encode(KeyType.SECP256K1, BigIntegers.asUnsignedByteArray(LENGTH, parameters.getD()));
    }

    @Override
    public String toString() {
        return "Secp256k1PrivateKey[public=" + publicKey + "]";
    }
}
