package io.peercensus.dht.internal.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} with SHA-256: chaining key, handshake hash and the handshake's
 * {@link CipherState}; HKDF is HMAC-SHA256 as the Noise spec defines it.
 *
 * <p>Not thread-safe: one handshake uses it.
 */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private final MessageDigest sha256;
    private final Mac hmac;
    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] hash;

    SymmetricState(String protocolName) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("noise: the JDK lacks SHA-256", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        this.hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
        this.chainingKey = hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = out[0];
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        sha256.update(hash);
        sha256.update(data);
        hash = sha256.digest();
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext, 0, plaintext.length);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws AEADBadTagException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext, 0, ciphertext.length);
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** The two transport cipher states: initiator-to-responder first. */
    CipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        return new CipherState[] {new CipherState(keys[0]), new CipherState(keys[1])};
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    private byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial) {
        byte[] temp = hmac(salt, inputKeyMaterial);
        byte[] first = hmac(temp, new byte[] {1});
        byte[] second = hmac(temp, concat(first, new byte[] {2}));
        return new byte[][] {first, second};
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("noise: cannot key HMAC-SHA256", e);
        }
        return hmac.doFinal(data);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
