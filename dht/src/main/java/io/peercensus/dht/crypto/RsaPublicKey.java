package io.peercensus.dht.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * An RSA public key as PKIX DER, 2048 to 8192 bits as go-libp2p allows, RSASSA-PKCS1-v1_5 signatures over
 * SHA-256. Only the canonical DER encoding is accepted, so the bytes round-trip. Immutable and thread-safe.
 */
final class RsaPublicKey implements PublicKey {
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 8192;

    private final byte[] data;
    private final RSAKeyParameters parameters;

    RsaPublicKey(byte[] data) {
        this.data = data.clone();
        RSAPublicKey key;
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(this.data));
            if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
                throw new MalformedKeyException("key: RSA public key has algorithm " + info.getAlgorithm().getAlgorithm()
                        + ", expected rsaEncryption");
            }
            key = RSAPublicKey.getInstance(info.parsePublicKey());
        } catch (MalformedKeyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedKeyException("key: RSA public key is not PKIX DER", e);
        }
        checkSize(key.getModulus());
        if (!Arrays.equals(encode(key.getModulus(), key.getPublicExponent()), this.data)) {
            throw new MalformedKeyException("key: RSA public key is not in canonical DER");
        }
        try {
            this.parameters = new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent());
        } catch (IllegalArgumentException e) { // Bouncy Castle's checks: an even modulus, a small prime factor, ...
            throw new MalformedKeyException("key: RSA public key is not usable: " + e.getMessage(), e);
        }
    }

    static void checkSize(BigInteger modulus) {
        int bits = modulus.bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new MalformedKeyException("key: RSA modulus of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
    }

    /** The canonical PKIX DER of the key {@code (modulus, exponent)}. */
    static byte[] encode(BigInteger modulus, BigInteger exponent) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("key: DER encoding failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        RSADigestSigner verifier = new RSADigestSigner(new SHA256Digest());
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey k && Arrays.equals(k.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RsaPublicKey[" + parameters.getModulus().bitLength() + " bits, " + HexFormat.of().formatHex(data, 0, Math.min(16, data.length)) + "...]";
    }
}
