package io.peercensus.testkit;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.identify.IdentifyClient;
import io.peercensus.dht.identify.IdentifyMessage;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.internal.transport.Upgrader;
import io.peercensus.dht.kad.KadClient;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;

/** A dialer built on peercensus-dht's client side: TCP, the libp2p upgrade, identify and FIND_NODE. */
final class DhtTestClient implements Closeable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final PrivateKey KEY = PrivateKey.generate(KeyType.ED25519, seeded(99));

    final Socket socket;
    final Connection connection;

    private DhtTestClient(Socket socket, Connection connection) {
        this.socket = socket;
        this.connection = connection;
    }

    /** A TCP connection to {@code address} (an {@code /ip4/.../tcp/...} multiaddr), not upgraded. */
    static Socket connect(Multiaddr address, int connectMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address.ip().orElseThrow(), address.tcpPort().orElseThrow()), connectMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Dials {@code node} at its first listen address and upgrades, expecting {@code expected}. */
    static DhtTestClient dial(DhtNodeTruth node, PeerId expected) throws IOException, ProbeException {
        Socket socket = connect(node.listenAddrs().get(0), 2_000);
        try {
            return new DhtTestClient(socket, Upgrader.dial(socket, KEY, expected, Deadline.after(TIMEOUT)));
        } catch (IOException | ProbeException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static DhtTestClient dial(DhtNodeTruth node) throws IOException, ProbeException {
        return dial(node, node.peerId());
    }

    IdentifyMessage identify() throws IOException, ProbeException {
        return IdentifyClient.request(connection, Deadline.after(TIMEOUT));
    }

    KadMessage findNode(String protocolId, byte[] key) throws IOException, ProbeException {
        return KadClient.findNode(connection, protocolId, key, Deadline.after(TIMEOUT));
    }

    @Override
    public void close() throws IOException {
        connection.close();
        socket.close();
    }

    /** The class a crawler would record for {@code e}. */
    static ErrorClass errorClass(Exception e) {
        if (e instanceof ProbeException p) {
            return p.errorClass();
        }
        if (e instanceof TransportException t) {
            return t.errorClass();
        }
        if (e instanceof IOException io) {
            return ErrorClass.of(io);
        }
        throw new AssertionError("not a network failure", e);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** How many leading bits two 32-byte IDs share. */
    static int commonPrefixLength(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int x = (a[i] ^ b[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return a.length * 8;
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
