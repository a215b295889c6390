package io.peercensus.dht.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ECDSA over the SHA-256 of the message with a DER {@code SEQUENCE { r, s }} signature, as libp2p signs
 * with secp256k1 and ECDSA keys. Nonces are deterministic (RFC 6979). Verification accepts only strict
 * DER.
 *
 * <p>Stateless and thread-safe.
 */
final class EcdsaSha256 {
    /** Longer than any DER signature on P-521, the largest curve accepted. */
    private static final int MAX_SIGNATURE_LENGTH = 160;

    private EcdsaSha256() {
    }

    static byte[] sign(ECPrivateKeyParameters key, byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(sha256(data));
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("key: DER encoding failed", e);
        }
    }

    static boolean verify(ECPublicKeyParameters key, byte[] data, byte[] signature) {
        if (signature.length == 0 || signature.length > MAX_SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            if (sequence.size() != 2 || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), signature)) {
                return false;
            }
            ASN1Encodable first = sequence.getObjectAt(0);
            ASN1Encodable second = sequence.getObjectAt(1);
            if (!(first instanceof ASN1Integer) || !(second instanceof ASN1Integer)) {
                return false;
            }
            r = ((ASN1Integer) first).getValue();
            s = ((ASN1Integer) second).getValue();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(sha256(data), r, s);
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
