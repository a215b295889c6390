package io.peercensus.btc.seed;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.internal.seed.NameLookup;
import io.peercensus.net.Deadline;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Resolves a Bitcoin network's DNS seeds: the A and AAAA records of every name, all queried at once, each address
 * paired with a port. One deadline bounds the whole resolve: a server that never answers costs the timeout and no
 * more, and is reported as {@code no answer within N ms}. Names are absolute (no search list); CNAME chains in an
 * answer are followed; truncated UDP answers are retried over TCP (dnsjava's {@link SimpleResolver} does that).
 *
 * <p>Immutable and thread-safe: each {@link #resolve} uses its own dnsjava resolver.
 */
public final class DnsSeeder {
    private final InetSocketAddress resolver;
    private final Duration timeout;

    /**
     * A seeder.
     *
     * @param resolver the DNS server to ask ({@code host:port}, e.g. a loopback test server), or null for the
     *     system's configured resolvers (dnsjava's {@link ExtendedResolver} default)
     * @param timeout the overall deadline of one {@link #resolve}: all lookups together, not each
     */
    public DnsSeeder(InetSocketAddress resolver, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS seed timeout must be positive, got " + timeout);
        }
        if (resolver != null && resolver.isUnresolved()) {
            throw new IllegalArgumentException("DNS resolver " + resolver.getHostString()
                    + " must be an IP address, not a name to look up");
        }
        this.resolver = resolver;
        this.timeout = timeout;
    }

    /** The DNS server asked, or null for the system's resolvers. */
    public InetSocketAddress resolver() {
        return resolver;
    }

    /** The overall deadline of one {@link #resolve}. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The A and AAAA addresses of every name, each paired with {@code defaultPort}: deduplicated, in a stable order
     * (names in the given order, A before AAAA, record order). A name that yields no address is in
     * {@link SeedResult#failures()} with its reason; nothing is thrown for it. Returns by the deadline.
     */
    public SeedResult resolve(List<String> names, int defaultPort) {
        if (defaultPort < 0 || defaultPort > Endpoint.MAX_PORT) {
            throw new IllegalArgumentException("port " + defaultPort + " is out of range 0.." + Endpoint.MAX_PORT);
        }
        Map<String, NameLookup.Outcome> outcomes = lookUp(names);
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Map<String, String> failures = new LinkedHashMap<>();
        outcomes.forEach((name, outcome) -> {
            if (outcome.failure() != null) {
                failures.put(name, outcome.failure());
            }
            outcome.addresses().forEach(address -> endpoints.add(new Endpoint(address, defaultPort)));
        });
        return new SeedResult(new ArrayList<>(endpoints), failures);
    }

    /**
     * The outcome of every distinct name, in the order first given, all looked up in parallel within the
     * deadline. Never blocks past it.
     */
    Map<String, NameLookup.Outcome> lookUp(Collection<String> names) {
        Deadline deadline = Deadline.after(timeout);
        Map<String, NameLookup> lookups = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            Resolver dns = newResolver(deadline.remaining());
            for (String name : names) {
                lookups.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> NameLookup.start(dns, n));
            }
            await(lookups.values(), deadline);
        }
        Map<String, NameLookup.Outcome> outcomes = new LinkedHashMap<>();
        long timeoutMillis = timeout.toMillis();
        lookups.forEach((name, lookup) -> outcomes.put(name, lookup.outcome(timeoutMillis)));
        return outcomes;
    }

    private static void await(Collection<NameLookup> lookups, Deadline deadline) {
        CompletableFuture<?> all = CompletableFuture.allOf(
                lookups.stream().map(NameLookup::completion).toArray(CompletableFuture<?>[]::new));
        try {
            all.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Unanswered queries are reported by NameLookup.outcome; failed ones carry their own reason.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // report what has arrived; the caller sees the flag
        }
    }

    private Resolver newResolver(Duration queryTimeout) {
        Resolver dns = resolver == null ? new ExtendedResolver() : new SimpleResolver(resolver);
        dns.setTimeout(queryTimeout);
        return dns;
    }

    @Override
    public String toString() {
        return "DnsSeeder[" + (resolver == null ? "system resolver" : resolver) + ", " + timeout.toMillis() + " ms]";
    }
}
