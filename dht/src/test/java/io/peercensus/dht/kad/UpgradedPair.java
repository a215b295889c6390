package io.peercensus.dht.kad;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.transport.Loopback;
import io.peercensus.dht.internal.transport.Upgrader;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** A client connection upgraded over loopback to a server that hands each inbound stream to a handler. */
public final class UpgradedPair implements Closeable {
    /** Handles one inbound stream on its own thread. */
    public interface Handler {
        void handle(Connection.InboundStream inbound) throws Exception;
    }

    public final Loopback loopback;
    public final PrivateKey serverKey;
    public final Connection client;
    public final Connection server;

    public UpgradedPair(Set<String> protocols, Handler handler) throws Exception {
        loopback = new Loopback();
        serverKey = PrivateKey.generate(KeyType.ED25519, seeded(7));
        Future<Connection> accepted = loopback.run(() -> Upgrader.accept(loopback.server, serverKey, deadline()));
        client = Upgrader.dial(loopback.client, PrivateKey.generate(KeyType.ED25519, seeded(8)), PeerId.fromPublicKey(serverKey.publicKey()),
                deadline());
        server = accepted.get();
        loopback.run(() -> {
            while (true) {
                Connection.InboundStream inbound = server.acceptStream(protocols, deadline());
                loopback.run((Callable<Void>) () -> {
                    handler.handle(inbound);
                    return null;
                });
            }
        });
    }

    public static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        loopback.close();
    }
}
