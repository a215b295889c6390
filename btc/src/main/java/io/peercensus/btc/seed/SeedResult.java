package io.peercensus.btc.seed;

import io.peercensus.address.Endpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link DnsSeeder} found: the endpoints, deduplicated and in a stable order, and for every name that gave
 * none, why.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoints the endpoints found, in the order of {@link DnsSeeder#resolve}
 * @param failures name (as given) to a one-line reason, in the order the names were given: {@code NXDOMAIN},
 *     {@code SERVFAIL}, {@code REFUSED}, {@code no answer within 2000 ms}, {@code no A or AAAA records}, ...
 */
public record SeedResult(List<Endpoint> endpoints, Map<String, String> failures) {

    /** A result; both collections are copied, keeping their order. */
    public SeedResult {
        endpoints = List.copyOf(endpoints);
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /**
     * The failures as one line: {@code name: reason, name: reason}, or an empty string when there are none.
     */
    public String describeFailures() {
        StringBuilder out = new StringBuilder();
        failures.forEach((name, reason) -> {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(name).append(": ").append(reason);
        });
        return out.toString();
    }
}
