package io.peercensus.examples.report;

import io.peercensus.sink.CrawlStore;
import io.peercensus.sink.StoredCrawl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A SQLite crawl database opened for the {@code report} and {@code export} commands, with the checks a command line
 * needs: a missing file, a file that is no peercensus database, an unknown crawl id are each an
 * {@link IllegalArgumentException} with a one-line message naming the file (exit status 2).
 *
 * <p>Not thread-safe, like the {@link CrawlStore} it holds.
 */
public final class CrawlDatabase implements AutoCloseable {
    private final Path file;
    private final CrawlStore store;

    private CrawlDatabase(Path file, CrawlStore store) {
        this.file = file;
        this.store = store;
    }

    /**
     * Opens {@code file} for reading (it is never created).
     *
     * @throws IllegalArgumentException when the file is missing or holds no peercensus database
     */
    public static CrawlDatabase open(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no such database file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a database file: " + file);
        }
        try {
            return new CrawlDatabase(file, CrawlStore.sqlite(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable peercensus database: " + e.getMessage(), e);
        }
    }

    /** The store, for reading observations and edges. */
    public CrawlStore store() {
        return store;
    }

    /** Every stored crawl, oldest first. */
    public List<StoredCrawl> crawls() throws IOException {
        return store.crawls();
    }

    /**
     * The crawl with id {@code crawlId}, or the latest crawl (the last to start) when {@code crawlId} is null.
     *
     * @throws IllegalArgumentException when there is no such crawl, or no crawl at all
     */
    public StoredCrawl crawl(String crawlId) throws IOException {
        if (crawlId == null) {
            List<StoredCrawl> all = store.crawls();
            if (all.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no crawls");
            }
            return all.get(all.size() - 1);
        }
        Optional<StoredCrawl> crawl = store.crawl(crawlId);
        if (crawl.isEmpty()) {
            int stored = store.crawls().size();
            throw new IllegalArgumentException("no crawl '" + crawlId + "' in " + file + " (" + stored
                    + (stored == 1 ? " crawl" : " crawls") + " stored; list them with 'report --db " + file + " --list')");
        }
        return crawl.get();
    }

    /** Closes the store. */
    @Override
    public void close() throws IOException {
        store.close();
    }
}
