package io.peercensus.dht.internal.crawl;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.internal.transport.Connection;
import io.peercensus.dht.internal.yamux.YamuxSession;
import io.peercensus.dht.kad.KadClient;
import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.kad.KadMessage;
import io.peercensus.dht.kad.KadPeer;
import io.peercensus.dht.kad.PrefixTable;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Enumerates a peer's Kademlia routing table: one FIND_NODE per bucket, for a key crafted to share exactly
 * {@code cpl} leading bits with the peer's Kademlia ID ({@link PrefixTable}), buckets 0 to
 * {@value PrefixTable#MAX_CPL}, several requests at once on separate streams.
 *
 * <p>A bucket is <em>non-empty</em> when some answer names a peer whose common prefix length with the remote is
 * the bucket's. A bucket already known non-empty is always asked; one not yet known is asked speculatively,
 * and at most {@value #MAX_EMPTY} speculative requests may be in flight or have found their bucket empty.
 * So a walk sends at most (non-empty buckets + {@value #MAX_EMPTY}) requests. Answers fill a short bucket with
 * peers of deeper buckets before shallower ones; an answer naming a peer shallower than the bucket asked
 * therefore shows that every deeper bucket is empty, and the walk asks none of them.
 *
 * <p>Up to {@value #MAX_IN_FLIGHT} requests are in flight at once, each on its own stream ({@link KadClient#send});
 * the walk reads their answers in the order it sent them. The peer answers them in parallel, so by the time
 * one answer is read the next ones have usually arrived, and no thread but the conversation's waits for them.
 * The requests of a round and the half-closes of the streams answered since the last round go out in one
 * write ({@link Connection#batch()}).
 *
 * <p>Not thread-safe: one walk per conversation, run by the conversation's thread.
 */
final class RoutingTableWalk {
    /** How many buckets may be asked speculatively and found empty. */
    static final int MAX_EMPTY = 3;
    /** How many requests may be in flight at once. */
    static final int MAX_IN_FLIGHT = 8;

    private static final int BUCKETS = PrefixTable.MAX_CPL + 1;

    /**
     * What the walk found.
     *
     * @param peers the distinct peers named, in the order first named (neither the remote nor us), with their IDs' book entries
     * @param requests how many FIND_NODE requests were sent
     * @param nonEmptyBuckets how many of buckets 0..15 are known non-empty
     * @param failure the I/O failure that cut the walk short (a request timed out or was reset), or {@code null}
     */
    record Result(List<Named> peers, int requests, int nonEmptyBuckets, IOException failure) {
    }

    /** A peer named and its ID's entry in the crawl's {@link PeerIdBook}. */
    record Named(KadPeer peer, PeerIdBook.Entry id) {
    }

    private final Connection connection;
    private final String protocolId;
    private final byte[] remoteKadId;
    private final byte[] remoteId;
    private final byte[] selfId;
    private final RandomGenerator random;
    private final Deadline deadline;
    private final PeerIdBook book;

    private final boolean[] requested = new boolean[BUCKETS];
    private final boolean[] nonEmpty = new boolean[BUCKETS];
    private final Map<ByteBuffer, Named> peers = new LinkedHashMap<>();
    private int depthLimit = BUCKETS;
    private int empties;
    private int speculativeInFlight;
    private int inFlight;
    private int requests;

    /** A walk of {@code remote}'s table; {@code book} gives the Kademlia IDs of the peers named. */
    RoutingTableWalk(Connection connection, String protocolId, PeerId remote, PeerId self, RandomGenerator random, Deadline deadline,
            PeerIdBook book) {
        this.connection = connection;
        this.protocolId = protocolId;
        this.remoteId = remote.toBytes();
        this.remoteKadId = KadKey.kadId(remoteId);
        this.selfId = self.toBytes();
        this.random = random;
        this.deadline = deadline;
        this.book = book;
    }

    /** A request in flight for bucket {@code cpl}. */
    private record InFlight(int cpl, boolean speculative, KadClient.PendingRequest request) {
    }

    /**
     * Runs the walk. A request that fails with an I/O error (timeout, reset, the connection lost) ends it with
     * what was found so far.
     *
     * @throws ProbeException when an answer breaks the protocol
     * @throws InterruptedException when the conversation's thread is interrupted
     */
    Result run() throws ProbeException, InterruptedException {
        ArrayDeque<InFlight> pending = new ArrayDeque<>();
        List<KadClient.PendingRequest> answered = new ArrayList<>();
        IOException failure = null;
        try {
            while (true) {
                KadMessage answer;
                InFlight oldest;
                try {
                    sendRound(answered, pending);
                    oldest = pending.poll();
                    if (oldest == null) {
                        break;
                    }
                    inFlight--;
                    answer = oldest.request().response();
                    answered.add(oldest.request());
                } catch (IOException e) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("kad: walk interrupted");
                    }
                    failure = e;
                    break;
                }
                if (oldest.speculative()) {
                    speculativeInFlight--;
                }
                absorb(oldest.cpl(), oldest.speculative(), answer);
            }
        } finally {
            pending.forEach(p -> p.request().cancel());
            try {
                sendRound(answered, null);
            } catch (IOException e) {
                // the connection is failing; its close ends the streams anyway
            }
        }
        int known = 0;
        for (boolean b : nonEmpty) {
            known += b ? 1 : 0;
        }
        return new Result(List.copyOf(peers.values()), requests, known, failure);
    }

    /** Half-closes the answered streams and sends the next requests (unless {@code pending} is null), in one write. */
    private void sendRound(List<KadClient.PendingRequest> answered, ArrayDeque<InFlight> pending) throws IOException {
        YamuxSession.Batch round = connection.batch();
        try {
            for (KadClient.PendingRequest request : answered) {
                request.close();
            }
            answered.clear();
            if (pending != null) {
                issue(pending);
            }
        } finally {
            round.close();
        }
    }

    private void issue(ArrayDeque<InFlight> pending) throws IOException {
        for (int cpl = 0; cpl < depthLimit && inFlight < MAX_IN_FLIGHT; cpl++) {
            if (requested[cpl]) {
                continue;
            }
            boolean speculative = !nonEmpty[cpl];
            if (speculative && empties + speculativeInFlight >= MAX_EMPTY) {
                continue;
            }
            requested[cpl] = true;
            requests++;
            byte[] key = PrefixTable.keyForBucket(remoteKadId, cpl, random);
            pending.add(new InFlight(cpl, speculative, KadClient.send(connection, protocolId, KadMessage.findNode(key), deadline)));
            inFlight++;
            if (speculative) {
                speculativeInFlight++;
            }
        }
    }

    private void absorb(int bucket, boolean speculative, KadMessage answer) {
        boolean bucketSeen = false;
        boolean shallower = false;
        for (KadPeer peer : answer.closerPeers()) {
            byte[] id = peer.id();
            if (java.util.Arrays.equals(id, remoteId) || java.util.Arrays.equals(id, selfId)) {
                continue;
            }
            PeerIdBook.Entry entry = book.lookUp(id);
            int cpl = KadKey.commonPrefixLength(entry.kadId(), remoteKadId);
            if (cpl < BUCKETS) {
                nonEmpty[cpl] = true;
            }
            bucketSeen |= cpl == bucket;
            shallower |= cpl < bucket;
            peers.putIfAbsent(ByteBuffer.wrap(id), new Named(peer, entry));
        }
        if (!bucketSeen && speculative) {
            empties++;
        }
        if (shallower) {
            depthLimit = Math.min(depthLimit, bucket + 1);
        }
    }
}
