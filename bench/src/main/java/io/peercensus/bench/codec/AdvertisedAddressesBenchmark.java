package io.peercensus.bench.codec;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.crawl.AddressTable;
import io.peercensus.btc.internal.crawl.AdvertisedAddresses;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.NetworkId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 * The crawl's per-address hot path: one peer's 1,000-entry getaddr answer, decoded in place, against a
 * crawl that already heard of most addresses, as in the middle of a 10,000-node crawl. Divide by 1,000
 * for the cost of one advertised address.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AdvertisedAddressesBenchmark}. Not thread-safe (JMH state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdvertisedAddressesBenchmark {
    private static final int NETWORK = 20_000;

    private AddressTable table;
    private byte[][] answers;
    private int next;

    /** A book that knows a 20,000-address network, and 64 answers sampled from it. */
    @Setup
    public void setUp() throws Exception {
        Random random = new Random(7);
        List<AddrV2Entry> all = new ArrayList<>();
        for (int i = 0; i < NETWORK; i++) {
            int kind = random.nextInt(100);
            if (kind < 90) {
                all.add(new AddrV2Entry(1_700_000_000L, 1033, NetworkId.IPV4,
                        new byte[] {127, (byte) (1 + i / 65536), (byte) (i >> 8), (byte) i}, 8333 + random.nextInt(8)));
            } else {
                byte[] key = new byte[32];
                random.nextBytes(key);
                all.add(new AddrV2Entry(1_700_000_000L, 1033, NetworkId.TORV3, key, 8333));
            }
        }
        table = new AddressTable();
        AdvertisedAddresses warm = new AdvertisedAddresses("127.0.0.1:1", Endpoint.parse("127.0.0.1:1"), table);
        for (int from = 0; from < NETWORK; from += 1000) {
            warm.scanV2(ByteBuffer.wrap(new AddrV2Message(all.subList(from, from + 1000)).toPayload()));
        }
        answers = new byte[64][];
        for (int a = 0; a < answers.length; a++) {
            List<AddrV2Entry> answer = new ArrayList<>();
            for (int e = 0; e < 1000; e++) {
                answer.add(all.get(random.nextInt(NETWORK)));
            }
            answers[a] = new AddrV2Message(answer).toPayload();
        }
    }

    /** Decode one 1,000-entry answer and sort its addresses into new targets and known edges. */
    @Benchmark
    public int decodeAndSortOneAnswer() throws Exception {
        byte[] payload = answers[next++ & 63];
        AdvertisedAddresses one = new AdvertisedAddresses("127.0.0.1:2", Endpoint.parse("127.0.0.1:2"), table);
        one.scanV2(ByteBuffer.wrap(payload));
        return one.distinct() + one.targets().size();
    }
}
