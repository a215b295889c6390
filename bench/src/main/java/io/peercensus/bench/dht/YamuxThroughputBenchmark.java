package io.peercensus.bench.dht;

import io.peercensus.dht.internal.noise.NoiseChannel;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Data through the libp2p connection stack, one direction, in three benchmarks:
 *
 * <ul>
 *   <li>{@code bulk}: one yamux stream carries 1 MiB per op (so <b>ops/s = MiB/s</b>), which the stream cuts
 *       into 32 KiB DATA frames; the receiver's reads credit the 256 KiB window back with WINDOW_UPDATE frames,
 *       which the sender must wait for, so window handling is part of the figure.
 *   <li>{@code smallFrames}: 64-byte writes, each one DATA frame; an op is one frame (<b>ops/s = frames/s</b>),
 *       timed in batches of 1,024.
 *   <li>{@code noiseTransport}: Noise transport encryption alone, on one thread: 1 MiB per op (<b>ops/s =
 *       MiB/s</b>) written to a {@link NoiseChannel}, which cuts it into 16 full 65,535-byte transport messages
 *       and one short one, ChaCha20-Poly1305-encrypts and frames them into an in-memory pipe, then read back
 *       through the peer's channel, which decrypts and authenticates them.
 * </ul>
 *
 * <p>The yamux benchmarks run a client and a server session (each with its reader thread) and a receiving
 * thread on the server's stream, which counts the bytes; every op waits until all it sent has been read, so
 * nothing is left in flight between ops and the figure is end to end. {@code noise=true} puts the yamux
 * sessions on Noise channels (as {@code Upgrader} does); {@code transport} says what carries the bytes.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar YamuxThroughputBenchmark}. Not thread-safe (JMH state,
 * one benchmark thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class YamuxThroughputBenchmark {
    /** Bytes per op of {@code bulk} and {@code noiseTransport}. */
    public static final int BULK_BYTES = 1024 * 1024;
    /** Payload of one small DATA frame. */
    public static final int SMALL_FRAME = 64;
    /** Small frames per invocation of {@code smallFrames}. */
    public static final int SMALL_BATCH = 1024;

    private static final Duration OP_TIMEOUT = Duration.ofSeconds(10);
    private static final Deadline FOREVER = Deadline.after(Duration.ofDays(1));
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final ThreadFactory READERS = r -> {
        Thread t = new Thread(r, "yamux-reader");
        t.setDaemon(true);
        return t;
    };

    /** A pattern of random bytes, the payload of every benchmark. */
    static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** A client and a server yamux session with one open stream, and a {@link Sink} on the server's end of it. */
    @State(Scope.Thread)
    public static class Session {
        /** What carries the bytes. */
        @Param({"MEMORY", "LOOPBACK"})
        public Transport transport;

        /** Whether yamux runs over Noise channels (the real stack) or straight on the duplex. */
        @Param({"false", "true"})
        public boolean noise;

        private final byte[] data = payload(BULK_BYTES);
        private Duplex duplex;
        private YamuxSession client;
        private YamuxSession server;
        private OutputStream out;
        private Sink sink;
        private long sent;

        /** Opens the duplex, runs the handshake when {@code noise}, starts both sessions and opens the stream. */
        @Setup(Level.Trial)
        public void setUp() throws Exception {
            duplex = transport.open();
            Duplex.End clientEnd = duplex.client();
            Duplex.End serverEnd = duplex.server();
            TimedInputStream clientIn = clientEnd.in();
            OutputStream clientOut = clientEnd.out();
            TimedInputStream serverIn = serverEnd.in();
            OutputStream serverOut = serverEnd.out();
            if (noise) {
                NoisePair pair = NoisePair.handshake(duplex);
                clientIn = pair.client().input();
                clientOut = pair.client().output();
                serverIn = pair.server().input();
                serverOut = pair.server().output();
            }
            client = new YamuxSession(clientIn, clientOut, clientEnd.transport(), true, false, IDLE_TIMEOUT).start(READERS);
            server = new YamuxSession(serverIn, serverOut, serverEnd.transport(), false, true, IDLE_TIMEOUT).start(READERS);
            YamuxStream stream = client.openStream();
            stream.await("send window", FOREVER);
            out = stream.output();
            YamuxStream inbound = server.acceptStream(Deadline.after(OP_TIMEOUT));
            inbound.await("stream data", FOREVER);
            sink = new Sink(inbound.input(), "yamux-sink");
        }

        /** Checks that every byte sent arrived, then closes both sessions. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException, InterruptedException {
            try {
                sink.awaitReceived(sent, Deadline.after(OP_TIMEOUT));
                if (sink.received() != sent) {
                    throw new IllegalStateException("yamux: " + sink.received() + " bytes arrived, " + sent + " were sent");
                }
            } finally {
                client.close();
                server.close();
                duplex.close();
                sink.join(OP_TIMEOUT);
            }
        }

        void send(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            sent += length;
        }

        void awaitDelivery() throws IOException {
            sink.awaitReceived(sent, Deadline.after(OP_TIMEOUT));
        }
    }

    /** Both ends of a Noise channel over one 2 MiB in-memory pipe each way, big enough for a whole op. */
    @State(Scope.Thread)
    public static class Secured {
        private final byte[] data = payload(BULK_BYTES);
        private final byte[] received = new byte[BULK_BYTES];
        private Duplex duplex;
        private OutputStream out;
        private TimedInputStream in;

        /** Runs the handshake. */
        @Setup(Level.Trial)
        public void setUp() throws Exception {
            duplex = Duplex.memory(2 * BULK_BYTES);
            NoisePair pair = NoisePair.handshake(duplex);
            out = pair.client().output();
            in = pair.server().input();
            in.await("noise transport message", FOREVER);
        }

        /** Checks that the last op decrypted to what was encrypted. */
        @TearDown(Level.Iteration)
        public void check() {
            if (!Arrays.equals(received, data)) {
                throw new IllegalStateException("noise: decrypted bytes differ from the plaintext");
            }
        }

        /** Closes the pipes. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            duplex.close();
        }
    }

    /** 1 MiB through one yamux stream, until the receiver has read it all. */
    @Benchmark
    public long bulk(Session session) throws IOException {
        session.send(session.data, 0, BULK_BYTES);
        session.awaitDelivery();
        return session.sent;
    }

    /** 1,024 DATA frames of 64 bytes each, until the receiver has read them all; scored per frame. */
    @Benchmark
    @OperationsPerInvocation(SMALL_BATCH)
    public long smallFrames(Session session) throws IOException {
        for (int i = 0; i < SMALL_BATCH; i++) {
            session.send(session.data, i * SMALL_FRAME, SMALL_FRAME);
        }
        session.awaitDelivery();
        return session.sent;
    }

    /** 1 MiB encrypted into Noise transport messages and decrypted again, on this thread. */
    @Benchmark
    public byte noiseTransport(Secured secured) throws IOException {
        secured.out.write(secured.data, 0, BULK_BYTES);
        secured.out.flush();
        for (int done = 0; done < BULK_BYTES; ) {
            int n = secured.in.read(secured.received, done, BULK_BYTES - done);
            if (n < 0) {
                throw new IOException("noise: pipe ended after " + done + " of " + BULK_BYTES + " bytes");
            }
            done += n;
        }
        return secured.received[BULK_BYTES - 1];
    }
}
