package io.peercensus.bench.dht;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Both ends of a Noise-secured duplex, set up once for the benchmarks that measure what runs over a secure
 * channel; also the seeded key and randomness source every dht benchmark uses, so that runs are repeatable.
 *
 * <p>Immutable; each channel has the thread-safety {@link NoiseChannel} gives it.
 */
record NoisePair(NoiseChannel client, NoiseChannel server) {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Runs the Noise XX handshake over {@code duplex}, the responder on a thread of its own, with fresh
     * Ed25519 identities, and checks that each side proved the identity the other expects.
     */
    static NoisePair handshake(Duplex duplex) throws IOException, ProbeException, InterruptedException {
        PrivateKey clientKey = PrivateKey.generate(KeyType.ED25519, seeded(11));
        PrivateKey serverKey = PrivateKey.generate(KeyType.ED25519, seeded(12));
        Deadline deadline = Deadline.after(HANDSHAKE_TIMEOUT);
        Duplex.End serverEnd = duplex.server();
        FutureTask<NoiseChannel> responder = new FutureTask<>(
                () -> NoiseHandshake.respond(serverEnd.in(), serverEnd.out(), serverKey, deadline, seeded(13)));
        Thread thread = new Thread(responder, "noise-responder");
        thread.setDaemon(true);
        thread.start();
        Duplex.End clientEnd = duplex.client();
        NoiseChannel client = NoiseHandshake.initiate(clientEnd.in(), clientEnd.out(), clientKey,
                PeerId.fromPublicKey(serverKey.publicKey()), deadline, seeded(14));
        NoiseChannel server;
        try {
            server = responder.get();
        } catch (ExecutionException e) {
            throw new IOException("noise responder failed: " + e.getCause(), e.getCause());
        }
        if (!server.remotePeer().equals(PeerId.fromPublicKey(clientKey.publicKey()))) {
            throw new IllegalStateException("noise responder saw " + server.remotePeer() + ", not the initiator");
        }
        return new NoisePair(client, server);
    }

    /** A deterministic {@link SecureRandom} (SHA1PRNG seeded before first use). */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA1PRNG", e);
        }
    }
}
