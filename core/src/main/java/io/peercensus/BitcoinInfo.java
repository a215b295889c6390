package io.peercensus;

import java.util.List;
import java.util.Objects;

/**
 * What a Bitcoin peer said about itself in its {@code version} message: the {@code bitcoin} object of an
 * observation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the protocol version the peer announced
 * @param services the raw service bits (an unsigned 64-bit value held in a {@code long})
 * @param serviceFlags the names of the known service bits that are set ({@code NODE_NETWORK}, ...);
 *     unknown bits appear as {@code BIT_<n>}
 * @param startHeight the best block height the peer announced
 * @param relay the relay flag (BIP37), or {@code null} when an old peer left it out
 * @param nonce the peer's random version nonce (unsigned 64-bit in a {@code long})
 * @param addrCount how many addresses the peer returned to {@code getaddr}
 * @param userAgentRaw the user agent's raw bytes in hex, only when they were not valid UTF-8, else {@code null}
 */
public record BitcoinInfo(
        int version,
        long services,
        List<String> serviceFlags,
        int startHeight,
        Boolean relay,
        long nonce,
        int addrCount,
        String userAgentRaw) {

    public BitcoinInfo {
        serviceFlags = List.copyOf(Objects.requireNonNull(serviceFlags, "serviceFlags"));
    }
}
