package io.peercensus.dht.internal.crawl;

import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.kad.PrefixTable;
import io.peercensus.dht.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Plans the enumeration of a peer's Kademlia routing table: one FIND_NODE per bucket, for a key crafted to share
 * exactly {@code cpl} leading bits with the peer's Kademlia ID ({@link PrefixTable}), buckets 0 to
 * {@value PrefixTable#MAX_CPL}, several requests at once on separate streams. The walk decides what to ask and
 * absorbs the answers; the conversation sends and reads.
 *
 * <p>A bucket is <em>non-empty</em> when some answer names a peer whose common prefix length with the remote is
 * the bucket's. A bucket already known non-empty is always asked; one not yet known is asked speculatively,
 * and at most {@value #MAX_EMPTY} speculative requests may be in flight or have found their bucket empty.
 * So a walk sends at most (non-empty buckets + {@value #MAX_EMPTY}) requests, in whatever order the answers come.
 * Answers fill a short bucket with peers of deeper buckets before shallower ones; an answer naming a peer
 * shallower than the bucket asked therefore shows that every deeper bucket is empty, and the walk asks none of
 * them. Up to {@value #MAX_IN_FLIGHT} requests are in flight at once.
 *
 * <p>Not thread-safe: one walk per conversation.
 */
final class RoutingTableWalk {
    /** How many buckets may be asked speculatively and found empty. */
    static final int MAX_EMPTY = 3;
    /** How many requests may be in flight at once. */
    static final int MAX_IN_FLIGHT = 8;

    private static final int BUCKETS = PrefixTable.MAX_CPL + 1;

    /** A peer named and its ID's entry in the crawl's {@link PeerIdBook}. */
    record Named(KadPeer peer, PeerIdBook.Entry id) {
    }

    /** A request for bucket {@code cpl} with the crafted {@code key}. */
    record Request(int cpl, boolean speculative, byte[] key) {
    }

    private final byte[] remoteKadId;
    private final int remotePrefix;
    private final byte[] remoteId;
    private final byte[] selfId;
    private final RandomGenerator random;
    private final PeerIdBook book;

    private final boolean[] requested = new boolean[BUCKETS];
    private final boolean[] nonEmpty = new boolean[BUCKETS];
    /** The peers named, by book entry (one per ID the book remembers), else by the ID's bytes. */
    private final Map<Object, Named> peers = new LinkedHashMap<>();
    private int depthLimit = BUCKETS;
    private int empties;
    private int speculativeInFlight;
    private int inFlight;
    private int requests;

    /** A walk of {@code remote}'s table; {@code book} gives the Kademlia IDs of the peers named. */
    RoutingTableWalk(PeerId remote, PeerId self, RandomGenerator random, PeerIdBook book) {
        this.remoteId = remote.toBytes();
        this.remoteKadId = KadKey.kadId(remoteId);
        this.remotePrefix = PeerIdBook.prefix(remoteKadId);
        this.selfId = self.toBytes();
        this.random = random;
        this.book = book;
    }

    /** The next request to send now, counted as in flight; {@code null} when none may go out before an answer. */
    Request next() {
        if (inFlight >= MAX_IN_FLIGHT) {
            return null;
        }
        for (int cpl = 0; cpl < depthLimit; cpl++) {
            if (requested[cpl]) {
                continue;
            }
            boolean speculative = !nonEmpty[cpl];
            if (speculative && empties + speculativeInFlight >= MAX_EMPTY) {
                continue;
            }
            requested[cpl] = true;
            requests++;
            inFlight++;
            if (speculative) {
                speculativeInFlight++;
            }
            return new Request(cpl, speculative, PrefixTable.keyForBucket(remoteKadId, cpl, random));
        }
        return null;
    }

    /** Whether no request is in flight: after {@link #next()} returned {@code null}, the walk is over. */
    boolean idle() {
        return inFlight == 0;
    }

    /** Takes in the answer to {@code request}. */
    void answered(Request request, KadMessage answer) {
        inFlight--;
        if (request.speculative()) {
            speculativeInFlight--;
        }
        int bucket = request.cpl();
        boolean bucketSeen = false;
        boolean shallower = false;
        for (KadPeer peer : answer.closerPeers()) {
            byte[] id = peer.id();
            if (Arrays.equals(id, remoteId) || Arrays.equals(id, selfId)) {
                continue;
            }
            PeerIdBook.Entry entry = book.lookUp(id);
            int cpl = entry.commonPrefixLength(remoteKadId, remotePrefix);
            if (cpl < BUCKETS) {
                nonEmpty[cpl] = true;
            }
            bucketSeen |= cpl == bucket;
            shallower |= cpl < bucket;
            peers.putIfAbsent(entry.remembered() ? entry : ByteBuffer.wrap(id), new Named(peer, entry));
        }
        if (!bucketSeen && request.speculative()) {
            empties++;
        }
        if (shallower) {
            depthLimit = Math.min(depthLimit, bucket + 1);
        }
    }

    /** The distinct peers named so far, in the order first named (neither the remote nor us). */
    List<Named> peers() {
        return List.copyOf(peers.values());
    }

    /** How many FIND_NODE requests were sent. */
    int requests() {
        return requests;
    }
}
