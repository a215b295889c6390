package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.noise.NoiseStaticKey;
import io.peercensus.dht.multiformats.PeerId;
import java.security.SecureRandom;

/**
 * The crawler as a libp2p node, shared by every conversation of one crawl: the network's Kademlia protocol ID, the
 * crawl's identity, its Noise static key (signed once), its peer ID, the random source of ephemeral keys and
 * bucket keys, and the crawl's {@link PeerIdBook}.
 *
 * <p>Thread-safe but for the book, which only the crawl's conversation loop uses.
 */
record LocalNode(String protocolId, PrivateKey identity, NoiseStaticKey noiseKey, PeerId self, SecureRandom random, PeerIdBook book) {

    /** The node speaking {@code protocolId} as {@code identity}, with a fresh Noise static key and book. */
    static LocalNode of(String protocolId, PrivateKey identity, SecureRandom random) {
        return new LocalNode(protocolId, identity, NoiseStaticKey.generate(identity, random), PeerId.fromPublicKey(identity.publicKey()),
                random, new PeerIdBook(random));
    }
}
