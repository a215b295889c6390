package io.peercensus.dht.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDSA private key on P-256, P-384 or P-521; its protobuf {@code Data} is the SEC 1
 * {@code ECPrivateKey} DER with the named curve and the public point, as Go's
 * {@code x509.MarshalECPrivateKey} writes it. Immutable and thread-safe.
 */
final class EcdsaPrivateKey implements PrivateKey {
    private final ASN1ObjectIdentifier curveId;
    private final ECPrivateKeyParameters parameters;
    private final ECPoint point;
    private final EcdsaPublicKey publicKey;

    private EcdsaPrivateKey(ASN1ObjectIdentifier curveId, BigInteger d) {
        ECDomainParameters domain = EcdsaPublicKey.domain(curveId);
        if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
            throw new MalformedKeyException("key: ECDSA private key is not in 1..n-1");
        }
        this.curveId = curveId;
        this.parameters = new ECPrivateKeyParameters(d, domain);
        this.point = domain.getG().multiply(d).normalize();
        this.publicKey = new EcdsaPublicKey(EcdsaPublicKey.encode(curveId, point));
    }

    static EcdsaPrivateKey generate(SecureRandom random) {
        ECDomainParameters domain = EcdsaPublicKey.domain(SECObjectIdentifiers.secp256r1);
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), random);
        return new EcdsaPrivateKey(SECObjectIdentifiers.secp256r1, d);
    }

    static EcdsaPrivateKey decode(byte[] data) {
        ECPrivateKey sec1;
        try {
            sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(data));
        } catch (IOException | RuntimeException e) {
            throw new MalformedKeyException("key: ECDSA private key is not SEC 1 DER", e);
        }
        if (!(sec1.getParametersObject() instanceof ASN1ObjectIdentifier curveId)) {
            throw new MalformedKeyException("key: ECDSA private key must name its curve");
        }
        EcdsaPrivateKey key = new EcdsaPrivateKey(curveId, sec1.getKey());
        ASN1BitString embedded = sec1.getPublicKey();
        if (embedded != null && !Arrays.equals(embedded.getOctets(), key.point.getEncoded(false))) {
            throw new MalformedKeyException("key: ECDSA private key's public point does not match its scalar");
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
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
        int orderBits = parameters.getParameters().getN().bitLength();
        try {
            byte[] der = new ECPrivateKey(orderBits, parameters.getD(), new DERBitString(point.getEncoded(false)), curveId)
                    .getEncoded(ASN1Encoding.DER);
            return KeyProtobuf.encode(KeyType.ECDSA, der);
        } catch (IOException e) {
            throw new IllegalStateException("key: DER encoding failed", e);
        }
    }

    @Override
    public String toString() {
        return "EcdsaPrivateKey[public=" + publicKey + "]";
    }
}
