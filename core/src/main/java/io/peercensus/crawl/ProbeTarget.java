package io.peercensus.crawl;

import io.peercensus.address.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * A peer the crawl may dial: its identity, the addresses to record and the endpoints to dial.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peerID the dedup key and {@code peerID} of its observation (canonical address or libp2p peer ID)
 * @param addresses its multiaddrs, as recorded in observations
 * @param endpoints where it can be dialed (TCP); the crawl removes those the address guard forbids
 *     before a prober sees them
 * @param source the peer ID of the peer that told us of it, {@code null} for seeds
 */
public record ProbeTarget(String peerID, List<String> addresses, List<Endpoint> endpoints, String source) {

    public ProbeTarget {
        Objects.requireNonNull(peerID, "peerID");
        addresses = List.copyOf(addresses);
        endpoints = List.copyOf(endpoints);
    }

    /** The target with only the given endpoints. */
    public ProbeTarget withEndpoints(List<Endpoint> allowed) {
        return new ProbeTarget(peerID, addresses, allowed, source);
    }
}
