package io.peercensus.internal.sink;

import io.peercensus.CrawlInfo;
import io.peercensus.CrawlSummary;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import java.io.IOException;
import java.util.List;

/** Hands every call to several sinks in order. As thread-safe as the sinks it holds. */
public final class TeeSink implements PeerSink {
    private final List<PeerSink> sinks;

    /** A sink feeding each of {@code sinks}. */
    public TeeSink(List<PeerSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void crawlStarted(CrawlInfo crawl) throws IOException {
        for (PeerSink s : sinks) {
            s.crawlStarted(crawl);
        }
    }

    @Override
    public void crawlResumed(CrawlInfo crawl) throws IOException {
        for (PeerSink s : sinks) {
            s.crawlResumed(crawl);
        }
    }

    @Override
    public void queued(Peer peer) throws IOException {
        for (PeerSink s : sinks) {
            s.queued(peer);
        }
    }

    @Override
    public void accept(Peer peer) throws IOException {
        for (PeerSink s : sinks) {
            s.accept(peer);
        }
    }

    @Override
    public void edges(String from, List<String> to) throws IOException {
        for (PeerSink s : sinks) {
            s.edges(from, to);
        }
    }

    @Override
    public void crawlFinished(CrawlSummary summary) throws IOException {
        for (PeerSink s : sinks) {
            s.crawlFinished(summary);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PeerSink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
