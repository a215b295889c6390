package io.peercensus.bench.dht;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.noise.NoiseHandshake;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Complete libp2p Noise XX handshakes ({@code Noise_XX_25519_ChaChaPoly_SHA256} with the signed identity
 * payload) per second, both sides in this JVM: the benchmark thread initiates, a responder thread answers
 * handshake after handshake on the same duplex. Each handshake makes fresh X25519 keys on both sides, does
 * three DH operations per side, signs one identity payload per side and verifies the other's, so one op is the
 * CPU work of both ends of a real handshake. Messages alternate, so a handshake's steps run one after the
 * other, and only the responder's check of message 3 overlaps the initiator's start of the next handshake.
 * Every handshake checks the remote's peer ID, and tear-down fails unless the responder completed as many
 * handshakes as the initiator. Over {@link Transport#MEMORY} the figure is crypto, framing and two thread
 * wake-ups per message; {@link Transport#LOOPBACK} adds the kernel's TCP path.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar NoiseHandshakeBenchmark}. Not thread-safe (JMH state,
 * one benchmark thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoiseHandshakeBenchmark {
    /** How long one handshake may take before the benchmark fails rather than hangs. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long the responder waits for the next first message (covers JMH's pauses between iterations). */
    private static final Duration RESPONDER_IDLE = Duration.ofMinutes(5);

    /** The identity key type of both sides (RSA keys are 2048 bits, ECDSA keys P-256). */
    @Param({"ED25519", "SECP256K1", "ECDSA", "RSA"})
    public KeyType keyType;

    /** What carries the handshake messages. */
    @Param({"MEMORY", "LOOPBACK"})
    public Transport transport;

    private final Object progress = new Object();
    private PrivateKey clientKey;
    private PrivateKey serverKey;
    private PeerId clientPeer;
    private PeerId serverPeer;
    private SecureRandom clientRandom;
    private Duplex duplex;
    private Thread responder;
    private long initiated;
    private long responded; // guarded by progress
    private Throwable responderFailure; // guarded by progress
    private volatile boolean stopping;

    /** Makes both identities from fixed seeds, opens the duplex and starts the responder. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        clientKey = PrivateKey.generate(keyType, NoisePair.seeded(1));
        serverKey = PrivateKey.generate(keyType, NoisePair.seeded(2));
        clientPeer = PeerId.fromPublicKey(clientKey.publicKey());
        serverPeer = PeerId.fromPublicKey(serverKey.publicKey());
        clientRandom = NoisePair.seeded(3);
        duplex = transport.open();
        responder = new Thread(this::respondUntilClosed, "noise-responder");
        responder.setDaemon(true);
        responder.start();
    }

    /** One complete handshake, as initiator, against the responder thread. */
    @Benchmark
    public NoiseChannel handshake() throws Exception {
        Duplex.End end = duplex.client();
        NoiseChannel channel = NoiseHandshake.initiate(end.in(), end.out(), clientKey, serverPeer,
                Deadline.after(HANDSHAKE_TIMEOUT), clientRandom);
        initiated++;
        return channel;
    }

    /** Waits for the responder to finish the last handshake, checks the counts, and stops it. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        try {
            Deadline deadline = Deadline.after(HANDSHAKE_TIMEOUT);
            synchronized (progress) {
                while (responded < initiated && responderFailure == null && !deadline.expired()) {
                    progress.wait(Math.max(1, deadline.remaining().toMillis()));
                }
                if (responderFailure != null) {
                    throw new IllegalStateException("noise responder failed", responderFailure);
                }
                if (responded != initiated) {
                    throw new IllegalStateException("noise responder completed " + responded + " handshakes, the initiator " + initiated);
                }
            }
        } finally {
            stopping = true;
            duplex.close();
            responder.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void respondUntilClosed() {
        Duplex.End end = duplex.server();
        SecureRandom random = NoisePair.seeded(4);
        try {
            while (true) {
                NoiseChannel channel = NoiseHandshake.respond(end.in(), end.out(), serverKey, Deadline.after(RESPONDER_IDLE), random);
                if (!channel.remotePeer().equals(clientPeer)) {
                    throw new IllegalStateException("noise responder saw " + channel.remotePeer() + ", not the initiator");
                }
                synchronized (progress) {
                    responded++;
                    progress.notifyAll();
                }
            }
        } catch (Exception | Error e) {
            if (!stopping) {
                synchronized (progress) {
                    responderFailure = e;
                    progress.notifyAll();
                }
            }
        }
    }
}
