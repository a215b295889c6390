package io.peercensus.testkit.internal.btc;

import io.peercensus.address.AddressType;
import io.peercensus.address.Endpoint;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.NetworkId;
import io.peercensus.testkit.AnnouncedVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Every address a simulated network can announce (its nodes, then its Tor/I2P/CJDNS addresses) with the
 * {@code addr} and {@code addrv2} entries that announce them, made once so answers are lists of shared entries.
 *
 * <p>Immutable after construction and thread-safe.
 */
final class Population {

    private static final int THREE_DAYS = 3 * 24 * 3600;

    private final Endpoint[] endpoints;
    private final AddrEntry[] v1;
    private final AddrV2Entry[] v2;

    /**
     * @param nodeEndpoints where each node listens (or, for dead nodes, is announced)
     * @param versions each node's version fields, or {@code null}
     * @param nonIp the Tor/I2P/CJDNS addresses
     * @param now the current time, seconds since the epoch: entries were "last seen" up to three days before
     * @param seed the network's seed, to vary last-seen times deterministically
     */
    Population(Endpoint[] nodeEndpoints, AnnouncedVersion[] versions, Endpoint[] nonIp, long now, long seed) {
        int n = nodeEndpoints.length + nonIp.length;
        this.endpoints = new Endpoint[n];
        this.v1 = new AddrEntry[n];
        this.v2 = new AddrV2Entry[n];
        for (int i = 0; i < n; i++) {
            Endpoint e = i < nodeEndpoints.length ? nodeEndpoints[i] : nonIp[i - nodeEndpoints.length];
            long services = i < versions.length && versions[i] != null ? versions[i].services() : VersionProfiles.FULL;
            long time = now - Math.floorMod(mix(seed, i), THREE_DAYS);
            endpoints[i] = e;
            v2[i] = v2Entry(e, services, time);
            v1[i] = fitsV1(e) ? v1Entry(e, services, time) : null;
        }
    }

    /** The endpoint of population index {@code i}. */
    Endpoint endpoint(int i) {
        return endpoints[i];
    }

    /** The {@code addrv2} message announcing {@code indices} in order. */
    AddrV2Message addrV2(int[] indices) {
        List<AddrV2Entry> entries = new ArrayList<>(indices.length);
        for (int i : indices) {
            entries.add(v2[i]);
        }
        return new AddrV2Message(entries);
    }

    /** The {@code addr} message announcing the IPv4 and IPv6 addresses among {@code indices}, in order. */
    AddrMessage addr(int[] indices) {
        List<AddrEntry> entries = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (v1[i] != null) {
                entries.add(v1[i]);
            }
        }
        return new AddrMessage(entries);
    }

    static boolean fitsV1(Endpoint e) {
        AddressType t = e.address().type();
        return t == AddressType.IPV4 || t == AddressType.IPV6;
    }

    static AddrV2Entry v2Entry(Endpoint e, long services, long time) {
        return new AddrV2Entry(time, services, new NetworkId(e.address().type().bip155NetworkId()),
                e.address().bytes(), e.port());
    }

    static AddrEntry v1Entry(Endpoint e, long services, long time) {
        return new AddrEntry(time, NetAddr.of(e.address().toInetAddress(), e.port(), services));
    }

    private static int mix(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }
}
