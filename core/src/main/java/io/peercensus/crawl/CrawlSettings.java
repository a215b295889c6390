package io.peercensus.crawl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The network-independent knobs of a crawl.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param concurrency how many conversations run at once
 * @param timeout the bound on each single wait: connecting, and each answer a peer owes
 * @param conversationTimeout the bound on a whole conversation with one peer
 * @param duration the bound on the whole crawl, or {@code null} for none
 * @param maxPeers the most peers to dial, or 0 for no limit
 * @param allowPrivateAddresses whether private, loopback, link-local and other non-public addresses
 *     may be dialed (off by default; simulated networks need it)
 * @param proxy the SOCKS5 proxy for Tor and I2P peers, or {@code null} to record them undialed
 * @param loopbackOnly whether only loopback addresses (127.0.0.0/8, ::1) may be dialed: the safe mode of
 *     tests, simulated networks and demos, which then cannot reach off the machine whatever peers advertise
 */
public record CrawlSettings(
        int concurrency,
        Duration timeout,
        Duration conversationTimeout,
        Duration duration,
        long maxPeers,
        boolean allowPrivateAddresses,
        InetSocketAddress proxy,
        boolean loopbackOnly) {

    /** Default concurrent conversations. */
    public static final int DEFAULT_CONCURRENCY = 1000;
    /** Default bound on each wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default bound on a whole conversation. */
    public static final Duration DEFAULT_CONVERSATION_TIMEOUT = Duration.ofSeconds(20);

    public CrawlSettings {
        if (concurrency < 1 || concurrency > 100_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 100000, got " + concurrency);
        }
        requirePositive("timeout", timeout);
        requirePositive("conversation timeout", conversationTimeout);
        if (duration != null) {
            requirePositive("duration", duration);
        }
        if (maxPeers < 0) {
            throw new IllegalArgumentException("max peers must be 0 (no limit) or more, got " + maxPeers);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The defaults: 1000 at once, 5 s per wait, 20 s per conversation, no limits, public addresses only, no proxy. */
    public static CrawlSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().concurrency(concurrency).timeout(timeout).conversationTimeout(conversationTimeout)
                .duration(duration).maxPeers(maxPeers).allowPrivateAddresses(allowPrivateAddresses).proxy(proxy)
                .loopbackOnly(loopbackOnly);
    }

    /** The settings as names and values, as stored with a crawl. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("concurrency", Integer.toString(concurrency));
        m.put("timeout", timeout.toString());
        m.put("conversationTimeout", conversationTimeout.toString());
        m.put("duration", duration == null ? "none" : duration.toString());
        m.put("maxPeers", maxPeers == 0 ? "none" : Long.toString(maxPeers));
        m.put("allowPrivateAddresses", Boolean.toString(allowPrivateAddresses));
        m.put("proxy", proxy == null ? "none" : proxy.getHostString() + ":" + proxy.getPort());
        m.put("loopbackOnly", Boolean.toString(loopbackOnly));
        return m;
    }

    /** Builds {@link CrawlSettings}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration conversationTimeout = DEFAULT_CONVERSATION_TIMEOUT;
        private Duration duration;
        private long maxPeers;
        private boolean allowPrivateAddresses;
        private InetSocketAddress proxy;
        private boolean loopbackOnly;

        private Builder() {
        }

        /** Sets {@link CrawlSettings#concurrency()}. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Sets {@link CrawlSettings#timeout()}. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets {@link CrawlSettings#conversationTimeout()}. */
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

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException naming the first value out of range
         */
        public CrawlSettings build() {
            return new CrawlSettings(concurrency, timeout, conversationTimeout, duration, maxPeers,
                    allowPrivateAddresses, proxy, loopbackOnly);
        }
    }
}
