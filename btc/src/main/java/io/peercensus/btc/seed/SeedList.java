package io.peercensus.btc.seed;

import io.peercensus.CrawlException;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.BitcoinNetworkParams;
import io.peercensus.btc.internal.seed.NameLookup;
import io.peercensus.btc.internal.seed.SeedSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the user's seeds into endpoints to dial. Address literals ({@code 1.2.3.4:8333}, {@code [2001:db8::1]:8333},
 * {@code 1.2.3.4}, a bare IPv6 address, {@code <name>.onion:8333}) are parsed without DNS; host names
 * ({@code seed.example:8333}, {@code seed.example}) go through a {@link DnsSeeder}, all in one parallel resolve. A
 * missing port is the network's default. With no seeds at all, the network's DNS seeds are used.
 *
 * <p>Thread-safe (stateless).
 */
public final class SeedList {
    private static final Logger LOG = LoggerFactory.getLogger(SeedList.class);
    private static final String HOW_TO_SEED = "give peers with --seed host:port (or CrawlerBuilder.seed)";

    private SeedList() {
    }

    /**
     * The endpoints of {@code seeds}, deduplicated, in the order given (a name's addresses in
     * {@link DnsSeeder#resolve} order). Names that fail while others resolve are logged and skipped.
     *
     * @param seeds the user's seeds; empty means the network's DNS seeds ({@link BitcoinNetworkParams#dnsSeeds()})
     * @throws CrawlException with one line for the user when a seed is malformed, or when nothing resolves: it names
     *     every name that failed and why, and says how to give seeds
     */
    public static List<Endpoint> resolve(List<String> seeds, BitcoinNetworkParams params, DnsSeeder seeder)
            throws CrawlException {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(seeder, "seeder");
        List<SeedSpec> specs = new ArrayList<>();
        if (seeds.isEmpty()) {
            if (params.dnsSeeds().isEmpty()) {
                throw new CrawlException("no seed: " + params.network() + " has no DNS seeds; " + HOW_TO_SEED);
            }
            params.dnsSeeds().forEach(name -> specs.add(new SeedSpec(null, name, params.defaultPort())));
        } else {
            for (String seed : seeds) {
                try {
                    specs.add(SeedSpec.parse(seed, params.defaultPort()));
                } catch (IllegalArgumentException e) {
                    throw new CrawlException(e.getMessage() + "; " + HOW_TO_SEED, e);
                }
            }
        }
        List<String> names = specs.stream().filter(SeedSpec::isName).map(SeedSpec::host).toList();
        Map<String, NameLookup.Outcome> outcomes = names.isEmpty() ? Map.of() : seeder.lookUp(names);

        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (SeedSpec spec : specs) {
            if (!spec.isName()) {
                endpoints.add(spec.endpoint());
                continue;
            }
            NameLookup.Outcome outcome = outcomes.get(spec.host());
            if (outcome.failure() != null) {
                failures.put(spec.host(), outcome.failure());
            }
            outcome.addresses().forEach(address -> endpoints.add(new Endpoint(address, spec.port())));
        }
        SeedResult result = new SeedResult(new ArrayList<>(endpoints), failures);
        if (result.endpoints().isEmpty()) {
            throw new CrawlException("no seed resolved: " + result.describeFailures() + "; " + HOW_TO_SEED
                    + " or a reachable DNS resolver with --resolver host:port");
        }
        if (!failures.isEmpty()) {
            LOG.warn("some DNS seeds did not resolve (using the {} endpoints of the others): {}",
                    result.endpoints().size(), result.describeFailures());
        }
        return result.endpoints();
    }
}
