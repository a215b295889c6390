package io.peercensus.dht.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA public key on P-256, P-384 or P-521 as PKIX DER ({@code SubjectPublicKeyInfo}, named curve,
 * uncompressed point), DER signatures over SHA-256. Only the canonical DER encoding is accepted, so the
 * bytes round-trip. Immutable and thread-safe.
 */
final class EcdsaPublicKey implements PublicKey {
    private final byte[] data;
    private final ECPublicKeyParameters parameters;

    EcdsaPublicKey(byte[] data) {
        this.data = data.clone();
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(this.data));
        } catch (IOException | RuntimeException e) {
            throw new MalformedKeyException("key: ECDSA public key is not PKIX DER", e);
        }
        if (info == null) { // Bouncy Castle reads no bytes as no object
            throw new MalformedKeyException("key: ECDSA public key is not PKIX DER: no bytes");
        }
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            throw new MalformedKeyException("key: ECDSA public key has algorithm " + algorithm.getAlgorithm() + ", expected id-ecPublicKey");
        }
        ASN1ObjectIdentifier curveId = curveId(algorithm);
        ECDomainParameters domain = domain(curveId);
        try {
            ECPoint point = domain.getCurve().decodePoint(info.getPublicKeyData().getOctets());
            this.parameters = new ECPublicKeyParameters(point, domain);
            if (!Arrays.equals(encode(curveId, point), this.data)) {
                throw new MalformedKeyException("key: ECDSA public key is not in canonical DER with an uncompressed point");
            }
        } catch (MalformedKeyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedKeyException("key: ECDSA public key is not a point on " + curveId, e);
        }
    }

    private static ASN1ObjectIdentifier curveId(AlgorithmIdentifier algorithm) {
        if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier id)) {
            throw new MalformedKeyException("key: ECDSA public key must name its curve");
        }
        return id;
    }

    /** The domain of a supported named curve. */
    static ECDomainParameters domain(ASN1ObjectIdentifier curveId) {
        if (!curveId.equals(SECObjectIdentifiers.secp256r1) && !curveId.equals(SECObjectIdentifiers.secp384r1)
                && !curveId.equals(SECObjectIdentifiers.secp521r1)) {
            throw new MalformedKeyException("key: ECDSA curve " + curveId + " is not P-256, P-384 or P-521");
        }
        X9ECParameters curve = CustomNamedCurves.getByOID(curveId);
        return new ECDomainParameters(curve);
    }

    /** The canonical PKIX DER of {@code point} on the named curve. */
    static byte[] encode(ASN1ObjectIdentifier curveId, ECPoint point) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curveId), point.getEncoded(false))
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("key: DER encoding failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        return EcdsaSha256.verify(parameters, message, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPublicKey k && Arrays.equals(k.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EcdsaPublicKey[" + HexFormat.of().formatHex(data) + "]";
    }
}
