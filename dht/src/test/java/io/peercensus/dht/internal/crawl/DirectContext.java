package io.peercensus.dht.internal.crawl;

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

/** A probe context that opens channels directly, knows no peer and allows everything; closing closes its channels. */
final class DirectContext implements ProbeContext, Closeable {
    private final Deadline deadline;
    private final Duration timeout;
    private final List<SocketChannel> opened = new ArrayList<>();

    DirectContext(Duration timeout, Duration deadline) {
        this.timeout = timeout;
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
        return new Waits(timeout, timeout, timeout);
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
