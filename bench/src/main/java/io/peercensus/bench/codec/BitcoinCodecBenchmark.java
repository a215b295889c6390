package io.peercensus.bench.codec;

import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.NetworkId;
import io.peercensus.btc.wire.VersionMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Bitcoin wire codec on the crawl's hot path: a full 1,000-entry {@code addrv2} frame (header
 * check, checksum, decode) and {@code version} encode and decode.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar BitcoinCodecBenchmark}. Not thread-safe (JMH state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BitcoinCodecBenchmark {
    private static final int MAGIC = BitcoinNetworkParams.MAINNET.magic();

    private byte[] addrV2Frame;
    private byte[] versionPayload;
    private VersionMessage version;

    /** Builds realistic messages from a fixed seed. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        List<AddrV2Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int kind = random.nextInt(10);
            NetworkId id = kind < 6 ? NetworkId.IPV4 : kind < 8 ? NetworkId.IPV6 : kind < 9 ? NetworkId.TORV3 : NetworkId.I2P;
            byte[] address = new byte[id.addressLength().getAsInt()];
            random.nextBytes(address);
            entries.add(new AddrV2Entry(1_700_000_000L + random.nextInt(1_000_000), 1033, id, address, 8333));
        }
        addrV2Frame = Frame.of(new AddrV2Message(entries)).encode(MAGIC);
        version = new VersionMessage(70016, 1033, 1_700_000_000L, new NetAddr(0, new byte[16], 0),
                new NetAddr(1033, new byte[16], 8333), random.nextLong(),
                "/Satoshi:27.0.0/".getBytes(StandardCharsets.US_ASCII), 870_000, Optional.of(true));
        versionPayload = version.toPayload();
    }

    /** Header, checksum and decode of a 1,000-entry addrv2 frame (about 35 KB). */
    @Benchmark
    public BitcoinMessage decodeAddrV2Frame() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(addrV2Frame);
        FrameHeader header = FrameHeader.read(in, MAGIC);
        byte[] payload = new byte[header.length()];
        in.get(payload);
        header.verify(payload);
        return BitcoinMessage.decode(header.command(), ByteBuffer.wrap(payload));
    }

    /** Decoding a version payload. */
    @Benchmark
    public VersionMessage decodeVersion() throws Exception {
        return VersionMessage.read(ByteBuffer.wrap(versionPayload));
    }

    /** Encoding a version message into a frame. */
    @Benchmark
    public byte[] encodeVersionFrame() {
        return Frame.of(version).encode(MAGIC);
    }
}
