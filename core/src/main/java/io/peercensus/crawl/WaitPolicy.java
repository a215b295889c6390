package io.peercensus.crawl;

import io.peercensus.address.Endpoint;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Waits} of each {@link Route}: a network module gives its defaults ({@link #BITCOIN} for Bitcoin), and
 * a user overrides some of them ({@link CrawlSettings#waits()}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param ip the waits of IPv4 and IPv6 peers
 * @param tor the waits of Tor peers, through the proxy
 * @param i2p the waits of I2P peers, through the proxy
 * @param cjdns the waits of CJDNS peers
 */
public record WaitPolicy(Waits ip, Waits tor, Waits i2p, Waits cjdns) {

    /**
     * Bitcoin's defaults, connect / each message / the whole getaddr answer: IP 3 / 30 / 70 s, Tor 100 / 40 / 90 s,
     * I2P 30 / 80 / 170 s, CJDNS 10 / 30 / 70 s. These are the waits of virtu's p2p-crawler, tuned on the real
     * network for 99.9% coverage (bitnodes uses a 30 s socket timeout, bitcoin-seeder 30 s and 120 s for Tor).
     */
    public static final WaitPolicy BITCOIN = new WaitPolicy(Waits.ofSeconds(3, 30, 70), Waits.ofSeconds(100, 40, 90),
            Waits.ofSeconds(30, 80, 170), Waits.ofSeconds(10, 30, 70));

    public WaitPolicy {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(tor, "tor");
        Objects.requireNonNull(i2p, "i2p");
        Objects.requireNonNull(cjdns, "cjdns");
    }

    /** The same waits for every route. */
    public static WaitPolicy everywhere(Waits waits) {
        return new WaitPolicy(waits, waits, waits, waits);
    }

    /** The waits of {@code route}. */
    public Waits of(Route route) {
        return switch (route) {
            case IP -> ip;
            case TOR -> tor;
            case I2P -> i2p;
            case CJDNS -> cjdns;
        };
    }

    /** The waits of a conversation with the peer at {@code endpoint}. */
    public Waits of(Endpoint endpoint) {
        return of(Route.of(endpoint.address().type()));
    }

    /** This policy with {@code route}'s waits replaced. */
    public WaitPolicy with(Route route, Waits waits) {
        EnumMap<Route, Waits> all = asMap();
        all.put(route, Objects.requireNonNull(waits, "waits"));
        return new WaitPolicy(all.get(Route.IP), all.get(Route.TOR), all.get(Route.I2P), all.get(Route.CJDNS));
    }

    /** This policy with {@code overrides} applied, then every wait cut to {@code cap} ({@code null}: none). */
    public WaitPolicy with(Map<Route, Waits> overrides, Duration cap) {
        WaitPolicy p = this;
        for (Map.Entry<Route, Waits> e : overrides.entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        if (cap != null) {
            p = new WaitPolicy(p.ip.cappedAt(cap), p.tor.cappedAt(cap), p.i2p.cappedAt(cap), p.cjdns.cappedAt(cap));
        }
        return p;
    }

    /** The longest conversation any route allows ({@link Waits#conversation()}). */
    public Duration longestConversation() {
        Duration longest = Duration.ZERO;
        for (Waits w : asMap().values()) {
            Duration d = w.conversation();
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    /** The waits by route name, as stored with a crawl: {@code ip=3s/30s/70s}, ... */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        asMap().forEach((route, waits) -> m.put(route.label(), waits.toString()));
        return m;
    }

    private EnumMap<Route, Waits> asMap() {
        EnumMap<Route, Waits> m = new EnumMap<>(Route.class);
        m.put(Route.IP, ip);
        m.put(Route.TOR, tor);
        m.put(Route.I2P, i2p);
        m.put(Route.CJDNS, cjdns);
        return m;
    }
}
