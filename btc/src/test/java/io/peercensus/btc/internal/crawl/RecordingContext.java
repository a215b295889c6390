package io.peercensus.btc.internal.crawl;

import io.peercensus.ConversationEnd;
import io.peercensus.Network;
import io.peercensus.address.Endpoint;
import io.peercensus.crawl.ProbeContext;
import io.peercensus.crawl.ProbeTarget;
import io.peercensus.crawl.Waits;
import io.peercensus.net.Deadline;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A context for one conversation run outside a crawl: it records what the conversation tells the crawl. */
final class RecordingContext implements ProbeContext {
    private final Waits waits;
    final List<ProbeTarget> discovered = new CopyOnWriteArrayList<>();
    final List<ConversationEnd> ends = new CopyOnWriteArrayList<>();
    volatile boolean reached;

    RecordingContext(Waits waits) {
        this.waits = waits;
    }

    @Override
    public Network network() {
        return Network.BITCOIN;
    }

    @Override
    public Deadline deadline() {
        return Deadline.after(waits.conversation());
    }

    @Override
    public Waits waits(Endpoint endpoint) {
        return waits;
    }

    @Override
    public void reached() {
        reached = true;
    }

    @Override
    public void discovered(List<ProbeTarget> peers) {
        discovered.addAll(peers);
    }

    @Override
    public void ended(ConversationEnd how) {
        ends.add(how);
    }

    @Override
    public Socket connect(Endpoint endpoint) {
        throw new UnsupportedOperationException("the test hands the conversation its channel");
    }

    @Override
    public boolean isKnown(String peerID) {
        return false;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    /** Waits of {@code seconds} each. */
    static RecordingContext withWaits(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return new RecordingContext(new Waits(d, d, d));
    }
}
