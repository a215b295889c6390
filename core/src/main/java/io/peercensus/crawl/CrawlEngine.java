package io.peercensus.crawl;

import io.peercensus.CrawlCheckpoint;
import io.peercensus.CrawlException;
import io.peercensus.CrawlInfo;
import io.peercensus.CrawlListener;
import io.peercensus.CrawlProgress;
import io.peercensus.CrawlSummary;
import io.peercensus.CrawlSummary.StopReason;
import io.peercensus.ConversationEnd;
import io.peercensus.ErrorClass;
import io.peercensus.Network;
import io.peercensus.Peer;
import io.peercensus.PeerSink;
import io.peercensus.PeerStatus;
import io.peercensus.address.Endpoint;
import io.peercensus.internal.crawl.Conversation;
import io.peercensus.internal.crawl.Frontier;
import io.peercensus.internal.crawl.ObservationLog;
import io.peercensus.internal.crawl.ProbeThreads;
import io.peercensus.internal.crawl.SocketBudget;
import io.peercensus.net.Deadline;
import io.peercensus.net.Dialer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network-agnostic crawl: a breadth-first walk over a frontier of peers. It takes a peer, dials it
 * through a network's {@link Prober}, records the observation, and queues the neighbours it has not
 * seen. It ends when nothing is queued or in flight, at a limit, or when {@link #cancel()} is called.
 *
 * <p>Every conversation is bounded by the settings' conversation timeout (by default derived from the peer's
 * {@link Waits}): when it passes, the peer is recorded unreachable with class {@code timeout}, its sockets are
 * closed and its slot is given to the next peer, whatever the prober does. Peers the address guard forbids are
 * recorded {@link PeerStatus#DISCOVERED} and never dialed.
 *
 * <p>Two bounds apply to conversations under way. {@link CrawlSettings#concurrency()} bounds those dialing and
 * handshaking; a conversation whose peer completed the handshake ({@link ProbeContext#reached()}) only waits for
 * answers, and gives its dialing slot to the next peer. All conversations together are bounded by the sockets the
 * process may open ({@link SocketBudget}, read once per crawl), so long waits for answers never starve the crawl
 * and never run it out of file descriptors.
 *
 * <p>One engine runs one crawl. Thread-safe: {@link #cancel()} and {@link #progress()} may be called
 * from any thread while {@link #run} runs.
 */
public final class CrawlEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CrawlEngine.class);
    /** Extra time the watchdog gives a prober past its deadline to return what it has. */
    private static final Duration GRACE = Duration.ofMillis(250);
    /** How long the end of a crawl waits for conversation threads to end. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofMillis(200);

    /** Supplies a crawl's first peers; runs on the crawl's thread, so it may block (DNS). */
    @FunctionalInterface
    public interface Seeds {
        /**
         * The peers to start from.
         *
         * @throws CrawlException with a one-line message when none can be had
         */
        List<ProbeTarget> get() throws CrawlException;
    }

    /** The waits of an engine made without a network's own: 5 s each, the crawl's settings applied. */
    private static final WaitPolicy FALLBACK_WAITS = WaitPolicy.everywhere(Waits.ofSeconds(5, 5, 5));

    private final Network network;
    private final Prober prober;
    private final CrawlSettings settings;
    private final WaitPolicy waits;
    private final CrawlListener listener;
    private final Clock clock;
    private final Dialer dialer;
    private final String crawlId;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Frontier frontier = new Frontier();
    private final Set<Conversation> active = new HashSet<>();
    /** Conversations under way, each holding a socket (or about to). */
    private int inFlight;
    /** Conversations under way whose peer has not completed the handshake: each holds a dialing slot. */
    private int dialing;
    /** Conversations whose peer completed the handshake, over the whole crawl. */
    private long reachedCount;
    /** The most conversations under way at once: the sockets the process may open for the crawl. */
    private int maxOpen = Integer.MAX_VALUE;
    private final Conversation.Crawl hooks = new Conversation.Crawl() {
        @Override
        public void reached(Conversation c) {
            reachedPeer(c);
        }

        @Override
        public void discovered(Conversation c, List<ProbeTarget> peers) {
            admitAll(peers, true);
        }
    };
    private long dispatched;
    private StopReason stopRequested;
    /** When {@link #stop} was asked for: the moment the conversations under way must have ended by. */
    private Deadline stopGrace;
    /** The crawl this engine continues, or {@code null} for a new crawl. */
    private final CrawlCheckpoint resume;
    /** The target to dial for a peer the resumed crawl had queued, or {@code null} when it cannot be dialed. */
    private final Function<Peer, ProbeTarget> requeue;
    private long startNanos;

    private ObservationLog log;

    /** Conversations of an {@link AsyncProber} that ended, waiting for the engine's thread to record them. */
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();

    /** How an asynchronous conversation ended: its result, or the error that ended it. */
    private record Finished(Conversation conversation, ScheduledFuture<?> watchdog, ProbeResult result, Throwable error) {
    }

    /**
     * An engine for one crawl whose network has no waits of its own: 5 s for each, with the settings' applied.
     *
     * @param network the network crawled (the {@code network} of discovered observations)
     * @param prober converses with one peer
     * @param settings concurrency, waits, limits, guard and proxy
     * @param listener hears progress; {@link CrawlListener#NONE} for none
     * @param clock the clock of {@code seenAt} and crawl times
     */
    public CrawlEngine(Network network, Prober prober, CrawlSettings settings, CrawlListener listener, Clock clock) {
        this(network, prober, settings, FALLBACK_WAITS, listener, clock);
    }

    /**
     * An engine for one crawl.
     *
     * @param network the network crawled (the {@code network} of discovered observations)
     * @param prober converses with one peer
     * @param settings concurrency, waits, limits, guard and proxy
     * @param defaultWaits the network's waits, which the settings' override ({@link CrawlSettings#waitPolicy})
     * @param listener hears progress; {@link CrawlListener#NONE} for none
     * @param clock the clock of {@code seenAt} and crawl times
     */
    public CrawlEngine(Network network, Prober prober, CrawlSettings settings, WaitPolicy defaultWaits,
            CrawlListener listener, Clock clock) {
        this(network, prober, settings, defaultWaits, listener, clock, null, p -> null);
    }

    /**
     * An engine that continues the crawl {@code resume} recorded: same crawl id and start, its observed peers never
     * dialed again, its queued peers dialed (see {@link #run}).
     *
     * @param resume the checkpoint of a stopped or killed crawl of {@code network}, or {@code null} for a new crawl
     * @param requeue the target to dial for one of the checkpoint's queued peers, {@code null} when it has none
     */
    public CrawlEngine(Network network, Prober prober, CrawlSettings settings, WaitPolicy defaultWaits,
            CrawlListener listener, Clock clock, CrawlCheckpoint resume, Function<Peer, ProbeTarget> requeue) {
        if (resume != null && !resume.network().equals(network)) {
            throw new IllegalArgumentException("crawl " + resume.crawlId() + " is of " + resume.network().name()
                    + ", not " + network.name() + "; resume it with a crawler of its network");
        }
        this.resume = resume;
        this.requeue = Objects.requireNonNull(requeue, "requeue");
        this.network = network;
        this.prober = prober;
        this.settings = settings;
        this.waits = settings.waitPolicy(defaultWaits);
        this.listener = listener;
        this.clock = clock;
        this.dialer = settings.loopbackOnly() ? Dialer.loopbackOnly(settings.proxy())
                : new Dialer(settings.allowPrivateAddresses(), settings.proxy());
        this.crawlId = resume != null ? resume.crawlId() : UUID.randomUUID().toString();
    }

    /** The run id of this engine's crawl. */
    public String crawlId() {
        return crawlId;
    }

    /**
     * Runs the crawl to its end, handing observations to {@code sinks} in order, and closes the sinks.
     *
     * <p>Every peer queued for dialing is first handed to the sinks' {@link PeerSink#queued}, before the observation
     * of the conversation that named it, so a database holds what a killed crawl still had to do. A resumed crawl
     * ({@link CrawlCheckpoint}) tells the sinks {@link PeerSink#crawlResumed}, dials the seeds and the checkpoint's
     * queued peers that were not observed, and never dials a peer the checkpoint observed.
     *
     * @return the totals; stop reason {@code CLOSED} when {@link #cancel()} ended it, {@code STOPPED} after
     *     {@link #stop}
     * @throws CrawlException when the seeds cannot be had or a sink fails
     */
    public CrawlSummary run(Seeds seeds, List<PeerSink> sinks) {
        Map<String, String> described = new LinkedHashMap<>(settings.describe());
        waits.describe().forEach((route, w) -> described.put("waits." + route, w)); // the waits in force, per route
        CrawlInfo info = new CrawlInfo(crawlId, network, resume != null ? resume.started() : clock.instant(), described);
        int budget = SocketBudget.forCrawl(settings.concurrency());
        ObservationLog observations = resume == null ? new ObservationLog(sinks, listener, settings.edges())
                : new ObservationLog(sinks, listener, settings.edges(), resume.reachable(), resume.unreachable(),
                        resume.discovered());
        ExecutorService probes = ProbeThreads.newExecutor("peercensus-probe");
        ScheduledExecutorService timers = newTimers();
        StopReason reason = StopReason.CLOSED;
        lock.lock();
        try {
            this.log = observations;
            this.startNanos = System.nanoTime();
            this.maxOpen = budget;
        } finally {
            lock.unlock();
        }
        ScheduledFuture<?> ticks = timers.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        try {
            if (resume == null) {
                observations.started(info);
            } else {
                observations.resumed(info);
                resume.observed().forEach(frontier::markSeen);
            }
            if (!stopping()) {
                admitAll(seeds.get(), true);
                if (resume != null) {
                    admitAll(requeued(), false); // queued before: already in the sinks' journal
                }
                reason = dispatch(probes, timers);
            } else {
                reason = requestedStop();
            }
        } catch (RuntimeException e) {
            shutdown(probes, timers);
            observations.finish(observations.summary(info, clock.instant(), StopReason.CLOSED));
            listener.crawlFailed(info, e);
            throw e;
        } finally {
            ticks.cancel(false);
        }
        if (reason == StopReason.STOPPED) {
            settle();
        }
        shutdown(probes, timers);
        if (reason == StopReason.DURATION || reason == StopReason.MAX_PEERS) {
            List<ProbeTarget> left;
            lock.lock();
            try {
                left = frontier.drain();
            } finally {
                lock.unlock();
            }
            for (ProbeTarget target : left) {
                observations.record(discovered(target, "not dialed: crawl limit reached"), List.of(), null);
            }
        }
        CrawlSummary summary = observations.summary(info, clock.instant(), reason);
        observations.finish(summary);
        Exception failure = observations.failure();
        if (failure != null) {
            String why = "sink failed: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage());
            CrawlException e = observations.failedFinishing() ? new CrawlException(why, failure, summary)
                    : new CrawlException(why, failure);
            listener.crawlFailed(info, e);
            throw e;
        }
        listener.crawlFinished(summary);
        return summary;
    }

    /**
     * Stops the crawl: no more dials, every open conversation aborted and its sockets closed, nothing
     * more handed to the sinks. {@link #run} then returns promptly. Idempotent.
     */
    public void cancel() {
        List<Conversation> open;
        lock.lock();
        try {
            if (stopRequested == null) {
                stopRequested = StopReason.CLOSED;
            }
            if (log != null) {
                log.close();
            }
            open = new ArrayList<>(active);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Conversation c : open) {
            if (c.settle()) {
                release(c);
            }
            c.abort();
        }
    }

    /**
     * Stops the crawl gracefully: no more dials; the conversations under way get up to {@code grace} to end and be
     * recorded, and the rest are aborted unrecorded (a resumed crawl dials them again). Peers still queued are not
     * recorded; the sinks' journal ({@link PeerSink#queued}) holds them. {@link #run} then returns the summary with
     * stop reason {@code STOPPED}, after the sinks finished. Idempotent; after {@link #cancel()} it does nothing.
     */
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        lock.lock();
        try {
            if (stopRequested == null) {
                stopRequested = StopReason.STOPPED;
                stopGrace = Deadline.after(grace);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The checkpoint's queued peers that were not observed, as targets to dial. */
    private List<ProbeTarget> requeued() {
        List<ProbeTarget> targets = new ArrayList<>();
        for (Peer p : resume.queued()) {
            ProbeTarget t = requeue.apply(p);
            if (t != null) {
                targets.add(t);
            }
        }
        return targets;
    }

    /** After {@link #stop}: lets the conversations under way end until the grace passes, then aborts the rest. */
    private void settle() {
        lock.lock();
        try {
            while (inFlight > 0 && !stopGrace.expired() && stopRequested == StopReason.STOPPED) {
                awaitChange(stopGrace);
            }
        } finally {
            lock.unlock();
        }
        drainFinished();
        abortAll(null);
    }

    /** A snapshot of the crawl's progress. */
    public CrawlProgress progress() {
        lock.lock();
        try {
            long[] counts = log == null ? new long[3] : log.counts();
            Duration elapsed = startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
            return new CrawlProgress(elapsed, frontier.seenCount(), counts[0], counts[1], counts[2], inFlight,
                    frontier.queued(), reachedCount);
        } finally {
            lock.unlock();
        }
    }

    private StopReason dispatch(ExecutorService probes, ScheduledExecutorService timers) {
        Deadline end = settings.duration() == null ? null : Deadline.after(settings.duration());
        while (true) {
            ProbeTarget next;
            lock.lock();
            try {
                while (true) {
                    if (stopRequested != null) {
                        return stopRequested;
                    }
                    if (log.failure() != null) {
                        return StopReason.CLOSED;
                    }
                    if (end != null && end.expired()) {
                        stopRequested = StopReason.DURATION;
                        break;
                    }
                    if (frontier.isEmpty() && inFlight == 0) {
                        return StopReason.EXHAUSTED;
                    }
                    if (!frontier.isEmpty() && dialing < settings.concurrency() && inFlight < maxOpen) {
                        break;
                    }
                    awaitChange(end);
                }
                if (stopRequested == StopReason.DURATION) {
                    next = null;
                } else {
                    next = frontier.poll();
                    inFlight++;
                    dialing++;
                    dispatched++;
                }
            } finally {
                lock.unlock();
            }
            if (next == null) {
                abortAll("not dialed to the end: crawl duration reached");
                return StopReason.DURATION;
            }
            start(next, probes, timers);
            if (settings.maxPeers() > 0 && dispatchedCount() >= settings.maxPeers()) {
                return awaitInFlight(end);
            }
        }
    }

    /** After the peer limit: let the conversations under way finish, then stop. */
    private StopReason awaitInFlight(Deadline end) {
        lock.lock();
        try {
            while (inFlight > 0 && stopRequested == null && (end == null || !end.expired())) {
                awaitChange(end);
            }
            if (stopRequested != null) {
                return stopRequested;
            }
        } finally {
            lock.unlock();
        }
        if (end != null && end.expired()) {
            abortAll("not dialed to the end: crawl duration reached");
            return StopReason.DURATION;
        }
        return StopReason.MAX_PEERS;
    }

    /** Waits, with the lock held, for a change; or records the asynchronous conversations that ended. */
    private void awaitChange(Deadline end) {
        if (!finished.isEmpty()) {
            lock.unlock();
            try {
                drainFinished();
            } finally {
                lock.lock();
            }
            return;
        }
        try {
            if (end == null) {
                changed.await();
            } else {
                changed.awaitNanos(Math.max(1, end.remaining().toNanos()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = StopReason.CLOSED;
        }
    }

    private long dispatchedCount() {
        lock.lock();
        try {
            return dispatched;
        } finally {
            lock.unlock();
        }
    }

    private void start(ProbeTarget target, ExecutorService probes, ScheduledExecutorService timers) {
        Duration bound = settings.conversationBound(waits.of(target.endpoints().get(0)));
        Conversation c = new Conversation(target, network, dialer, Deadline.after(bound), waits, clock, frontier,
                hooks);
        lock.lock();
        try {
            active.add(c);
        } finally {
            lock.unlock();
        }
        ScheduledFuture<?> watchdog = timers.schedule(() -> expire(c, bound), bound.plus(GRACE).toNanos(),
                TimeUnit.NANOSECONDS);
        if (prober instanceof AsyncProber async) {
            begin(async, c, watchdog);
            return;
        }
        try {
            probes.execute(() -> converse(c, watchdog));
        } catch (RejectedExecutionException stopped) {
            watchdog.cancel(false);
            if (c.settle()) {
                release(c);
            }
        }
    }

    /** Starts a conversation of an asynchronous prober; its end is recorded by {@link #drainFinished()}. */
    private void begin(AsyncProber async, Conversation c, ScheduledFuture<?> watchdog) {
        CompletionStage<ProbeResult> stage;
        try {
            stage = async.begin(c.target(), c);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, error) -> {
            finished.add(new Finished(c, watchdog, result, error));
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Records the asynchronous conversations that ended; on the engine's thread, without the lock. */
    private void drainFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            f.watchdog().cancel(false);
            Conversation c = f.conversation();
            c.closeSockets();
            if (c.settle()) {
                try {
                    if (f.error() == null) {
                        record(f.result().observation(), f.result().neighbours(), f.result().knownNeighbours(),
                                endOf(c, f.result().observation(), null));
                    } else {
                        Throwable e = f.error() instanceof CompletionException && f.error().getCause() != null
                                ? f.error().getCause() : f.error();
                        record(failure(c, e), List.of(), List.of(), endOf(c, null, e));
                    }
                } finally {
                    release(c);
                }
            }
        }
    }

    private void converse(Conversation c, ScheduledFuture<?> watchdog) {
        ProbeTarget target = c.target();
        Peer observation = null;
        List<ProbeTarget> neighbours = List.of();
        List<String> known = List.of();
        Throwable error = null;
        try {
            try {
                c.bind(Thread.currentThread());
                ProbeResult result = prober.probe(target, c);
                observation = result.observation();
                neighbours = result.neighbours();
                known = result.knownNeighbours();
            } catch (ProbeException | IOException | InterruptedException | RuntimeException | Error e) {
                error = e;
                observation = failure(c, e);
            }
        } finally {
            watchdog.cancel(false);
            c.closeSockets();
            c.unbind();
            if (observation == null && c.settle()) {
                release(c); // an error escaped even the handlers above: free the slot, or the crawl never ends
            }
        }
        if (c.settle()) {
            try {
                record(observation, neighbours, known, endOf(c, error == null ? observation : null, error));
            } finally {
                release(c);
            }
        }
    }

    /**
     * How a conversation ended: as its prober said ({@link ProbeContext#ended}), or else as its result shows: a
     * reachable peer answered, a timeout before the handshake is the message wait (the connect wait when the
     * connect itself timed out), a refusal or reset is a close.
     */
    private static ConversationEnd endOf(Conversation c, Peer reached, Throwable error) {
        if (c.end() != null) {
            return c.end();
        }
        if (reached != null && reached.status() == PeerStatus.REACHABLE) {
            return ConversationEnd.ANSWERED;
        }
        if (error instanceof SocketTimeoutException t) {
            String m = t.getMessage();
            return m != null && m.startsWith("connect") ? ConversationEnd.CONNECT_WAIT : ConversationEnd.MESSAGE_WAIT;
        }
        if (error instanceof ProbeException p) {
            return p.errorClass() == ErrorClass.PROTOCOL ? ConversationEnd.PROTOCOL : ConversationEnd.OTHER;
        }
        if (error instanceof IOException io) {
            return switch (ErrorClass.of(io)) {
                case REFUSED, RESET -> ConversationEnd.CLOSED;
                case TIMEOUT -> ConversationEnd.MESSAGE_WAIT;
                case PROTOCOL, HANDSHAKE -> ConversationEnd.PROTOCOL;
                default -> ConversationEnd.OTHER;
            };
        }
        return ConversationEnd.OTHER;
    }

    /** The observation of a conversation that ended with {@code e}. */
    private Peer failure(Conversation c, Throwable e) {
        ProbeTarget target = c.target();
        if (e instanceof ProbeException p) {
            return unreachable(target, c, p.errorClass(), p.getMessage());
        }
        if (e instanceof IOException io) {
            return unreachable(target, c, ErrorClass.of(io), describe(io));
        }
        if (e instanceof InterruptedException) {
            return unreachable(target, c, ErrorClass.TIMEOUT, "interrupted");
        }
        LOG.warn("prober failed on {}; recorded as a protocol error", target.peerID(), e);
        return unreachable(target, c, ErrorClass.PROTOCOL, "internal error: " + e);
    }

    private void expire(Conversation c, Duration bound) {
        if (c.settle()) {
            try {
                record(unreachable(c.target(), c, ErrorClass.TIMEOUT,
                        "conversation took longer than " + bound.toMillis() + " ms"), List.of(), List.of(),
                        ConversationEnd.CONVERSATION_WAIT);
            } finally {
                release(c);
            }
        }
        c.abort();
    }

    /**
     * Aborts every conversation under way: each is recorded as discovered with {@code why}, or, when {@code why} is
     * {@code null}, not recorded at all (a stopped crawl's resume dials it again).
     */
    private void abortAll(String why) {
        List<Conversation> open;
        lock.lock();
        try {
            open = new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
        for (Conversation c : open) {
            if (c.settle()) {
                try {
                    if (why != null) {
                        log.record(discovered(c.target(), why), List.of(), null);
                    }
                } finally {
                    release(c);
                }
            }
            c.abort();
        }
    }

    private void release(Conversation c) {
        lock.lock();
        try {
            if (active.remove(c)) {
                inFlight--;
                if (c.markReached()) {
                    dialing--; // ended before its handshake: the slot it held is free now
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A conversation's peer completed its handshake: its dialing slot goes to the next peer. */
    private void reachedPeer(Conversation c) {
        lock.lock();
        try {
            if (active.contains(c) && c.markReached()) {
                dialing--;
                reachedCount++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records an observation; {@code known} must be immutable (as {@link ProbeResult} makes it). */
    private void record(Peer observation, List<ProbeTarget> neighbours, List<String> known, ConversationEnd end) {
        List<String> ids = known; // later in a crawl, most peers name only peers already known: no copy
        if (!neighbours.isEmpty()) {
            List<String> all = new ArrayList<>(neighbours.size() + known.size());
            for (ProbeTarget n : neighbours) {
                all.add(n.peerID());
            }
            all.addAll(known);
            ids = Collections.unmodifiableList(all);
        }
        admitAll(neighbours, true); // first: the journal holds the neighbours before the observation naming them
        if (!log.record(observation, ids, end)) {
            lock.lock();
            try {
                if (stopRequested == null) {
                    stopRequested = StopReason.CLOSED;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Adds peers heard of: each queued when new and dialable, recorded as discovered when new and not. All of them
     * under one hold of the lock and with one wake-up of the crawl's thread: a conversation hands on a whole
     * message's new peers at once.
     */
    private void admitAll(List<ProbeTarget> targets, boolean journal) {
        List<Heard> fresh = null;
        for (ProbeTarget target : targets) {
            if (!frontier.markSeen(target.peerID())) {
                continue; // known: by far the most common case, decided without the lock
            }
            List<Endpoint> allowed = new ArrayList<>();
            String refusal = target.endpoints().isEmpty() ? "not dialed: no dialable address" : null;
            for (Endpoint e : target.endpoints()) {
                Optional<String> why = dialer.refusal(e);
                if (why.isEmpty()) {
                    allowed.add(e);
                } else if (refusal == null) {
                    refusal = why.get();
                }
            }
            if (fresh == null) {
                fresh = new ArrayList<>();
            }
            fresh.add(allowed.isEmpty() ? new Heard(target, refusal) : new Heard(target.withEndpoints(allowed), null));
        }
        if (fresh == null) {
            return;
        }
        List<Heard> undialed = new ArrayList<>();
        List<Peer> queued = new ArrayList<>();
        boolean woken = false;
        lock.lock();
        try {
            if (stopRequested != null) {
                return;
            }
            for (Heard h : fresh) {
                if (h.notDialed() != null) {
                    undialed.add(h);
                } else if (settings.maxPeers() > 0 && dispatched + frontier.queued() >= settings.maxPeers()) {
                    undialed.add(new Heard(h.target(), "not dialed: crawl limit reached"));
                } else {
                    frontier.enqueue(h.target());
                    woken = true;
                    if (journal) {
                        queued.add(heardOf(h.target()));
                    }
                }
            }
            if (woken) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        // Outside the engine's lock: the log calls listeners, which may ask for progress (engine lock, then log).
        // Before this returns, so a peer is in the journal before the observation of the peer that named it.
        if (!queued.isEmpty()) {
            log.queued(queued);
        }
        for (Heard h : undialed) {
            if (h.target().source() == null) {
                // a seed the user gave: say why it is not dialed, and what would allow it
                LOG.warn("seed {} {}{}", h.target().peerID(), h.notDialed(), h.notDialed().contains("allowPrivateAddresses")
                        ? "; allowPrivateAddresses(true) (--allow-private) dials it" : "");
            }
            log.record(discovered(h.target(), h.notDialed()), List.of(), null);
        }
    }

    /** A peer new to the crawl, narrowed to its dialable endpoints, and why it is not dialed (null: to be queued). */
    private record Heard(ProbeTarget target, String notDialed) {
    }

    /** Why the crawl was asked to stop before it began; {@code CLOSED} when it was not. */
    private StopReason requestedStop() {
        lock.lock();
        try {
            return stopRequested == null ? StopReason.CLOSED : stopRequested;
        } finally {
            lock.unlock();
        }
    }

    private boolean stopping() {
        lock.lock();
        try {
            return stopRequested != null;
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        try {
            listener.progress(progress());
        } catch (RuntimeException e) {
            LOG.warn("crawl listener threw; ignored", e);
        }
    }

    private Peer discovered(ProbeTarget target, String why) {
        LOG.trace("{} {}", target.peerID(), why);
        return heardOf(target);
    }

    /** A peer heard of and not dialed (yet): status discovered, its addresses and who named it. */
    private Peer heardOf(ProbeTarget target) {
        return Peer.builder().network(network).peerID(target.peerID()).addresses(target.addresses())
                .status(PeerStatus.DISCOVERED).seenAt(clock.instant()).source(target.source()).build();
    }

    private Peer unreachable(ProbeTarget target, Conversation c, ErrorClass errorClass, String detail) {
        return Peer.builder().network(network).peerID(target.peerID()).addresses(target.addresses())
                .unreachable(errorClass, detail).latencyMs(c.elapsedNanos() / 1_000_000)
                .seenAt(clock.instant()).source(target.source()).build();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, ProbeThreads.daemonFactory("peercensus-watchdog"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /**
     * Stops the timers and interrupts conversation threads. Every conversation is settled by now and its
     * sockets are closed, so threads end by themselves; a prober that ignores interrupts is not waited
     * for beyond a short moment, so it cannot hold the crawl's end hostage.
     */
    private void shutdown(ExecutorService probes, ScheduledExecutorService timers) {
        try {
            prober.close();
        } catch (RuntimeException e) {
            LOG.warn("prober failed to close; ignored", e);
        }
        timers.shutdownNow();
        probes.shutdownNow();
        try {
            if (!probes.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("some conversation threads are still ending after the crawl's end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
