package io.peercensus.crawl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The network-independent knobs of a crawl.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param concurrency how many conversations may be dialing and handshaking at once; a conversation past its
 *     handshake, only waiting for answers, holds a socket but no longer a dialing slot (open sockets are bounded
 *     apart, from the process's file-descriptor limit)
 * @param timeout a cap on every wait of every route, or {@code null} for none: each of the network's waits, and
 *     each one set in {@code waits}, is cut to at most this
 * @param waits the waits set for some routes, replacing the network's defaults for them (empty: the defaults,
 *     for Bitcoin {@link WaitPolicy#BITCOIN})
 * @param conversationTimeout the bound on a whole conversation with one peer, or {@code null} to derive it from
 *     the peer's waits ({@link Waits#conversation()})
 * @param duration the bound on the whole crawl, or {@code null} for none
 * @param maxPeers the most peers to dial, or 0 for no limit
 * @param allowPrivateAddresses whether private, loopback, link-local and other non-public addresses
 *     may be dialed (off by default; simulated networks need it)
 * @param proxy the SOCKS5 proxy for Tor and I2P peers, or {@code null} to record them undialed
 * @param loopbackOnly whether only loopback addresses (127.0.0.0/8, ::1) may be dialed: the safe mode of
 *     tests, simulated networks and demos, which then cannot reach off the machine whatever peers advertise
 * @param edges which neighbour edges go to the sinks (default {@link EdgePolicy#REACHABLE})
 */
public record CrawlSettings(
        int concurrency,
        Duration timeout,
        Map<Route, Waits> waits,
        Duration conversationTimeout,
        Duration duration,
        long maxPeers,
        boolean allowPrivateAddresses,
        InetSocketAddress proxy,
        boolean loopbackOnly,
        EdgePolicy edges) {

    /** Default concurrent conversations. */
    public static final int DEFAULT_CONCURRENCY = 1000;

    /** Settings with the default edge policy, {@link EdgePolicy#REACHABLE}. */
    public CrawlSettings(int concurrency, Duration timeout, Map<Route, Waits> waits, Duration conversationTimeout,
            Duration duration, long maxPeers, boolean allowPrivateAddresses, InetSocketAddress proxy,
            boolean loopbackOnly) {
        this(concurrency, timeout, waits, conversationTimeout, duration, maxPeers, allowPrivateAddresses, proxy,
                loopbackOnly, EdgePolicy.REACHABLE);
    }

    public CrawlSettings {
        Objects.requireNonNull(edges, "edges");
        if (concurrency < 1 || concurrency > 100_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 100000, got " + concurrency);
        }
        if (timeout != null) {
            requireWithin("timeout", timeout, Waits.MAX);
        }
        EnumMap<Route, Waits> set = new EnumMap<>(Route.class);
        set.putAll(Objects.requireNonNull(waits, "waits"));
        waits = Collections.unmodifiableMap(set);
        if (conversationTimeout != null) {
            requireWithin("conversation timeout", conversationTimeout, MAX_CONVERSATION_TIMEOUT);
            if (timeout != null && conversationTimeout.compareTo(timeout) < 0) {
                throw new IllegalArgumentException("conversation timeout (" + text(conversationTimeout)
                        + ") must be at least the timeout (" + text(timeout) + "): a conversation holds several waits");
            }
        }
        if (duration != null) {
            requireWithin("duration", duration, MAX_DURATION);
        }
        if (maxPeers < 0) {
            throw new IllegalArgumentException("max peers must be 0 (no limit) or more, got " + maxPeers);
        }
    }

    /** The longest conversation timeout: a conversation's four longest waits. */
    public static final Duration MAX_CONVERSATION_TIMEOUT = Waits.MAX.multipliedBy(4);
    /** The longest crawl duration: ten years, far below where time arithmetic would overflow. */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    private static String days(Duration d) {
        long n = d.toDays();
        return n + (n == 1 ? " day" : " days");
    }

    /** The shortest timeout or conversation timeout: below it not even a loopback connect completes reliably. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void requireWithin(String name, Duration d, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        if (!name.equals("duration") && d.compareTo(MIN_TIMEOUT) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_TIMEOUT.toMillis() + " ms, got "
                    + (d.toNanos() < 1_000_000 ? d.toNanos() + " ns" : d.toMillis() + " ms"));
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + days(max) + ", got " + days(d));
        }
    }

    /**
     * The waits of this crawl: the network's {@code defaults} with {@link #waits()} applied, each cut to {@link
     * #timeout()}.
     */
    public WaitPolicy waitPolicy(WaitPolicy defaults) {
        return defaults.with(waits, timeout);
    }

    /** The bound on a whole conversation under {@code waits}: {@link #conversationTimeout()}, or derived from them. */
    public Duration conversationBound(Waits waits) {
        return conversationTimeout != null ? conversationTimeout : waits.conversation();
    }

    /** The defaults: 1000 dialing at once, the network's waits, no limits, public addresses only, no proxy. */
    public static CrawlSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        waits.forEach(b::waits);
        return b.concurrency(concurrency).timeout(timeout).conversationTimeout(conversationTimeout)
                .duration(duration).maxPeers(maxPeers).allowPrivateAddresses(allowPrivateAddresses).proxy(proxy)
                .loopbackOnly(loopbackOnly).edges(edges);
    }

    /** The settings as names and values, as stored with a crawl. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("concurrency", Integer.toString(concurrency));
        m.put("timeout", timeout == null ? "none" : timeout.toString());
        waits.forEach((route, w) -> m.put("waits." + route.label(), w.toString()));
        m.put("conversationTimeout", conversationTimeout == null ? "from the waits" : conversationTimeout.toString());
        m.put("duration", duration == null ? "none" : duration.toString());
        m.put("maxPeers", maxPeers == 0 ? "none" : Long.toString(maxPeers));
        m.put("allowPrivateAddresses", Boolean.toString(allowPrivateAddresses));
        m.put("proxy", proxy == null ? "none" : proxy.getHostString() + ":" + proxy.getPort());
        m.put("loopbackOnly", Boolean.toString(loopbackOnly));
        m.put("edges", edges.label());
        return m;
    }

    /** Builds {@link CrawlSettings}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration timeout;
        private final Map<Route, Waits> waits = new EnumMap<>(Route.class);
        private Duration conversationTimeout;
        private Duration duration;
        private long maxPeers;
        private boolean allowPrivateAddresses;
        private InetSocketAddress proxy;
        private boolean loopbackOnly;
        private EdgePolicy edges = EdgePolicy.REACHABLE;

        private Builder() {
        }

        /** Sets {@link CrawlSettings#concurrency()}. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Sets {@link CrawlSettings#timeout()}; {@code null} for no cap. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets the waits of {@code route} ({@link CrawlSettings#waits()}), replacing the network's defaults. */
        public Builder waits(Route route, Waits waits) {
            this.waits.put(Objects.requireNonNull(route, "route"), Objects.requireNonNull(waits, "waits"));
            return this;
        }

        /** Sets {@link CrawlSettings#conversationTimeout()}; {@code null} to derive it from the waits. */
        public Builder conversationTimeout(Duration conversationTimeout) {
            this.conversationTimeout = conversationTimeout;
            return this;
        }

        /** Sets {@link CrawlSettings#duration()}; {@code null} for none. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Sets {@link CrawlSettings#maxPeers()}; 0 for none. */
        public Builder maxPeers(long maxPeers) {
            this.maxPeers = maxPeers;
            return this;
        }

        /** Sets {@link CrawlSettings#allowPrivateAddresses()}. */
        public Builder allowPrivateAddresses(boolean allow) {
            this.allowPrivateAddresses = allow;
            return this;
        }

        /** Sets {@link CrawlSettings#proxy()}; {@code null} for none. */
        public Builder proxy(InetSocketAddress proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Sets {@link CrawlSettings#loopbackOnly()}. */
        public Builder loopbackOnly(boolean loopbackOnly) {
            this.loopbackOnly = loopbackOnly;
            return this;
        }

        /** Sets {@link CrawlSettings#edges()}. */
        public Builder edges(EdgePolicy edges) {
            this.edges = Objects.requireNonNull(edges, "edges");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException naming the first value out of range
         */
        public CrawlSettings build() {
            return new CrawlSettings(concurrency, timeout, waits, conversationTimeout, duration, maxPeers,
                    allowPrivateAddresses, proxy, loopbackOnly, edges);
        }
    }
}
