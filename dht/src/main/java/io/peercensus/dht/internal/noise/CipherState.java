package io.peercensus.dht.internal.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code CipherState} for ChaChaPoly: a 32-byte key (or none) and a 64-bit nonce counter. The AEAD
 * nonce is four zero bytes then the counter, little-endian; the counter value 2<sup>64</sup>-1 is reserved
 * and never used. Without a key, encryption and decryption pass the bytes through (as the Noise spec says
 * for the first handshake message).
 *
 * <p>Not thread-safe: the owner serialises use.
 */
final class CipherState {
    /** The Poly1305 tag length. */
    static final int TAG_LENGTH = 16;
    static final int KEY_LENGTH = 32;

    private final Cipher cipher;
    private SecretKeySpec key;
    private long nonce;

    CipherState() {
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("noise: the JDK lacks ChaCha20-Poly1305", e);
        }
    }

    CipherState(byte[] key) {
        this();
        initializeKey(key);
    }

    void initializeKey(byte[] k) {
        if (k.length != KEY_LENGTH) {
            throw new IllegalArgumentException("noise: cipher key must be 32 bytes, got " + k.length);
        }
        this.key = new SecretKeySpec(k, "ChaCha20");
        this.nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** The next nonce counter value (for tests). */
    long nonce() {
        return nonce;
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext, int offset, int length) {
        if (key == null) {
            return java.util.Arrays.copyOfRange(plaintext, offset, offset + length);
        }
        init(Cipher.ENCRYPT_MODE);
        try {
            cipher.updateAAD(ad);
            byte[] out = cipher.doFinal(plaintext, offset, length);
            nonce++;
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("noise: ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates; the nonce advances only on success.
     *
     * @throws AEADBadTagException when the ciphertext or associated data was altered
     */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext, int offset, int length) throws AEADBadTagException {
        if (key == null) {
            return java.util.Arrays.copyOfRange(ciphertext, offset, offset + length);
        }
        if (length < TAG_LENGTH) {
            throw new AEADBadTagException("noise: ciphertext of " + length + " bytes is shorter than the tag");
        }
        init(Cipher.DECRYPT_MODE);
        try {
            cipher.updateAAD(ad);
            byte[] out = cipher.doFinal(ciphertext, offset, length);
            nonce++;
            return out;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("noise: ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private void init(int mode) {
        if (nonce == -1L) {
            throw new IllegalStateException("noise: nonce counter exhausted");
        }
        byte[] iv = new byte[12];
        long n = nonce;
        for (int i = 4; i < 12; i++) {
            iv[i] = (byte) n;
            n >>>= 8;
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("noise: cannot initialise ChaCha20-Poly1305", e);
        }
    }
}
