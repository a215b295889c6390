package io.peercensus.dht.internal.noise;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The Noise {@code HandshakeState} of {@code Noise_XX_25519_ChaChaPoly_SHA256}:
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 * Messages are written and read in turn; each carries a payload (encrypted once a key exists). After the
 * third message {@link #split()} gives the transport ciphers. A read that does not authenticate, or a remote
 * key that gives an all-zero X25519 result, fails with {@link ErrorClass#HANDSHAKE}.
 *
 * <p>Not thread-safe: one handshake, one thread.
 */
final class HandshakeState {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int DH_LENGTH = 32;
    private static final int ENCRYPTED_KEY_LENGTH = DH_LENGTH + CipherState.TAG_LENGTH;

    /** The transport ciphers after the handshake. */
    record Transport(CipherState send, CipherState receive) {
    }

    private final boolean initiator;
    private final SymmetricState symmetric = new SymmetricState(PROTOCOL_NAME);
    private final byte[] staticPrivate;
    private final byte[] staticPublic;
    private final byte[] ephemeralPrivate;
    private final byte[] ephemeralPublic;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int message; // index of the next message, 0..3

    /** A handshake with the given X25519 private keys (32 bytes each) and prologue: for test vectors. */
    HandshakeState(boolean initiator, byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate) {
        this(initiator, prologue, staticPrivate.clone(), publicKey(staticPrivate), ephemeralPrivate);
    }

    private HandshakeState(boolean initiator, byte[] prologue, byte[] staticPrivate, byte[] staticPublic, byte[] ephemeralPrivate) {
        this.initiator = initiator;
        this.staticPrivate = staticPrivate;
        this.staticPublic = staticPublic;
        this.ephemeralPrivate = ephemeralPrivate.clone();
        this.ephemeralPublic = publicKey(ephemeralPrivate);
        symmetric.mixHash(prologue);
    }

    /** A handshake with an empty prologue, the given static key and a fresh ephemeral key from {@code random}. */
    static HandshakeState create(boolean initiator, byte[] staticPrivate, SecureRandom random) {
        return new HandshakeState(initiator, new byte[0], staticPrivate, generatePrivateKey(random));
    }

    /**
     * A handshake with an empty prologue, {@code local}'s static key pair (shared, never changed, not recomputed)
     * and a fresh ephemeral key from {@code random}.
     */
    static HandshakeState create(boolean initiator, NoiseStaticKey local, SecureRandom random) {
        return new HandshakeState(initiator, new byte[0], local.privateKey(), local.publicKey(), generatePrivateKey(random));
    }

    static byte[] generatePrivateKey(SecureRandom random) {
        byte[] key = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, key);
        return key;
    }

    static byte[] publicKey(byte[] privateKey) {
        if (privateKey.length != DH_LENGTH) {
            throw new IllegalArgumentException("noise: X25519 private key must be 32 bytes, got " + privateKey.length);
        }
        byte[] out = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(privateKey, 0, out, 0);
        return out;
    }

    /** Writes the next message, which must be ours, carrying {@code payload}. */
    byte[] writeMessage(byte[] payload) throws ProbeException {
        requireTurn(true);
        byte[] out;
        switch (message) {
            case 0 -> {
                symmetric.mixHash(ephemeralPublic);
                out = SymmetricState.concat(ephemeralPublic, symmetric.encryptAndHash(payload));
            }
            case 1 -> {
                symmetric.mixHash(ephemeralPublic);
                symmetric.mixKey(dh(ephemeralPrivate, remoteEphemeral)); // ee
                byte[] s = symmetric.encryptAndHash(staticPublic);
                symmetric.mixKey(dh(staticPrivate, remoteEphemeral)); // es, responder side
                out = SymmetricState.concat(SymmetricState.concat(ephemeralPublic, s), symmetric.encryptAndHash(payload));
            }
            case 2 -> {
                byte[] s = symmetric.encryptAndHash(staticPublic);
                symmetric.mixKey(dh(staticPrivate, remoteEphemeral)); // se, initiator side
                out = SymmetricState.concat(s, symmetric.encryptAndHash(payload));
            }
            default -> throw new IllegalStateException("noise: handshake already complete");
        }
        message++;
        return out;
    }

    /**
     * Reads the next message, which must be the peer's, and returns its payload.
     *
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when it is too short or does not authenticate
     */
    byte[] readMessage(byte[] in) throws ProbeException {
        requireTurn(false);
        int number = message + 1;
        int minimum = switch (message) {
            case 0 -> DH_LENGTH;
            case 1 -> DH_LENGTH + ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH;
            default -> ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH;
        };
        if (in.length < minimum) {
            throw new ProbeException(ErrorClass.HANDSHAKE,
                    "noise: handshake message " + number + " must be at least " + minimum + " bytes, got " + in.length);
        }
        byte[] payload;
        try {
            switch (message) {
                case 0 -> {
                    remoteEphemeral = Arrays.copyOf(in, DH_LENGTH);
                    symmetric.mixHash(remoteEphemeral);
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, DH_LENGTH, in.length));
                }
                case 1 -> {
                    remoteEphemeral = Arrays.copyOf(in, DH_LENGTH);
                    symmetric.mixHash(remoteEphemeral);
                    symmetric.mixKey(dh(ephemeralPrivate, remoteEphemeral)); // ee
                    remoteStatic = symmetric.decryptAndHash(Arrays.copyOfRange(in, DH_LENGTH, DH_LENGTH + ENCRYPTED_KEY_LENGTH));
                    symmetric.mixKey(dh(ephemeralPrivate, remoteStatic)); // es, initiator side
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, DH_LENGTH + ENCRYPTED_KEY_LENGTH, in.length));
                }
                default -> {
                    remoteStatic = symmetric.decryptAndHash(Arrays.copyOf(in, ENCRYPTED_KEY_LENGTH));
                    symmetric.mixKey(dh(ephemeralPrivate, remoteStatic)); // se, responder side
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, ENCRYPTED_KEY_LENGTH, in.length));
                }
            }
        } catch (AEADBadTagException e) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: handshake message " + number + " does not decrypt", e);
        }
        message++;
        return payload;
    }

    private void requireTurn(boolean writing) {
        if (message > 2) {
            throw new IllegalStateException("noise: handshake already complete");
        }
        boolean ours = (message % 2 == 0) == initiator;
        if (ours != writing) {
            throw new IllegalStateException("noise: message " + (message + 1) + " is the " + (ours ? "local" : "remote") + " side's");
        }
    }

    private static byte[] dh(byte[] privateKey, byte[] publicKey) throws ProbeException {
        byte[] out = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0)) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: remote X25519 key gives an all-zero shared secret");
        }
        return out;
    }

    boolean complete() {
        return message == 3;
    }

    /** The transport ciphers, oriented for this side. */
    Transport split() {
        if (!complete()) {
            throw new IllegalStateException("noise: split before the handshake completed");
        }
        CipherState[] pair = symmetric.split();
        return initiator ? new Transport(pair[0], pair[1]) : new Transport(pair[1], pair[0]);
    }

    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    byte[] localStatic() {
        return staticPublic.clone();
    }

    /** The peer's static X25519 key, once received (message 2 for the initiator, 3 for the responder). */
    byte[] remoteStatic() {
        if (remoteStatic == null) {
            throw new IllegalStateException("noise: remote static key not yet received");
        }
        return remoteStatic.clone();
    }
}
