package io.peercensus.dht.internal.noise;

import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.crypto.PublicKey;
import java.security.SecureRandom;

/**
 * A node's Noise static key: an X25519 key pair and the libp2p handshake payload that binds it to the node's
 * identity (the identity key and its signature over {@code "noise-libp2p-static-key:"} and the static public
 * key). libp2p's Noise static key belongs to the node, not to one connection: a node that makes it once and
 * uses it for every handshake saves a key generation and a signature per handshake, and each handshake still
 * uses a fresh ephemeral key.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoiseStaticKey {
    private final PublicKey identity;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[] payload;

    private NoiseStaticKey(PrivateKey identity, byte[] privateKey) {
        this.identity = identity.publicKey();
        this.privateKey = privateKey.clone();
        this.publicKey = HandshakeState.publicKey(privateKey);
        this.payload = NoiseHandshake.payload(identity, publicKey).write();
    }

    /** A fresh static key for {@code identity}, signed with it. */
    public static NoiseStaticKey generate(PrivateKey identity, SecureRandom random) {
        return new NoiseStaticKey(identity, HandshakeState.generatePrivateKey(random));
    }

    /** The static key with the given X25519 private key (32 bytes), signed with {@code identity}: for tests. */
    static NoiseStaticKey of(PrivateKey identity, byte[] privateKey) {
        return new NoiseStaticKey(identity, privateKey);
    }

    /** The identity key the payload proves. */
    public PublicKey identity() {
        return identity;
    }

    byte[] privateKey() {
        return privateKey;
    }

    byte[] publicKey() {
        return publicKey;
    }

    /** The encoded {@link HandshakePayload}; callers must not change it. */
    byte[] payload() {
        return payload;
    }
}
