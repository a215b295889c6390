package io.peercensus.dht.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.multistream.Multistream;
import io.peercensus.dht.internal.yamux.YamuxStream;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpgraderTest {
    private static final String ECHO = "/echo/1.0.0";
    private static final Map<KeyType, PrivateKey> KEYS = new EnumMap<>(KeyType.class);

    private static synchronized PrivateKey key(KeyType type) {
        return KEYS.computeIfAbsent(type, t -> PrivateKey.generate(t, seeded(100 + t.ordinal())));
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    /** Accepts the connection and echoes every {@code /echo/1.0.0} stream until the connection ends. */
    private static Future<Connection> echoServer(Loopback pair, PrivateKey identity) {
        return pair.run(() -> {
            Connection connection = Upgrader.accept(pair.server, identity, deadline());
            pair.run(() -> {
                while (true) {
                    Connection.InboundStream inbound = connection.acceptStream(Set.of(ECHO), deadline());
                    pair.run(() -> echo(inbound.stream()));
                }
            });
            return connection;
        });
    }

    private static Void echo(YamuxStream stream) throws IOException {
        stream.await("echo input", deadline());
        stream.input().transferTo(stream.output());
        stream.close();
        return null;
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void upgradesAndEchoesOnParallelStreamsWithEveryKeyType(KeyType type) throws Exception {
        PrivateKey serverKey = key(type);
        PrivateKey clientKey = key(type == KeyType.ED25519 ? KeyType.RSA : KeyType.ED25519);
        try (Loopback pair = new Loopback()) {
            Future<Connection> server = echoServer(pair, serverKey);
            Connection client = Upgrader.dial(pair.client, clientKey, PeerId.fromPublicKey(serverKey.publicKey()), deadline());
            assertThat(client.remotePeer()).isEqualTo(PeerId.fromPublicKey(serverKey.publicKey()));
            assertThat(server.get().remotePeer()).isEqualTo(PeerId.fromPublicKey(clientKey.publicKey()));
            assertThat(server.get().remoteIdentity()).isEqualTo(clientKey.publicKey());

            List<Future<byte[]>> echoed = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] data = new byte[400_000]; // over the 256 KiB window: forces window updates
                new Random(i).nextBytes(data);
                sent.add(data);
                YamuxStream stream = client.newStream(ECHO, deadline());
                pair.run(() -> {
                    stream.output().write(data);
                    stream.close();
                    return null;
                });
                echoed.add(pair.run(() -> stream.input().readAllBytes()));
            }
            for (int i = 0; i < sent.size(); i++) {
                assertThat(echoed.get(i).get()).isEqualTo(sent.get(i));
            }
            client.close();
        }
    }

    @Test
    void refusedProtocolIsAProtocolErrorAndTheConnectionLivesOn() throws Exception {
        try (Loopback pair = new Loopback()) {
            echoServer(pair, key(KeyType.ED25519));
            Connection client = Upgrader.dial(pair.client, key(KeyType.SECP256K1), null, deadline());
            assertThatThrownBy(() -> client.newStream("/ipfs/kad/1.0.0", deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("multistream: peer does not support /ipfs/kad/1.0.0")
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            YamuxStream stream = client.newStream(ECHO, deadline());
            stream.output().write("still here".getBytes());
            stream.close();
            assertThat(new String(stream.input().readAllBytes())).isEqualTo("still here");
        }
    }

    @Test
    void dialRejectsAnUnexpectedPeer() throws Exception {
        PeerId wanted = PeerId.fromPublicKey(key(KeyType.ECDSA).publicKey());
        PeerId actual = PeerId.fromPublicKey(key(KeyType.ED25519).publicKey());
        try (Loopback pair = new Loopback()) {
            echoServer(pair, key(KeyType.ED25519));
            assertThatThrownBy(() -> Upgrader.dial(pair.client, key(KeyType.SECP256K1), wanted, deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("noise: remote is " + actual + ", expected " + wanted)
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
        }
    }

    @Test
    void dialRefusedNoiseIsAHandshakeFailure() throws Exception {
        try (Loopback pair = new Loopback()) {
            pair.run(() -> Multistream.handle(new SocketInput(pair.server), pair.server.getOutputStream(), Set.of("/tls/1.0.0"),
                    deadline()));
            assertThatThrownBy(() -> Upgrader.dial(pair.client, key(KeyType.ED25519), null, deadline()))
                    .isInstanceOf(ProbeException.class).hasMessage("multistream: peer refused /noise")
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
        }
    }

    @Test
    void peerThatStopsAfterMultistreamTimesOutWithinTheDeadline() throws Exception {
        try (Loopback pair = new Loopback()) {
            pair.run(() -> Multistream.handle(new SocketInput(pair.server), pair.server.getOutputStream(), Set.of("/noise"),
                    deadline())); // agrees to /noise, then says nothing
            assertThatThrownBy(() -> Upgrader.dial(pair.client, key(KeyType.ED25519), null, Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no noise handshake message 2 within");
        }
    }

    @Test
    void clientResetsStreamsThePeerOpens() throws Exception {
        try (Loopback pair = new Loopback()) {
            Future<Connection> server = echoServer(pair, key(KeyType.ED25519));
            Connection client = Upgrader.dial(pair.client, key(KeyType.ED25519), null, deadline());
            assertThatThrownBy(() -> server.get().newStream("/ipfs/id/push/1.0.0", deadline()))
                    .isInstanceOf(TransportException.class).hasMessage("yamux: stream 2 reset by peer");
            assertThat(client.session().failure()).isEmpty();
        }
    }

    @Test
    void clientThatAcceptsInboundStreamsAnswersThemAndRefusesOthers() throws Exception {
        try (Loopback pair = new Loopback()) {
            Future<Connection> server = echoServer(pair, key(KeyType.ED25519));
            Connection client = Upgrader.dial(pair.client, key(KeyType.RSA), null, deadline(), seeded(7), Thread::new, true);
            Future<Void> answering = pair.run(() -> {
                Connection.InboundStream inbound = client.acceptStream(Set.of(ECHO), deadline());
                assertThat(inbound.protocol()).isEqualTo(ECHO);
                return echo(inbound.stream());
            });
            assertThatThrownBy(() -> server.get().newStream("/ipfs/ping/1.0.0", deadline())).isInstanceOf(ProbeException.class)
                    .hasMessage("multistream: peer does not support /ipfs/ping/1.0.0");
            YamuxStream stream = server.get().newStream(ECHO, deadline());
            stream.output().write(new byte[] {1, 2, 3});
            stream.close();
            stream.await("echo", deadline());
            assertThat(stream.input().readAllBytes()).containsExactly(1, 2, 3);
            answering.get();
            assertThat(client.session().failure()).isEmpty();
        }
    }
}
