package io.peercensus.dht.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/** An RSA private key; its protobuf {@code Data} is PKCS#1 {@code RSAPrivateKey} DER. Immutable and thread-safe. */
final class RsaPrivateKey implements PrivateKey {
    private static final int GENERATED_BITS = 2048;

    private final RSAPrivateCrtKeyParameters parameters;
    private final RsaPublicKey publicKey;

    private RsaPrivateKey(RSAPrivateCrtKeyParameters parameters) {
        RsaPublicKey.checkSize(parameters.getModulus());
        if (!parameters.getP().multiply(parameters.getQ()).equals(parameters.getModulus())) {
            throw new MalformedKeyException("key: RSA private key's primes do not multiply to its modulus");
        }
        this.parameters = parameters;
        this.publicKey = new RsaPublicKey(RsaPublicKey.encode(parameters.getModulus(), parameters.getPublicExponent()));
    }

    static RsaPrivateKey generate(SecureRandom random) {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, GENERATED_BITS, 100));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new RsaPrivateKey((RSAPrivateCrtKeyParameters) pair.getPrivate());
    }

    static RsaPrivateKey decode(byte[] data) {
        RSAPrivateKey key;
        try {
            key = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(data));
        } catch (IOException | RuntimeException e) {
            throw new MalformedKeyException("key: RSA private key is not PKCS#1 DER", e);
        }
        return new RsaPrivateKey(new RSAPrivateCrtKeyParameters(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrime1(), key.getPrime2(), key.getExponent1(), key.getExponent2(), key.getCoefficient()));
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, parameters);
        signer.update(data, 0, data.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("key: RSA signing failed", e);
        }
    }

    @Override
    public byte[] toProtobuf() {
        RSAPrivateCrtKeyParameters p = parameters;
        try {
            byte[] der = new RSAPrivateKey(p.getModulus(), p.getPublicExponent(), p.getExponent(), p.getP(), p.getQ(), p.getDP(), p.getDQ(),
                    p.getQInv()).getEncoded(ASN1Encoding.DER);
            return KeyProtobuf.encode(KeyType.RSA, der);
        } catch (IOException e) {
            throw new IllegalStateException("key: DER encoding failed", e);
        }
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[public=" + publicKey + "]";
    }
}
