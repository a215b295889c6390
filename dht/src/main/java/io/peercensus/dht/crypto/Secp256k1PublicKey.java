package io.peercensus.dht.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key in the 33-byte compressed SEC 1 form, DER ECDSA signatures over SHA-256.
 * Immutable and thread-safe.
 */
final class Secp256k1PublicKey implements PublicKey {
    static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final int LENGTH = 33;

    private final byte[] data;
    private final ECPublicKeyParameters parameters;

    Secp256k1PublicKey(byte[] data) {
        if (data.length != LENGTH || (data[0] != 0x02 && data[0] != 0x03)) {
            throw new MalformedKeyException("key: secp256k1 public key must be 33 bytes starting 02 or 03, got "
                    + data.length + " bytes" + (data.length > 0 ? String.format(" starting %02x", data[0]) : ""));
        }
        this.data = data.clone();
        try {
            this.parameters = new ECPublicKeyParameters(CURVE.getCurve().decodePoint(this.data), DOMAIN);
        } catch (IllegalArgumentException e) {
            throw new MalformedKeyException("key: secp256k1 public key is not a point on the curve", e);
        }
    }

    Secp256k1PublicKey(ECPoint point) {
        this(point.getEncoded(true));
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
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
        return o instanceof Secp256k1PublicKey k && Arrays.equals(k.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Secp256k1PublicKey[" + HexFormat.of().formatHex(data) + "]";
    }
}
