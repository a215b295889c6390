package io.peercensus.dht.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.Network;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Waits;
import io.peercensus.net.Deadline;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A probe context that opens channels directly, knows no peer and allows everything, and keeps what the conversation
 * told it (reached, how it ended); closing closes its channels.
 */
final class DirectContext implements ProbeContext, Closeable {
    private final Deadline deadline;
    private final Waits waits;
    private final List<SocketChannel> opened = new ArrayList<>();
    /** How many times the conversation said the peer was reached. */
    final AtomicInteger reached = new AtomicInteger();
    /** How the conversation said it ended, the first time it said so; null until then. */
    final AtomicReference<ConversationEnd> end = new AtomicReference<>();
    /** How many times the conversation said how it ended. */
    final AtomicInteger endings = new AtomicInteger();

    /** Every wait (connect, message, answer) of {@code timeout}. */
    DirectContext(Duration timeout, Duration deadline) {
        this(new Waits(timeout, timeout, timeout), deadline);
    }

    DirectContext(Waits waits, Duration deadline) {
        this.waits = waits;
        this.deadline = Deadline.after(deadline);
    }

    @Override
    public Network network() {
        return Network.IPFS;
    }

    @Override
    public Deadline deadline() {
        return deadline;
    }

    @Override
    public Waits waits(Endpoint endpoint) {
        return waits;
    }

    @Override
    public void reached() {
        reached.incrementAndGet();
    }

    @Override
    public void ended(ConversationEnd how) {
        end.compareAndSet(null, how);
        endings.incrementAndGet();
    }

    @Override
    public void discovered(List<ProbeTarget> peers) {
        throw new AssertionError("the DHT prober names its peers in its result");
    }

    @Override
    public Socket connect(Endpoint endpoint) {
        throw new AssertionError("the DHT prober opens channels");
    }

    @Override
    public synchronized SocketChannel openChannel(Endpoint endpoint) throws IOException {
        SocketChannel channel = SocketChannel.open();
        opened.add(channel);
        channel.configureBlocking(false);
        channel.connect(endpoint.toInetSocketAddress());
        return channel;
    }

    @Override
    public boolean isKnown(String peerID) {
        return false;
    }

    @Override
    public Instant now() {
        return Instant.EPOCH;
    }

    @Override
    public synchronized void close() throws IOException {
        for (SocketChannel c : opened) {
            c.close();
        }
    }
}
