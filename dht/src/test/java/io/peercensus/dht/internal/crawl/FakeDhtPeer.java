package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.identify.IdentifyClient;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.identify.IdentifyResponder;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.transport.Upgrader;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.kad.KadResponder;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A libp2p peer on 127.0.0.1 whose routing table the test sets: it answers identify with the given message and
 * FIND_NODE with the 20 entries closest to the key (or with {@code garbage} when set), counting the requests.
 *
 * <p>When it {@code checksCrawler}, it treats the crawler as js-libp2p treats every new connection: it runs identify
 * and a ping on streams of its own, and closes the connection when either stream is reset (js-libp2p's connection
 * monitor aborts a connection whose ping fails; a refused protocol counts as alive). It answers FIND_NODE only once
 * both checks are done, so a crawler that resets them gets no answer.
 */
final class FakeDhtPeer implements Closeable {
    static final String KAD = KadMessage.IPFS_PROTOCOL_ID;
    static final String AGENT = "fake-dht/1.0";
    static final String PING = "/ipfs/ping/1.0.0";

    /** The identity of every fake peer. */
    static final PrivateKey KEY = PrivateKey.generate(KeyType.ED25519, UpgradedPair.seeded(21));
    /** The Kademlia ID of every fake peer. */
    static final byte[] KAD_ID = KadKey.kadId(PeerId.fromPublicKey(KEY.publicKey()).toBytes());

    final PrivateKey key = KEY;
    final PeerId id = PeerId.fromPublicKey(key.publicKey());
    final byte[] kadId = KAD_ID;
    final AtomicInteger findNodes = new AtomicInteger();
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-dht-peer");
        t.setDaemon(true);
        return t;
    });
    private final List<KadPeer> table;
    private final byte[] garbage;
    private final List<String> protocols;
    private final boolean checksCrawler;
    /** What the crawler said to identify, once asked. */
    final CompletableFuture<IdentifyMessage> crawlerIdentify = new CompletableFuture<>();
    /** How the crawler answered a ping stream: "refused", "agreed", or the exception when it failed. */
    final CompletableFuture<String> crawlerPing = new CompletableFuture<>();

    FakeDhtPeer(List<KadPeer> table, byte[] garbage, List<String> protocols) throws IOException {
        this(table, garbage, protocols, false);
    }

    FakeDhtPeer(List<KadPeer> table, byte[] garbage, List<String> protocols, boolean checksCrawler) throws IOException {
        this.table = List.copyOf(table);
        this.garbage = garbage;
        this.protocols = List.copyOf(protocols);
        this.checksCrawler = checksCrawler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** {@code /ip4/127.0.0.1/tcp/PORT}. */
    Multiaddr address() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort());
    }

    private Void acceptLoop() throws IOException {
        while (!server.isClosed()) {
            Socket socket = server.accept();
            threads.submit(() -> serve(socket));
        }
        return null;
    }

    private Void serve(Socket socket) throws Exception {
        try (socket) {
            Connection connection = Upgrader.accept(socket, key, deadline());
            IdentifyMessage identify = IdentifyMessage.of(key.publicKey(), List.of(address()), protocols, null, "ipfs/0.1.0", AGENT);
            CompletableFuture<Void> checked = checksCrawler ? CompletableFuture.runAsync(() -> check(connection), threads)
                    : CompletableFuture.completedFuture(null);
            while (true) {
                Connection.InboundStream inbound = connection.acceptStream(Set.of(IdentifyMessage.PROTOCOL_ID, KAD), deadline());
                threads.submit(() -> handle(inbound, identify, checked));
            }
        } catch (IOException e) {
            return null; // the crawler closed the connection
        }
    }

    /** Identifies and pings the crawler as js-libp2p does; a failed ping (not a refused one) closes the connection. */
    private void check(Connection connection) {
        try {
            crawlerIdentify.complete(IdentifyClient.request(connection, deadline()));
        } catch (IOException | ProbeException | RuntimeException e) {
            crawlerIdentify.completeExceptionally(e); // js-libp2p logs a failed identify and keeps the connection
        }
        try {
            YamuxStream ping = connection.newStream(PING, deadline());
            ping.reset();
            crawlerPing.complete("agreed");
        } catch (ProbeException e) {
            crawlerPing.complete("refused");
        } catch (IOException | RuntimeException e) {
            crawlerPing.complete(e.toString());
            connection.close();
        }
    }

    private Void handle(Connection.InboundStream inbound, IdentifyMessage identify, CompletableFuture<Void> checked) throws Exception {
        YamuxStream stream = inbound.stream();
        if (inbound.protocol().equals(IdentifyMessage.PROTOCOL_ID)) {
            IdentifyResponder.respond(stream, identify);
            return null;
        }
        checked.get(30, TimeUnit.SECONDS);
        if (garbage != null) {
            KadResponder.readRequest(stream, deadline());
            findNodes.incrementAndGet();
            stream.await("garbage", deadline());
            io.peercensus.dht.internal.protobuf.LengthPrefixed.write(stream.output(), garbage);
            stream.close();
            return null;
        }
        KadResponder.serveFindNode(stream, key -> {
            findNodes.incrementAndGet();
            return closest(key);
        }, deadline());
        return null;
    }

    private List<KadPeer> closest(byte[] key) {
        byte[] target = KadKey.kadId(key);
        return table.stream().sorted(Comparator.comparing(p -> distance(KadKey.kadId(p.id()), target))).limit(20).toList();
    }

    private static BigInteger distance(byte[] a, byte[] b) {
        byte[] x = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = (byte) (a[i] ^ b[i]);
        }
        return new BigInteger(1, x);
    }

    /** How many buckets (common prefix lengths with this peer) the table fills. */
    int nonEmptyBuckets() {
        Set<Integer> buckets = new HashSet<>();
        for (KadPeer p : table) {
            buckets.add(KadKey.commonPrefixLength(KadKey.kadId(p.id()), kadId));
        }
        return buckets.size();
    }

    /**
     * A Kademlia table for {@code remote}: random peers (sha2-256 peer IDs), at most 20 per bucket, only in the
     * buckets {@code allowed} says, until {@code size} entries or the candidates run out.
     */
    static List<KadPeer> table(byte[] remoteKadId, int size, java.util.function.IntPredicate allowed, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int[] perBucket = new int[257];
        List<KadPeer> out = new ArrayList<>();
        for (int tries = 0; out.size() < size && tries < 200_000; tries++) {
            byte[] id = new byte[34];
            random.nextBytes(id);
            id[0] = 0x12;
            id[1] = 0x20;
            int cpl = KadKey.commonPrefixLength(KadKey.kadId(id), remoteKadId);
            if (cpl >= 16 || !allowed.test(cpl) || perBucket[cpl] == 20) {
                continue;
            }
            perBucket[cpl]++;
            out.add(KadPeer.of(PeerId.fromBytes(id), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (1000 + out.size()))),
                    KadPeer.ConnectionType.NOT_CONNECTED));
        }
        return out;
    }

    static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
